/**
 * Ad-hoc read queries against what a service stored, for checks the API does not expose (e.g. every reading
 * row of some sensors): the external stack's PostgreSQL, or (service stopped first: PGlite holds its folder)
 * the embedded stack's data folder. stored-readings.ts reads the key-space readings through it.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import pg from 'pg';

export interface DirectDb {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function openExternalDb(databaseUrl: string): Promise<DirectDb> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  return {
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as R[];
    },
    close: () => client.end().catch(() => {}),
  };
}

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

/** Opens, runs fn, closes. */
export async function withDb<T>(open: Promise<DirectDb>, fn: (db: DirectDb) => Promise<T>): Promise<T> {
  const db = await open;
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
