/**
 * Jobs a real TimescaleDB runs with background workers, and plain PostgreSQL needs anyway, run by the
 * service on a timer: the embedded engine has no background workers (ENVIRONMENT.md).
 */
import type pg from 'pg';
import type { Dialect } from './dialect.js';

const PARTITIONED_TABLES = ['readings', 'incident_events'] as const;

function monthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1));
}

export interface PartitionResult {
  created: string[];
  /** Partitions that could not be created, with the database's reason. */
  failed: { name: string; reason: string }[];
}

/**
 * Monthly partitions from last month to two months ahead; rows outside land in the default partition.
 * One month that cannot be created does not stop the others.
 */
export async function ensurePartitions(pool: pg.Pool, now: Date): Promise<PartitionResult> {
  const created: string[] = [];
  const failed: PartitionResult['failed'] = [];
  for (let offset = -1; offset <= 2; offset++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + offset);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    const suffix = `${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
    for (const table of PARTITIONED_TABLES) {
      const name = `${table}_${suffix}`;
      const { rows } = await pool.query('select 1 from pg_class where relname = $1', [name]);
      if (rows.length > 0) continue;
      try {
        await pool.query(
          `create table ${name} partition of ${table} for values from ('${from.toISOString()}') to ('${to.toISOString()}')`,
        );
        created.push(name);
      } catch (err) {
        // NOTE: fails when the default partition already holds rows of that month; they stay queryable
        // there, so this is reported to the caller and not fatal.
        failed.push({ name, reason: (err as Error).message });
      }
    }
  }
  return { created, failed };
}

/**
 * Materialises the continuous aggregate over [from, to) (null = unbounded). TimescaleDB recomputes only
 * buckets that were never materialised or were invalidated by rows written since, so the whole range costs
 * little once it has been done.
 */
export async function refreshRollup(pool: pg.Pool, from: Date | null, to: Date | null): Promise<void> {
  await pool.query(`call refresh_continuous_aggregate('readings_1m', $1::timestamptz, $2::timestamptz)`, [
    from?.toISOString() ?? null,
    to?.toISOString() ?? null,
  ]);
}

export interface MaintenanceJob {
  /**
   * Readings between these times were committed. NOTE: real-time aggregation answers from raw rows only
   * after the last materialised bucket; a late reading (a device catching up, a historical import) lands in
   * a materialised bucket and shows in `readings_1m` only once that bucket is refreshed again. Such readings
   * schedule a refresh of just their window within LATE_REFRESH_MS.
   */
  readingsCommitted(oldest: number, newest: number): void;
  stop(): void;
}

/** How soon a late reading is in the 1-minute rollup. */
const LATE_REFRESH_MS = 2_000;
const MINUTE_MS = 60_000;

/** Runs the jobs once (awaited, so partitions exist before ingest starts), then every intervalMs. */
export async function startMaintenance(
  pool: pg.Pool,
  dialect: Dialect,
  log: { warn(obj: unknown, msg: string): void },
  intervalMs = 60_000,
): Promise<MaintenanceJob> {
  // Readings older than this may fall in materialised buckets.
  let refreshedBefore = 0;
  let late: { oldest: number; newest: number } | null = null;
  let lateTimer: NodeJS.Timeout | null = null;

  const run = async () => {
    try {
      if (dialect === 'postgres') {
        const { failed } = await ensurePartitions(pool, new Date());
        if (failed.length > 0)
          log.warn({ failed }, 'some partitions could not be created; rows stay in the default partition');
      } else {
        // NOTE: only whole minutes that are at least a minute old: the current minute and the one before,
        // where stragglers still arrive, stay with real-time aggregation (always up to date).
        const until = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
        refreshedBefore = Math.max(refreshedBefore, until);
        await refreshRollup(pool, null, new Date(until));
      }
    } catch (err) {
      log.warn({ err }, 'maintenance job failed; will retry');
    }
  };
  const refreshLate = async () => {
    lateTimer = null;
    const window = late;
    late = null;
    if (!window) return;
    try {
      const from = Math.floor(window.oldest / MINUTE_MS) * MINUTE_MS;
      const to = Math.floor(window.newest / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      await refreshRollup(pool, new Date(from), new Date(to));
    } catch (err) {
      log.warn(
        { err },
        'refreshing the rollup for late readings failed; the next periodic refresh covers them',
      );
    }
  };
  await run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    readingsCommitted(oldest, newest) {
      if (dialect !== 'timescale' || oldest >= refreshedBefore) return;
      const until = Math.min(newest, refreshedBefore);
      late = late
        ? { oldest: Math.min(late.oldest, oldest), newest: Math.max(late.newest, until) }
        : { oldest, newest: until };
      if (!lateTimer) {
        lateTimer = setTimeout(() => void refreshLate(), LATE_REFRESH_MS);
        lateTimer.unref();
      }
    },
    stop: () => {
      clearInterval(timer);
      if (lateTimer) clearTimeout(lateTimer);
    },
  };
}
