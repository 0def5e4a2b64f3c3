/**
 * Ad-hoc read queries against what a service stored, for checks the API does not expose (e.g. every reading
 * row of some sensors): the external stack's PostgreSQL (`openExternalDb` from @twin/test-kit), or (service
 * stopped first: PGlite holds its folder) the embedded stack's data folder, opened here because its layout
 * (`DATA_DIR/pg`, TimescaleDB loaded per session) is the ingest's own. stored-readings.ts reads the
 * key-space readings through it.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import type { DirectDb } from '@twin/test-kit';

/** The embedded service must be stopped. NOTE: TimescaleDB's library must be loaded in the session. */
export async function openEmbeddedDb(dataDir: string): Promise<DirectDb> {
  const db = await PGlite.create({ dataDir: join(dataDir, 'pg'), extensions: { timescaledb } });
  await db.exec(`load 'timescaledb'`);
  return {
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await db.query<R>(sql, params)).rows;
    },
    close: () => db.close(),
  };
}
