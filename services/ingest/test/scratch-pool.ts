/**
 * A pool on a database of the test's own: a scratch database on the target's PostgreSQL, or an embedded
 * engine in a temporary folder. For tests that drive the storage layer directly, without a whole stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '@twin/test-kit';
import type pg from 'pg';
import { createPool } from '../src/db/pool.js';
import { startEmbeddedDatabase } from '../src/embedded/embedded-database.js';

export interface ScratchPool {
  pool: pg.Pool;
  /** Ends the pool, then drops the database or stops the engine and removes its folder. */
  cleanup(): Promise<void>;
}

export async function openScratchPool(
  databaseUrl: string | null | undefined,
  label: string,
): Promise<ScratchPool> {
  if (databaseUrl) {
    const scratch = await createScratchDatabase(databaseUrl);
    const pool = createPool(scratch.url, false);
    return {
      pool,
      async cleanup() {
        await pool.end();
        await scratch.drop();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), `twin-${label}-`));
  const db = await startEmbeddedDatabase(dir);
  const pool = createPool(db.url, true);
  return {
    pool,
    async cleanup() {
      await pool.end();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
