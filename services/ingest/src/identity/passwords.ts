/**
 * Password hashes: scrypt (node:crypto) with a per-password random salt; the parameters are stored with the
 * hash (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without invalidating old hashes.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** N = 2^15, r = 8: 32 MiB and about 50–100 ms per hash, OWASP's scrypt recommendation. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Stored hashes may carry parameters up to this cost; a forged hash cannot make a verify run forever. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyBytes: number): Promise<Buffer> {
  // NOTE: scrypt needs 128·N·r bytes; Node refuses above maxmem (32 MiB by default, exactly N = 2^15).
  const maxmem = 256 * (options.N ?? PARAMS.N) * (options.r ?? PARAMS.r);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, { ...options, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS, KEY_BYTES);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > MAX_N || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length < 16) return false;
  const key = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, verified when the user is unknown: a sign-in with an unknown name costs the
 * same time as one with a wrong password, so the time does not tell which names exist.
 */
let unknownUserHash: Promise<string> | null = null;
export async function verifyAgainstNobody(password: string): Promise<false> {
  unknownUserHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(password, await unknownUserHash);
  return false;
}
