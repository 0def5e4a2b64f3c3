/**
 * Secrets handed to browsers and machines (session cookies, API tokens, kiosk links) and how they are kept:
 * 32 random bytes, stored only as their sha256. The prefix says what a leaked string is (and lets secret
 * scanners find it); it is part of the secret, not a separate field.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'session' | 'token' | 'kiosk';
const PREFIX: Record<SecretKind, string> = { session: 'twins_', token: 'twint_', kiosk: 'twink_' };

export function newSecret(kind: SecretKind): string {
  return `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

/** What the database keeps of a secret (hex sha256): enough to recognise it, useless to sign in with. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Constant-time equality of two secrets whatever their lengths: both sides are hashed to 32 bytes first.
 * NOTE: stored secrets are looked up by their hash in an index instead; a timing difference there reveals at
 * most a prefix of a sha256, which says nothing about the secret.
 */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
