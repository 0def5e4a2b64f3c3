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
    connectionTimeoutMillis: embedded ? 60_000 : 10_000,
  });
  // NOTE: an idle client losing its server (database restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The next query reconnects.
  pool.on('error', () => {});
  // NOTE: no JIT compilation. The planner compiles a query to machine code when its estimated cost is high,
  // and a lateral query over thousands of series (the replay's readings, db/replay-readings.ts) is estimated
  // in the millions while it runs in ~100 ms: the compilation alone took 1.2–3.3 s per request, every request
  // (docs/benchmarks.md, 2026-12-02). The service's queries are short; none gains what compiling costs. Sent
  // on each new connection, queued before its first query; the embedded engine has no JIT and accepts it.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => {});
  });
  return pool;
}

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface TransactionOptions {
  /** Give up waiting for a connection after this long (the pool may be busy or the server gone). */
  acquireTimeoutMs?: number;
  /** SET LOCAL statement_timeout: the server cancels a statement that runs longer. */
  statementTimeoutMs?: number;
}

/** Checks out a client, or rejects after timeoutMs; a connection that arrives too late goes straight back. */
export async function connect(pool: pg.Pool, timeoutMs?: number): Promise<pg.PoolClient> {
  if (timeoutMs === undefined) return pool.connect();
  let timedOut = false;
  const pending = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(
            Object.assign(new Error(`no database connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
          );
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (timedOut)
      pending.then(
        (client) => client.release(),
        () => {},
      );
  }
}

/**
 * Runs fn with a checked-out client and gives it back.
 *
 * NOTE: a checked-out client whose connection drops emits 'error'; with no listener Node kills the process
 * ("Unhandled 'error' event: Connection terminated unexpectedly"). The listener here turns it into the
 * failure of the running query, and a broken client is destroyed instead of going back to the pool.
 */
export async function withClient<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  acquireTimeoutMs?: number,
): Promise<T> {
  const client = await connect(pool, acquireTimeoutMs);
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    if (isConnectionLevel(err)) broken ??= err as Error;
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken ?? false);
  }
}

/** Runs fn inside BEGIN/COMMIT on one client, rolling back on any error. */
export function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withClient(
    pool,
    async (client) => {
      await client.query('BEGIN');
      try {
        if (options.statementTimeoutMs !== undefined)
          await client.query(
            `set local statement_timeout = ${Math.max(1, Math.round(options.statementTimeoutMs))}`,
          );
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    options.acquireTimeoutMs,
  );
}

/**
 * BEGIN/COMMIT on one connection, whichever the caller holds: a pool checks one out (a pool would spread the
 * statements over several), a client (the maintenance leader's own) runs them itself.
 */
export async function inTransaction<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  if (db instanceof pg.Pool) return withTransaction(db, fn);
  await db.query('begin');
  try {
    const result = await fn(db);
    await db.query('commit');
    return result;
  } catch (err) {
    await db.query('rollback').catch(() => {});
    throw err;
  }
}

function isConnectionLevel(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(08|57P)/.test(code)) return true;
  return /Connection terminated|connection error|ECONNRESET|EPIPE|not queryable/i.test(
    String((err as Error | null)?.message),
  );
}
