/**
 * Password hashing for MQTT credentials: scrypt from node:crypto, in a self-describing format
 * `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>` so that costs can be raised later without breaking the
 * hashes already stored (verification reads the parameters from the hash).
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export const SCRYPT_N = 16384;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Stored hashes may not ask for more memory than this (a hostile or corrupt row must not exhaust RAM). */
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function deriveKey(secret: string | Uint8Array, salt: Buffer, keyBytes: number, opts: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) => {
    // NOTE: the async form runs in libuv's thread pool: ~50 ms of CPU per call, the event loop stays free.
    scrypt(secret, salt, keyBytes, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function options(N: number, r: number, p: number): ScryptOptions {
  // OpenSSL needs 128·r·(N + 2 + p) bytes; Node's default cap (32 MiB) would refuse larger future costs.
  return { N, r, p, maxmem: 128 * r * (N + 2 + p) + 1024 * 1024 };
}

export async function hashSecret(secret: string | Uint8Array): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(secret, salt, KEY_BYTES, options(SCRYPT_N, SCRYPT_R, SCRYPT_P));
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(hash: string): ParsedHash | null {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, nText, rText, pText, saltText, keyText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (![nText, rText, pText].every((t) => /^[1-9]\d{0,7}$/.test(t))) return null;
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  // N must be a power of two > 1; bound the work a stored hash can demand.
  if (N < 2 || (N & (N - 1)) !== 0 || r > 64 || p > 16 || 128 * r * (N + 2 + p) > MAX_SCRYPT_MEMORY)
    return null;
  if (!BASE64.test(saltText) || !BASE64.test(keyText)) return null;
  const salt = Buffer.from(saltText, 'base64');
  const key = Buffer.from(keyText, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { N, r, p, salt, key };
}

/** True when `secret` matches `hash`. A malformed hash is simply "no match", never an exception. */
export async function verifySecret(secret: string | Uint8Array, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  const key = await deriveKey(secret, parsed.salt, parsed.key.length, options(parsed.N, parsed.r, parsed.p));
  return timingSafeEqual(key, parsed.key);
}

/** A new random password: 32 random bytes, base64url (43 characters, no padding). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
