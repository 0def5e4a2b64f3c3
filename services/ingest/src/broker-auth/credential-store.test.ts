/** Validation and the verification cache, over a fake database (the SQL itself runs in the integration test). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../db/pool.js';
import { CredentialInputError, CredentialStore, normalizeCredential } from './credential-store.js';
import { hashSecret, verifySecret } from './secrets.js';

vi.mock('./secrets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./secrets.js')>();
  return { ...real, verifySecret: vi.fn(real.verifySecret) };
});

describe('normalizeCredential', () => {
  it('fills in the default username per kind', () => {
    expect(normalizeCredential({ kind: 'sensor', scope: 'aq-1' })).toEqual({
      username: 'sensor:aq-1',
      kind: 'sensor',
      scope: 'aq-1',
      description: '',
    });
    expect(normalizeCredential({ kind: 'gateway', scope: 'gw.7' }).username).toBe('gateway:gw.7');
    expect(normalizeCredential({ kind: 'department', scope: 'public-works' }).username).toBe(
      'department:public-works',
    );
    expect(normalizeCredential({ kind: 'integration', username: 'cad@fire' }).scope).toBeNull();
    expect(normalizeCredential({ kind: 'sensor', scope: 'aq-1', username: 'dev-42' }).username).toBe(
      'dev-42',
    );
  });

  const refused: [string, Parameters<typeof normalizeCredential>[0]][] = [
    ['unknown kind', { kind: 'admin' as 'sensor', scope: 'x' }],
    ['sensor without scope', { kind: 'sensor' }],
    ['gateway with empty scope', { kind: 'gateway', scope: '' }],
    ['sensor id with a slash', { kind: 'sensor', scope: 'a/b' }],
    ['sensor id with a wildcard', { kind: 'sensor', scope: '+' }],
    ['sensor id starting with a dot', { kind: 'sensor', scope: '..' }],
    ['sensor id of 129 characters', { kind: 'sensor', scope: 'a'.repeat(129) }],
    ['department in capitals', { kind: 'department', scope: 'Fire' }],
    ['department with a colon', { kind: 'department', scope: 'fire:x' }],
    ['department of 41 characters', { kind: 'department', scope: `f${'i'.repeat(40)}` }],
    ['integration without username', { kind: 'integration' }],
    ['integration with a scope', { kind: 'integration', username: 'feed', scope: 'fire' }],
    ['username with a space', { kind: 'sensor', scope: 'aq-1', username: 'a b' }],
    ['username with a slash', { kind: 'integration', username: 'a/b' }],
    ['username starting with @', { kind: 'integration', username: '@x' }],
    ['default username too long', { kind: 'gateway', scope: 'g'.repeat(128) }],
    ['description too long', { kind: 'sensor', scope: 'aq-1', description: 'x'.repeat(501) }],
  ];
  for (const [name, input] of refused) {
    it(`refuses: ${name}`, () => {
      expect(() => normalizeCredential(input)).toThrow(CredentialInputError);
    });
  }
});

describe('CredentialStore.verify cache', () => {
  let row: { kind: string; scope: string | null; password_hash: string } | null;
  let selects: number;
  const db = {
    async query(sql: string) {
      if (!sql.startsWith('select kind, scope, password_hash')) throw new Error(`unexpected SQL: ${sql}`);
      selects++;
      return { rows: row ? [row] : [] };
    },
  } as unknown as Queryable;
  const scryptCalls = () => vi.mocked(verifySecret).mock.calls.length;

  beforeEach(async () => {
    row = { kind: 'sensor', scope: 'aq-1', password_hash: await hashSecret('pw-1') };
    selects = 0;
    vi.mocked(verifySecret).mockClear();
  });

  it('hashes once per credential and password, then answers from memory (still checking the row)', async () => {
    const store = new CredentialStore(db);
    const expected = { kind: 'sensor', username: 'sensor:aq-1', sensorId: 'aq-1' };
    expect(await store.verify('sensor:aq-1', 'pw-1')).toEqual(expected);
    expect(await store.verify('sensor:aq-1', Buffer.from('pw-1'))).toEqual(expected);
    expect(await store.verify('sensor:aq-1', 'pw-1')).toEqual(expected);
    expect(scryptCalls()).toBe(1);
    expect(selects).toBe(3);
  });

  it('a thousand concurrent connects with one credential cost one scrypt', async () => {
    const store = new CredentialStore(db);
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => store.verify('sensor:aq-1', 'pw-1')),
    );
    expect(results.every((r) => r?.kind === 'sensor')).toBe(true);
    expect(scryptCalls()).toBe(1);
  });

  it('does not cache failures', async () => {
    const store = new CredentialStore(db);
    expect(await store.verify('sensor:aq-1', 'wrong')).toBeNull();
    expect(await store.verify('sensor:aq-1', 'wrong')).toBeNull();
    expect(scryptCalls()).toBe(2);
  });

  it('a password changed or revoked elsewhere stops working at once, cache or not', async () => {
    const store = new CredentialStore(db);
    expect(await store.verify('sensor:aq-1', 'pw-1')).not.toBeNull();
    row = { ...row!, password_hash: await hashSecret('pw-2') }; // rotated by another process
    expect(await store.verify('sensor:aq-1', 'pw-1')).toBeNull();
    expect(await store.verify('sensor:aq-1', 'pw-2')).not.toBeNull();
    row = null; // revoked: the query only returns active rows
    expect(await store.verify('sensor:aq-1', 'pw-2')).toBeNull();
  });

  it('refuses malformed usernames and empty or oversized passwords without a query', async () => {
    const store = new CredentialStore(db);
    expect(await store.verify('a b', 'pw-1')).toBeNull();
    expect(await store.verify('', 'pw-1')).toBeNull();
    expect(await store.verify('sensor:aq-1', '')).toBeNull();
    expect(await store.verify('sensor:aq-1', 'x'.repeat(1025))).toBeNull();
    expect(selects).toBe(0);
    expect(scryptCalls()).toBe(0);
  });

  it('keeps at most maxCachedVerifications entries', async () => {
    const store = new CredentialStore(db, { maxCachedVerifications: 1 });
    const other = await hashSecret('pw-b');
    const rowA = row!;
    const rowB = { kind: 'gateway', scope: 'gw-1', password_hash: other };
    row = rowA;
    await store.verify('sensor:aq-1', 'pw-1');
    row = rowB;
    await store.verify('gateway:gw-1', 'pw-b'); // evicts sensor:aq-1
    row = rowA;
    await store.verify('sensor:aq-1', 'pw-1');
    expect(scryptCalls()).toBe(3);
  });
});
