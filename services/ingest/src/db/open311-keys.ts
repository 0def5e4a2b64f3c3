/**
 * API keys of Open311 integrations (table open311_api_keys, migration 15): created and revoked by an admin,
 * shown once, kept only as their sha256. With OPEN311_API_KEY_REQUIRED a report needs one that stands.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { secretHash } from '../identity/secrets.js';
import type { Queryable } from './pool.js';

const KEY_PREFIX = 'twin311_';

export interface Open311ApiKey {
  id: string;
  label: string;
  createdAt: string;
  createdBy: string;
}

export async function createOpen311ApiKey(
  db: Queryable,
  label: string,
  by: string,
): Promise<Open311ApiKey & { key: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const { rows } = await db.query<{ created_at: Date }>(
    `insert into open311_api_keys (id, label, key_hash, created_by) values ($1, $2, $3, $4) returning created_at`,
    [id, label, secretHash(key), by],
  );
  return { id, label, createdAt: rows[0]!.created_at.toISOString(), createdBy: by, key };
}

export async function listOpen311ApiKeys(db: Queryable): Promise<Open311ApiKey[]> {
  const { rows } = await db.query<{ id: string; label: string; created_at: Date; created_by: string }>(
    'select id, label, created_at, created_by from open311_api_keys where revoked_at is null order by created_at',
  );
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  }));
}

/** Revokes a key; false when there is no standing key with that id. */
export async function revokeOpen311ApiKey(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update open311_api_keys set revoked_at = now() where id = $1 and revoked_at is null',
    [id],
  );
  return rowCount === 1;
}

/** The id of the standing key `key` is, or null (unknown or revoked). */
export async function open311ApiKeyId(db: Queryable, key: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    'select id from open311_api_keys where key_hash = $1 and revoked_at is null',
    [secretHash(key)],
  );
  return rows[0]?.id ?? null;
}
