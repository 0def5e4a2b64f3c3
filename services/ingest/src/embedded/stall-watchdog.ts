/**
 * Defence in depth against the embedded stall (issue 6): notices the embedded database's connection waiting
 * for an answer for a long time while the engine sits idle, says so (log, /readyz), and recovers by dropping
 * that connection.
 *
 * Why this is safe: the engine runs statements synchronously on its own thread, so when its thread answers a
 * status request it is not running anything; a statement of ours outstanding for `timeoutMs` meanwhile can
 * only be a lost message or answer. Dropping the connection fails that statement with a connection error (the
 * pool replaces the connection), and the engine rolls back the transaction it was in. Nothing of it was
 * acknowledged: the batch writer keeps its messages and writes them again, and a transaction that did commit
 * before its answer was lost is written again idempotently (the store ignores what it already holds). A
 * statement that is merely slow keeps the engine's thread busy, so its status does not come back and nothing
 * is dropped: that is only logged.
 */
import type pg from 'pg';
import type { EmbeddedDatabase, EngineStatus } from './embedded-database.js';

export interface StallWatchdogLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface StallWatchdogOptions {
  pool: pg.Pool;
  engine: Pick<EmbeddedDatabase, 'status' | 'dropConnection'>;
  /** A statement outstanding this long, with the engine idle, is a stall. */
  timeoutMs: number;
  log: StallWatchdogLog;
  /** How long the engine's thread may take to answer a status request before it counts as busy. */
  statusTimeoutMs?: number;
}

export interface StallWatchdogState {
  /** A statement has been outstanding for timeoutMs since (epoch ms); null when none. */
  stalledSince: number | null;
  /** Connections dropped to end a stall. */
  recoveries: number;
  /** The last recovery, in words, with its time; null before the first. */
  lastRecovery: { at: number; reason: string } | null;
}

export interface StallWatchdog {
  state(): StallWatchdogState;
  /** One check now (the timer runs them too); resolves when it is done. */
  check(): Promise<void>;
  stop(): void;
}

/**
 * NOTE: pg 8.23's Client keeps the statement it waits on in `_activeQuery` (null between statements; the
 * public `activeQuery` getter is deprecated). A private field, so the pinned version's behaviour is held by
 * test/embedded-stall.int.test.ts: if it were gone, `activeQueryOf` would always say null and the watchdog
 * would see nothing.
 */
function activeQueryOf(client: pg.PoolClient): object | null {
  return ((client as unknown as { _activeQuery?: object | null })._activeQuery ?? null) as object | null;
}

export function startStallWatchdog(options: StallWatchdogOptions): StallWatchdog {
  const { pool, engine, timeoutMs, log } = options;
  const statusTimeoutMs = options.statusTimeoutMs ?? 5_000;
  const clients = new Map<pg.PoolClient, { query: object; since: number } | null>();
  const onConnect = (client: pg.PoolClient) => clients.set(client, null);
  const onRemove = (client: pg.PoolClient) => clients.delete(client);
  pool.on('connect', onConnect);
  pool.on('remove', onRemove);
  const state: StallWatchdogState = { stalledSince: null, recoveries: 0, lastRecovery: null };
  /** The statement already reported as slow (logged once). */
  let reportedBusy: object | null = null;
  let running: Promise<void> | null = null;

  const oldestOutstanding = (now: number) => {
    let oldest: { client: pg.PoolClient; query: object; since: number } | null = null;
    for (const [client, seen] of clients) {
      const query = activeQueryOf(client);
      if (query === null) {
        clients.set(client, null);
        continue;
      }
      const entry = seen?.query === query ? seen : { query, since: now };
      clients.set(client, entry);
      if (!oldest || entry.since < oldest.since) oldest = { client, ...entry };
    }
    return oldest;
  };

  const checkOnce = async () => {
    const now = Date.now();
    const oldest = oldestOutstanding(now);
    if (!oldest || now - oldest.since < timeoutMs) {
      state.stalledSince = null;
      return;
    }
    state.stalledSince ??= oldest.since + timeoutMs;
    const waitedS = Math.round((now - oldest.since) / 1000);
    const status: EngineStatus | null = await engine.status(statusTimeoutMs);
    if (status === null) {
      if (reportedBusy !== oldest.query) {
        reportedBusy = oldest.query;
        log.warn(
          { waitedS },
          `the embedded database has been running one statement for ${waitedS} s (its thread is busy); waiting for it`,
        );
      }
      return;
    }
    // Still the same statement after the status came back? Then the engine is idle and it is lost.
    if (activeQueryOf(oldest.client) !== oldest.query) return;
    const reason = `the embedded database did not answer a statement for ${waitedS} s while idle; its connection was reset`;
    log.error(
      { waitedS, connection: status.connection, queued: status.queued, waiting: pool.waitingCount },
      `${reason} (the statement fails and is retried; nothing acknowledged is lost)`,
    );
    // NOTE: counted before the drop: its client hears of it (the connection ends) before the thread's reply.
    state.recoveries += 1;
    state.lastRecovery = { at: Date.now(), reason };
    state.stalledSince = null;
    await engine.dropConnection(reason);
  };

  const check = () => {
    running ??= checkOnce()
      .catch((err: unknown) => log.error({ err }, 'the embedded database watchdog failed a check'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void check(), Math.max(250, Math.min(5_000, timeoutMs / 4)));
  timer.unref();

  return {
    state: () => ({ ...state }),
    check,
    stop() {
      clearInterval(timer);
      pool.off('connect', onConnect);
      pool.off('remove', onRemove);
    },
  };
}
