/**
 * The first start: with no user at all, an admin named `admin` is created with ADMIN_PASSWORD or a
 * generated password. The caller prints how to sign in once (main.ts); the password is not stored anywhere
 * but in this object, and only when it was generated.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { UsersStore } from './users-store.js';

export const FIRST_ADMIN_USERNAME = 'admin';

export interface FirstAdmin {
  username: string;
  /** The generated password, to print once; null when it came from ADMIN_PASSWORD. */
  generatedPassword: string | null;
}

export async function ensureFirstAdmin(
  users: UsersStore,
  configuredPassword: string | null,
  log: FastifyBaseLogger,
): Promise<FirstAdmin | null> {
  // 24 random bytes: 32 characters of base64url, well past the minimum length.
  const generated = configuredPassword === null ? randomBytes(24).toString('base64url') : null;
  const created = await users.createFirstAdmin(FIRST_ADMIN_USERNAME, configuredPassword ?? generated!);
  if (created === null) {
    if (configuredPassword !== null)
      log.info(
        'ADMIN_PASSWORD is set but users exist: it is only used for the first admin on the first start',
      );
    return null;
  }
  log.info({ username: created.username }, 'first start: created the first admin');
  return { username: created.username, generatedPassword: generated };
}
