import pg from 'pg';

/**
 * One pool per service. The embedded engine accepts a single connection, so it gets max 1 and every
 * query queues in the pool (which is exactly the behaviour we want: no connection errors, just waiting).
 */
export function createPool(connectionString: string, embedded: boolean): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: embedded ? 1 : 10,
    idleTimeoutMillis: embedded ? 0 : 30_000,
    connectionTimeoutMillis: 30_000,
  });
  // NOTE: an idle client losing its server (database restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Runs fn inside BEGIN/COMMIT on one client, rolling back on any error. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
