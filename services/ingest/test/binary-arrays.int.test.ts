/**
 * Binary array parameters (db/binary-arrays.ts) as the real servers read them: the embedded engine and
 * PostgreSQL when DATABASE_URL is set. Every value must come back exactly as it was sent.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { float8Array, textArray } from '../src/db/binary-arrays.js';
import { describeEachTarget } from './harness.js';
import { openScratchPool } from './scratch-pool.js';

describeEachTarget('binary array parameters', (target) => {
  let pool: pg.Pool;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ pool, cleanup } = await openScratchPool(target.databaseUrl, 'binarr'));
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('round-trips float8[] and text[] exactly, through unnest as the writer uses them', async () => {
    const numbers = [0, -0, 1.5, -1e-300, Number.MAX_VALUE, 1764633600123, -42.125];
    const texts = ['s-1', 'débit', 's-1', '', '水位 "quoted" {braces}', 'back\\slash'];
    const { rows } = await pool.query<{ f: number[]; t: string[]; n: number; same: boolean }>(
      `select $1::float8[] as f, $2::text[] as t,
              (select count(*)::int from unnest($1::float8[], $2::text[])) as n,
              array_lower($1::float8[], 1) = 1 as same`,
      [float8Array(numbers), textArray(texts)],
    );
    expect(rows[0]!.f.map(Number)).toEqual(numbers.map((x) => (Object.is(x, -0) ? -0 : x)));
    expect(rows[0]!.t).toEqual(texts);
    expect(rows[0]!.n).toBe(Math.max(numbers.length, texts.length));
    expect(rows[0]!.same).toBe(true);
  });

  it('sends NaN and infinities as numbers, not as text the server must parse', async () => {
    const { rows } = await pool.query<{ s: string[] }>(
      'select array(select x::text from unnest($1::float8[]) as x) as s',
      [float8Array([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])],
    );
    expect(rows[0]!.s).toEqual(['NaN', 'Infinity', '-Infinity']);
  });
});
