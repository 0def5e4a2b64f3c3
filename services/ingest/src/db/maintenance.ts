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

/** Materialises the last two hours of the continuous aggregate (older buckets are already refreshed). */
export async function refreshRollup(pool: pg.Pool, now: Date): Promise<void> {
  const from = new Date(now.getTime() - 2 * 3600_000).toISOString();
  await pool.query(`call refresh_continuous_aggregate('readings_1m', $1::timestamptz, null)`, [from]);
}

export interface MaintenanceJob {
  stop(): void;
}

/** Runs the jobs once (awaited, so partitions exist before ingest starts), then every intervalMs. */
export async function startMaintenance(
  pool: pg.Pool,
  dialect: Dialect,
  log: { warn(obj: unknown, msg: string): void },
  intervalMs = 60_000,
): Promise<MaintenanceJob> {
  const run = async () => {
    try {
      if (dialect === 'postgres') {
        const { failed } = await ensurePartitions(pool, new Date());
        if (failed.length > 0)
          log.warn({ failed }, 'some partitions could not be created; rows stay in the default partition');
      } else {
        await refreshRollup(pool, new Date());
      }
    } catch (err) {
      log.warn({ err }, 'maintenance job failed; will retry');
    }
  };
  await run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
