/**
 * The embedded database's stall watchdog (embedded/stall-watchdog.ts) on the real engine and the real `pg`
 * driver: a statement the engine will never answer while idle is ended by resetting the connection (its
 * transaction rolled back, the pool reconnects); a statement that is merely slow is left alone.
 *
 * The never-answered statement is a real protocol exchange, not a mock: Parse/Bind/Execute sent without Sync,
 * so the engine runs it and then waits for the client, while the client waits for ReadyForQuery — the shape
 * of the stall issue 6 was (an answer that never comes, the engine idle).
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, withClient } from '../src/db/pool.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/embedded/embedded-database.js';
import { type StallWatchdog, startStallWatchdog } from '../src/embedded/stall-watchdog.js';

interface Logged {
  level: 'warn' | 'error';
  msg: string;
}

/** A statement sent without Sync: pg's client then waits for a ReadyForQuery that never comes. */
class WithoutSync extends EventEmitter {
  readonly failed: Promise<Error>;
  private fail!: (err: Error) => void;
  constructor(private readonly text: string) {
    super();
    this.failed = new Promise((resolve) => {
      this.fail = resolve;
    });
  }
  submit(connection: {
    parse(q: { text: string }): void;
    bind(q: { values: unknown[] }): void;
    execute(q: { rows: number }): void;
  }) {
    connection.parse({ text: this.text });
    connection.bind({ values: [] });
    connection.execute({ rows: 0 });
  }
  handleError(err: Error) {
    this.fail(err);
  }
  handleReadyForQuery() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleCommandComplete() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
}

describe('embedded database stall watchdog', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let pool: pg.Pool;
  let watchdog: StallWatchdog;
  const logged: Logged[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-stall-'));
    db = await startEmbeddedDatabase(dir);
    pool = createPool(db.url, true);
    watchdog = startStallWatchdog({
      pool,
      engine: db,
      timeoutMs: 1_500,
      statusTimeoutMs: 500,
      log: {
        warn: (_obj, msg) => logged.push({ level: 'warn', msg }),
        error: (_obj, msg) => logged.push({ level: 'error', msg }),
      },
    });
    await pool.query('create table stall_probe (n int)');
  });

  afterAll(async () => {
    watchdog?.stop();
    await pool?.end();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resets the connection of a statement the idle engine never answers; its transaction is rolled back', async () => {
    const stuck = new WithoutSync('insert into stall_probe values (2)');
    const started = Date.now();
    const failure = await withClient(pool, async (client) => {
      await client.query('begin');
      await client.query('insert into stall_probe values (1)');
      (client as unknown as { query(s: WithoutSync): void }).query(stuck);
      const err = await stuck.failed;
      // As the service's code does: a connection-level failure gives the client back broken.
      throw err;
    }).catch((err: Error) => err);

    expect(String(failure)).toMatch(/Connection terminated|connection/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(watchdog.state()).toMatchObject({ recoveries: 1, stalledSince: null });
    expect(watchdog.state().lastRecovery?.reason).toMatch(/did not answer a statement for \d+ s while idle/);
    expect(logged.filter((l) => l.level === 'error')).toHaveLength(1);
    // The pool reconnects; the engine's session is clean: neither insert of the dropped transaction stayed.
    const { rows } = await pool.query<{ n: number; in_tx: boolean }>(
      'select (select count(*)::int from stall_probe) as n, now() <> statement_timestamp() as in_tx',
    );
    expect(rows[0]).toEqual({ n: 0, in_tx: false });
  });

  it('leaves a statement alone while the engine is busy running it, and says so', async () => {
    const before = watchdog.state().recoveries;
    const { rows } = await pool.query<{ done: number }>('select pg_sleep(4), 1 as done');
    expect(rows[0]!.done).toBe(1);
    expect(watchdog.state().recoveries).toBe(before);
    expect(logged.some((l) => l.level === 'warn' && /running one statement for \d+ s/.test(l.msg))).toBe(
      true,
    );
  });
});
