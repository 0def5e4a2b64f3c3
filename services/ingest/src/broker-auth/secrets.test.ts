import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, verifySecret } from './secrets.js';

describe('hashSecret / verifySecret', () => {
  it('writes the self-describing scrypt format with a 16-byte salt and a 32-byte key', async () => {
    const hash = await hashSecret('correct horse');
    const m = /^scrypt\$16384\$8\$1\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(m![2]!, 'base64')).toHaveLength(32);
    expect(hash).not.toContain('correct horse');
  });

  it('verifies the right secret (string or bytes) and refuses others', async () => {
    const hash = await hashSecret('correct horse');
    expect(await verifySecret('correct horse', hash)).toBe(true);
    expect(await verifySecret(Buffer.from('correct horse'), hash)).toBe(true);
    expect(await verifySecret('correct horsE', hash)).toBe(false);
    expect(await verifySecret('correct horse ', hash)).toBe(false);
    expect(await verifySecret('', hash)).toBe(false);
  });

  it('salts: the same secret hashes differently every time', async () => {
    const [a, b] = await Promise.all([hashSecret('same'), hashSecret('same')]);
    expect(a).not.toBe(b);
    expect(await verifySecret('same', a)).toBe(true);
    expect(await verifySecret('same', b)).toBe(true);
  });

  it('reads the cost parameters from the hash (older or newer costs keep working)', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('old secret', salt, 32, { N: 1024, r: 8, p: 2 });
    const hash = `scrypt$1024$8$2$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifySecret('old secret', hash)).toBe(true);
    expect(await verifySecret('other', hash)).toBe(false);
  });

  it('treats malformed or hostile hashes as "no match" without throwing', async () => {
    const good = await hashSecret('s');
    const [, n, r, p, salt, key] = good.split('$');
    const bad = [
      '',
      'plain',
      `bcrypt$${n}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$1$${r}$${p}$${salt}$${key}`,
      `scrypt$0$${r}$${p}$${salt}$${key}`,
      `scrypt$-16384$${r}$${p}$${salt}$${key}`,
      `scrypt$16384.0$${r}$${p}$${salt}$${key}`,
      `scrypt$1048576$8$1$${salt}$${key}`, // 1 GiB of memory: refused before scrypt runs
      `scrypt$${n}$${r}$${p}$not*base64$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      `scrypt$${n}$${r}$${p}$${salt}$${Buffer.alloc(8).toString('base64')}`, // key too short
    ];
    for (const hash of bad) expect(await verifySecret('s', hash), hash).toBe(false);
  });
});

describe('generateSecret', () => {
  it('gives 32 random bytes as base64url', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});
