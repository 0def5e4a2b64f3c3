/**
 * Jobs a real TimescaleDB runs with background workers, and plain PostgreSQL needs anyway, run by the
 * service on a timer: the embedded engine has no background workers (ENVIRONMENT.md). With several
 * instances on one database only the leader (db/leader.ts) runs them; the embedded engine has one instance,
 * which always leads.
 */
import { hostname } from 'node:os';
import type pg from 'pg';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Dialect } from './dialect.js';
import { createEmbeddedVacuum } from './embedded-vacuum.js';
import { createLeadership, dedicatedConnection, type Leadership, soleLeadership } from './leader.js';
import type { Queryable } from './pool.js';
import {
  compressOldChunks,
  dropOldReadings,
  dropOldRollup,
  trimChangeLog,
  trimDeadLetters,
} from './retention.js';
import { cutoff, cutoffHours, monthsToPartition, refreshFrom } from './retention-plan.js';
import { claimClosedMinutes, rollUp } from './rollup.js';
import { refreshHourlyRollup, rollUpHours } from './rollup-hours.js';

const PARTITIONED_TABLES = ['readings', 'incident_events'] as const;

export interface PartitionResult {
  created: string[];
  /** Partitions that could not be created, with the database's reason. */
  failed: { name: string; reason: string }[];
}

/**
 * Monthly partitions from last month to two months ahead (not for months the readings retention has already
 * dropped); rows outside land in the default partition. One month that cannot be created does not stop the
 * others.
 */
