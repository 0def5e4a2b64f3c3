/**
 * Several instances starting at once against one database: migrations run under an advisory lock, so each
 * version is applied exactly once and nobody fails.
 */
import { createScratchDatabase } from '@twin/test-kit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate } from '../src/db/migrations.js';
import { describeOnPostgres } from './postgres-only.js';

describeOnPostgres('migrations from three instances at once', (adminUrl) => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl);
    for (let i = 0; i < 3; i++) {
      const pool = new pg.Pool({ connectionString: scratch.url, max: 3 });
      // NOTE: dropping the scratch database (with force) can end a connection the pool is still closing; an
      // idle client's error goes to the pool, and a pool with no listener throws it out of the test process.
      pool.on('error', () => {});
      pools.push(pool);
    }
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await scratch?.drop();
  });

  it('all succeed on a fresh database and every version is applied and recorded once', async () => {
    const results = await Promise.allSettled(pools.map((pool) => migrate(pool)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.applied : []));
    const { rows } = await pools[0]!.query<{ version: number; n: number }>(
      'select version, count(*)::int as n from schema_migrations group by version order by version',
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.at(-1)?.version).toBe(LATEST_SCHEMA_VERSION);
    // Each version was applied by exactly one of the three.
    expect([...applied].sort((a, b) => a - b)).toEqual(rows.map((r) => r.version));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.dialect : null))).toEqual([
      'postgres',
      'postgres',
      'postgres',
    ]);
  });

  it('releases the lock: a later run applies nothing and does not wait', async () => {
    const again = await migrate(pools[1]!);
    expect(again.applied).toEqual([]);
    const { rows } = await pools[0]!.query(
      "select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
    );
    expect(rows).toEqual([]);
  });
});
