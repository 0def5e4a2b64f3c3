import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstNobody, verifyPassword } from './passwords.js';
import { newSecret, secretHash, secretsEqual } from './secrets.js';
import { SignInThrottle } from './sign-in-throttle.js';

describe('passwords', () => {
  it('scrypt with a salt of its own each time; the parameters travel with the hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyAgainstNobody('anything at all')).toBe(false);
  });

  it('refuses forged hashes without working on them', async () => {
    for (const forged of [
      '',
      'plain',
      'scrypt$1073741824$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA',
      'scrypt$x$8$1$a$b',
    ])
      expect(await verifyPassword('x', forged)).toBe(false);
  });
});

describe('secrets', () => {
  it('are random, say what they are, and are kept as sha256 only', () => {
    const s = newSecret('kiosk');
    expect(s).toMatch(/^twink_[\w-]{43}$/);
    expect(newSecret('kiosk')).not.toBe(s);
    expect(secretHash(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretsEqual(s, s)).toBe(true);
    expect(secretsEqual(s, `${s}x`)).toBe(false);
  });
});

describe('SignInThrottle', () => {
  it('refuses a name from an address after N failures within the window, until the oldest leaves it', () => {
    const t = new SignInThrottle({ maxFailures: 3, windowMs: 1000 });
    const key = SignInThrottle.key('J.Doe', '10.0.0.1');
    expect(SignInThrottle.key('j.doe', '10.0.0.1')).toBe(key);
    t.fail(key, 0);
    t.fail(key, 100);
    expect(t.retryAfterMs(key, 200)).toBe(0);
    t.fail(key, 200);
    expect(t.retryAfterMs(key, 300)).toBe(700);
    expect(t.retryAfterMs(SignInThrottle.key('j.doe', '10.0.0.2'), 300)).toBe(0);
    expect(t.retryAfterMs(key, 1000)).toBe(0);
    t.fail(key, 1100);
    t.succeed(key);
    expect(t.retryAfterMs(key, 1100)).toBe(0);
  });

  it('forgets the oldest names beyond its bound', () => {
    const t = new SignInThrottle({ maxFailures: 1, windowMs: 1000, maxKeys: 2 });
    for (const name of ['a', 'b', 'c']) t.fail(name, 0);
    expect(t.retryAfterMs('a', 1)).toBe(0);
    expect(t.retryAfterMs('c', 1)).toBe(999);
  });
});
