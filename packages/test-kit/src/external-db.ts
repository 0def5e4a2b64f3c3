/**
 * Ad-hoc queries against a PostgreSQL server a test can reach (the external stack's, a private cluster, a
 * scratch database): for checks and fault injections the service's API does not offer.
 */
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

/** Opens, runs fn, closes. */
export async function withDb<T>(open: Promise<DirectDb>, fn: (db: DirectDb) => Promise<T>): Promise<T> {
  const db = await open;
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
