/**
 * The service's pool (db/pool.ts) turns JIT compilation off on every connection: the replay's readings query
 * is estimated far above the planner's JIT threshold and compiling it cost seconds per request
 * (docs/benchmarks.md). On PostgreSQL when DATABASE_URL is set, else on the embedded engine (which has no
 * JIT, and must accept the setting without failing a query).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScratchPool, type ScratchPool } from './scratch-pool.js';

describe('the service pool', () => {
  let scratch: ScratchPool;

  beforeAll(async () => {
    scratch = await openScratchPool(process.env.DATABASE_URL, 'pool-settings');
  }, 120_000);

  afterAll(async () => {
    await scratch?.cleanup();
  });

  it('has JIT off on each connection, new ones included, and answers queries', async () => {
    // Two connections at once on PostgreSQL; the embedded engine has one.
    const n = process.env.DATABASE_URL ? 2 : 1;
    const clients = await Promise.all(Array.from({ length: n }, () => scratch.pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ jit: string }>('show jit');
        expect(rows[0]?.jit).toBe('off');
      }
    } finally {
      for (const client of clients) client.release();
    }
    const { rows } = await scratch.pool.query<{ n: number }>(
      'select count(*)::int as n from generate_series(1, 10)',
    );
    expect(rows[0]?.n).toBe(10);
  });
});