export async function ensurePartitions(
  pool: Queryable,
  now: Date,
  readingsBefore: Date | null = null,
): Promise<PartitionResult> {
  const created: string[] = [];
  const failed: PartitionResult['failed'] = [];
  for (const table of PARTITIONED_TABLES) {
    // Incident history is kept for good; only readings have a retention.
    for (const { suffix, from, to } of monthsToPartition(now, table === 'readings' ? readingsBefore : null)) {
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
export async function refreshRollup(pool: Queryable, from: Date | null, to: Date | null): Promise<void> {
  await pool.query(`call refresh_continuous_aggregate('readings_1m', $1::timestamptz, $2::timestamptz)`, [
    from?.toISOString() ?? null,
    to?.toISOString() ?? null,
  ]);
}

/** How long each kind of data is kept (0 = for good), and when TimescaleDB chunks are compressed (0 = never). */
export interface RetentionSettings {
  readingsRetentionDays: number;
  rollupRetentionDays: number;
  compressAfterHours: number;
  changeLogRetentionHours: number;
  deadLetterRetentionDays: number;
}

export interface MaintenanceOptions extends RetentionSettings {
  /**
   * The embedded engine: one instance and a pool of ONE connection. A dedicated leader connection would
   * starve everything else, and nobody else can share the database: it leads without a lock.
   */
  embedded: boolean;
  /** Where the maintenance gauges are registered (the service's /metrics registry). */
  registry?: Registry;
  /** How often the leader runs its jobs. */
  intervalMs?: number;
  /** How often an instance that does not lead tries to take the lead. */
  leaderRetryMs?: number;
  /** Shown as the leader connection's application_name. */
  instanceName?: string;
}

export interface MaintenanceJob {
  /**
   * Readings between these times were committed; on plain PostgreSQL `lateRollupKeys` of them were marked
   * late for the rollup. NOTE: real-time aggregation answers from raw rows only after the last materialised
   * bucket (TimescaleDB) or the rollup's high-water mark (db/rollup.ts); a late reading (a device catching up,
   * a historical import) lands before it and shows in `readings_1m` only once its bucket is computed again.
   * Such readings schedule that within LATE_REFRESH_MS.
   */
  readingsCommitted(oldest: number, newest: number, lateRollupKeys?: number): void;
  /** Whether this instance runs the jobs now. */
  readonly isLeader: boolean;
  /** Runs the leader's jobs once now if this instance leads (tests, and a start-up round). */
  runJobs(): Promise<JobOutcome[]>;
  stop(): Promise<void>;
}

export interface JobOutcome {
  job: string;
  ok: boolean;
  /** What the job did (rows deleted, chunks dropped, …) or why it failed. */
  detail: unknown;
}

/** How soon a late reading is in the 1-minute rollup. */
const LATE_REFRESH_MS = 2_000;
const MINUTE_MS = 60_000;
const STOP_WAIT_MS = 5_000;

export function createMaintenanceMetrics(registry: Registry) {
  return {
    leader: new Gauge({
      name: 'twin_maintenance_leader',
      help: '1 while this instance runs the maintenance jobs (holds the leader lock), else 0',
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: 'twin_maintenance_last_success_seconds',
      help: 'Unix time of the last successful run of each maintenance job on this instance',
      labelNames: ['job'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'twin_maintenance_failures_total',
      help: 'Maintenance job runs that failed (each is retried at the next round)',
      labelNames: ['job'],
      registers: [registry],
    }),
  };
}

type Job = { name: string; run(db: Queryable, now: number): Promise<unknown> };

/** The leader's jobs for this dialect, engine and these settings, in the order they run. */
function leaderJobs(dialect: Dialect, s: MaintenanceOptions): Job[] {
  const jobs: Job[] = [];
  const readingsBefore = (now: number) => cutoff(now, s.readingsRetentionDays);
  if (dialect === 'postgres') {
    jobs.push({
      name: 'partitions',
      run: async (db, now) => {
        const result = await ensurePartitions(db, new Date(now), readingsBefore(now));
        // Not a failure of the job: the rows stay queryable in the default partition.
        return result;
      },
    });
    jobs.push({
      name: 'rollup',
      // Claims the minutes closed since the last round, then aggregates them (and any late marks).
      run: async (db) => {
        await claimClosedMinutes(db);
        const minutes = await rollUp(db);
        return { ...minutes, hourly: await rollUpHours(db) };
      },
    });
  } else {
    jobs.push({
      name: 'rollup_refresh',
      run: async (db, now) => {
        // NOTE: only whole minutes that are at least a minute old: the current minute and the one before,
        // where stragglers still arrive, stay with real-time aggregation (always up to date). The start stays
        // at the readings cutoff, so aggregates outlive their raw rows (retention-plan.ts, refreshFrom).
        const until = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
        const from = refreshFrom(readingsBefore(now), null);
        await refreshRollup(db, from, new Date(until));
        // The hours after the minutes: refreshing those recorded which hours late readings changed.
        await refreshHourlyRollup(db, from, new Date(until), until);
        return { until: new Date(until) };
      },
    });
    if (s.compressAfterHours > 0)
      jobs.push({
        name: 'compression',
        run: async (db, now) => ({
          compressed: await compressOldChunks(db, cutoffHours(now, s.compressAfterHours)!),
        }),
      });
  }
  // Retention runs after the refresh: what is about to be dropped was materialised in the rollup first.
  if (s.readingsRetentionDays > 0)
    jobs.push({
      name: 'readings_retention',
      run: async (db, now) => ({ dropped: await dropOldReadings(db, dialect, readingsBefore(now)!) }),
    });
  if (s.rollupRetentionDays > 0)
    jobs.push({
      name: 'rollup_retention',
      run: async (db, now) => ({
        deleted: await dropOldRollup(db, dialect, cutoff(now, s.rollupRetentionDays)!),
      }),
    });
  jobs.push({
    name: 'change_log_retention',
    run: async (db, now) => ({
      deleted: await trimChangeLog(db, cutoffHours(now, s.changeLogRetentionHours)!),
    }),
  });
  if (s.deadLetterRetentionDays > 0)
    jobs.push({
      name: 'dead_letter_retention',
      run: async (db, now) => ({
        deleted: await trimDeadLetters(db, cutoff(now, s.deadLetterRetentionDays)!),
      }),
    });
  // Last: after the retention jobs, so the space they freed is reusable at once.
  // The embedded engine has no autovacuum (embedded-vacuum.ts); every server does.
  if (s.embedded) jobs.push({ name: 'vacuum', run: createEmbeddedVacuum() });
  return jobs;
}

/**
 * Starts maintenance: partitions for this instance's own ingest at once, then leader election and the
 * leader's jobs (a first round awaited when this instance leads at start), then every intervalMs.
 */
export async function startMaintenance(
  pool: pg.Pool,
  dialect: Dialect,
  log: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void },
  options: MaintenanceOptions,
): Promise<MaintenanceJob> {
  const intervalMs = options.intervalMs ?? 60_000;
  const retryMs = options.leaderRetryMs ?? 10_000;
  const metrics = createMaintenanceMetrics(options.registry ?? new Registry());
  const readingsBefore = () => cutoff(Date.now(), options.readingsRetentionDays);

  if (dialect === 'postgres') {
    // NOTE: every instance, leader or not, before its ingest starts: rows of a month without its partition
    // would land in the default partition and then block creating it. Idempotent and cheap.
    try {
      const { failed } = await ensurePartitions(pool, new Date(), readingsBefore());
      if (failed.length > 0)
        log.warn({ failed }, 'some partitions could not be created; rows stay in the default partition');
    } catch (err) {
      log.warn({ err }, 'creating partitions failed; the maintenance leader retries');
    }
  }

  const embedded = options.embedded || pool.options.max === 1;
  const jobs = leaderJobs(dialect, options);
  let lastRoundAt = 0;
  let round: Promise<JobOutcome[]> | null = null;
  let stopped = false;
  const leadership: Leadership = embedded
    ? soleLeadership()
    : createLeadership({
        connect: dedicatedConnection(
          pool,
          `twin-maintenance ${options.instanceName ?? `${hostname()} pid ${process.pid}`}`.slice(0, 63),
        ),
        log,
        holdOffMs: 2 * retryMs,
        onChange: (leading) => {
          metrics.leader.set(leading ? 1 : 0);
          // A new leader runs its round at once rather than an interval after its predecessor's.
          if (!leading) lastRoundAt = 0;
        },
      });
  metrics.leader.set(embedded ? 1 : 0);

  const runRound = async (): Promise<JobOutcome[]> => {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      if (stopped) break;
      // The leader's own connection on a shared database (a job cannot outlive the lock); the pool on the
      // embedded engine, whose one connection the writer shares statement by statement.
      const db = leadership.client ?? (embedded ? pool : null);
      if (!db) break;
      try {
        const detail = await job.run(db, Date.now());
        metrics.lastSuccess.set({ job: job.name }, Date.now() / 1000);
        outcomes.push({ job: job.name, ok: true, detail });
        if (job.name === 'partitions' && (detail as PartitionResult).failed.length > 0)
          log.warn(
            { failed: (detail as PartitionResult).failed },
            'some partitions could not be created; rows stay in the default partition',
          );
      } catch (err) {
        // Never fatal: logged, counted, and tried again at the next round.
        metrics.failures.inc({ job: job.name });
        outcomes.push({ job: job.name, ok: false, detail: (err as Error).message });
        log.warn({ err, job: job.name }, 'maintenance job failed; will retry next round');
      }
    }
    return outcomes;
  };
  const runJobs = async (): Promise<JobOutcome[]> => {
    // One round at a time: a slow round (a compression backlog) is not started twice, nor checked on.
    if (round) return round;
    if (stopped || !(await leadership.tryLead())) return [];
    round ??= runRound().finally(() => {
      round = null;
    });
    lastRoundAt = Date.now();
    return round;
  };
  const tick = async () => {
    // While a round runs, the leader is busy on its connection (a check would only queue behind it).
    if (round) return;
    if (!(await leadership.tryLead())) return;
    if (round || Date.now() - lastRoundAt < intervalMs) return;
    await runJobs();
  };

  // Readings older than this may fall in materialised buckets.
  const refreshedBefore = () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  let late: { oldest: number; newest: number } | null = null;
  let lateTimer: NodeJS.Timeout | null = null;
  const refreshLate = async () => {
    lateTimer = null;
    const window = late;
    late = null;
    if (!window) return;
    try {
      // Plain PostgreSQL: the marks say what to recompute; any instance may (db/rollup.ts).
      if (dialect === 'postgres') {
        await rollUp(pool);
        await rollUpHours(pool);
        return;
      }
      const from = refreshFrom(readingsBefore(), new Date(Math.floor(window.oldest / MINUTE_MS) * MINUTE_MS));
      const to = Math.floor(window.newest / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      if (from && from.getTime() >= to) return;
      await refreshRollup(pool, from, new Date(to));
      await refreshHourlyRollup(pool, from, new Date(to), refreshedBefore());
    } catch (err) {
      log.warn(
        { err },
        'refreshing the rollup for late readings failed; the next periodic refresh covers them',
      );
    }
  };

  await tick();
  const timer = setInterval(() => void tick(), Math.min(retryMs, intervalMs));
  timer.unref();
  return {
    // NOTE: the late-readings refresh stays with the instance that wrote them, leader or not: it only
    // refreshes the window of its own late rows, and refreshing a window twice is harmless (idempotent).
    readingsCommitted(oldest, newest, lateRollupKeys = 0) {
      const before = refreshedBefore();
      if (dialect === 'timescale' ? oldest >= before : lateRollupKeys === 0) return;
      const until = Math.min(newest, before);
      late = late
        ? { oldest: Math.min(late.oldest, oldest), newest: Math.max(late.newest, until) }
        : { oldest, newest: until };
      if (!lateTimer) {
        lateTimer = setTimeout(() => void refreshLate(), LATE_REFRESH_MS);
        lateTimer.unref();
      }
    },
    get isLeader() {
      return leadership.isLeader;
    },
    runJobs,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (lateTimer) clearTimeout(lateTimer);
      // The round stops after its current job; a long one (a compression backlog) is not waited for
      // beyond a few seconds: closing the leader's connection ends it, and the next leader resumes it.
      if (round) await Promise.race([round.catch(() => {}), new Promise((r) => setTimeout(r, STOP_WAIT_MS))]);
      await leadership.stop();
      metrics.leader.set(0);
    },
  };
}
