/**
 * The 1-hour rollup (`readings_1h`, migration 17), which replay reads for windows of a day or more (domain
 * replayBucketMs): an hour of every series is one row instead of sixty 1-minute ones.
 *
 * - TimescaleDB: a continuous aggregate on top of the 1-minute one (hierarchical, checked on the embedded
 *   engine's TimescaleDB 2.23), real-time like it; the maintenance leader refreshes whole closed hours after
 *   the minutes (db/maintenance.ts). Refreshing the minutes records what changed for the hours, so a late
 *   reading re-rolls its hour at the next refresh.
 * - Plain PostgreSQL: `readings_1h_rollup`, rolled by the same leader job from the 1-minute rollup table, under
 *   the same lock and with the same pattern as db/rollup.ts. The hourly rollup holds [.., `rolled_1h`)
 *   (`rollup_watermarks`); a step aggregates the whole hours of [rolled_1h, rolled) from the 1-minute rollup
 *   and moves it. A late reading recomputes its minute (db/rollup.ts), and that step marks the minute's hour
 *   in `readings_1h_late` when the hour was rolled already; the next hourly step recomputes each marked hour
 *   from its sixty minutes (replacing, never adding). The view `readings_1h` reads the rollup before
 *   `rolled_1h` and re-bins `readings_1m` after it, so the current hour is always exact.
 *
 * Hours are UTC hours (date_bin from the epoch, as time_bucket): the same whatever the session's time zone.
 */
import { LOCK_NAMESPACE, ROLLUP_LOCK } from './lock-keys.js';
import type { Queryable } from './pool.js';
import { inSteps, REPLACE_AGGREGATE } from './rollup-steps.js';

/** Hours a step aggregates at most: a long backlog (a first start on a store with months of minutes). */
const STEP_HOURS = 6;
/** Marked hours a step recomputes at most. */
const LATE_HOURS_PER_STEP = 2_000;
const HOUR_MS = 3_600_000;

/**
 * For the 1-minute rollup's late step (db/rollup.ts), in its transaction: marks the hours of these recomputed
 * minutes that the hourly rollup holds already. $1 sensors, $2 metrics, $3 minutes (timestamptz[]).
 */
export const MARK_LATE_HOURS_SQL = `insert into readings_1h_late (sensor_id, metric, bucket)
  select distinct k.sensor_id, k.metric, date_bin('1 hour', k.bucket, timestamptz 'epoch')
  from unnest($1::text[], $2::text[], $3::timestamptz[]) as k(sensor_id, metric, bucket)
  where date_bin('1 hour', k.bucket, timestamptz 'epoch') < (select until from rollup_watermarks where name = 'rolled_1h')
  order by 1, 2, 3
  on conflict do nothing`;

export interface HourlyRollupOutcome {
  /** Whole hours aggregated from the 1-minute rollup. */
  hours: number;
  /** Marked (sensor, metric, hour) recomputed. */
  lateHours: number;
  /** The hourly rollup's high-water mark afterwards. */
  rolledUntil: string | null;
}

/** Plain PostgreSQL: rolls the closed hours and the marked ones up, in steps; safe from any instance. */
export async function rollUpHours(db: Queryable): Promise<HourlyRollupOutcome> {
  const outcome: HourlyRollupOutcome = { hours: 0, lateHours: 0, rolledUntil: null };
  await inSteps(db, (tx) => rollUpHoursStep(tx, outcome));
  return outcome;
}

/** One transaction: some marked hours, then up to STEP_HOURS of closed hours. True when nothing is left. */
async function rollUpHoursStep(tx: Queryable, outcome: HourlyRollupOutcome): Promise<boolean> {
  // NOTE: the 1-minute rollup's lock: a minute recomputed and its hour marked happen in one step of it, so
  // an hour is never aggregated from minutes another step is replacing.
  await tx.query('select pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, ROLLUP_LOCK]);
  await tx.query("set local work_mem = '64MB'");
  const { rows: late } = await tx.query<{ sensor_id: string; metric: string; bucket: string }>(
    `select sensor_id, metric, bucket::text from readings_1h_late order by sensor_id, metric, bucket
     limit ${LATE_HOURS_PER_STEP} for update`,
  );
  if (late.length > 0) {
    const keys = [late.map((k) => k.sensor_id), late.map((k) => k.metric), late.map((k) => k.bucket)];
    await tx.query(
      `insert into readings_1h_rollup (bucket, sensor_id, metric, sum, count, min, max)
       select k.bucket, k.sensor_id, k.metric, a.sum, a.count, a.min, a.max
       from unnest($1::text[], $2::text[], $3::timestamptz[]) as k(sensor_id, metric, bucket)
       cross join lateral (
         select sum(m.sum) as sum, sum(m.count) as count, min(m.min) as min, max(m.max) as max
         from readings_1m_rollup m
         where m.sensor_id = k.sensor_id and m.metric = k.metric
           and m.bucket >= k.bucket and m.bucket < k.bucket + interval '1 hour') a
       where a.count > 0
       ${REPLACE_AGGREGATE}`,
      keys,
    );
    await tx.query(
      `delete from readings_1h_late l using unnest($1::text[], $2::text[], $3::timestamptz[]) as k(sensor_id, metric, bucket)
       where l.sensor_id = k.sensor_id and l.metric = k.metric and l.bucket = k.bucket`,
      keys,
    );
    outcome.lateHours += late.length;
  }
  // The whole hours before the 1-minute rollup's mark that the hourly one does not hold yet.
  // NOTE: both ends on whole hours, whatever the marks say (an hour is never aggregated from part of it).
  const { rows } = await tx.query<{ from: string; to: string | null }>(
    `with marks as (
       select case when h.until = '-infinity' then h.until
                   else date_bin('1 hour', h.until, timestamptz 'epoch') end as hourly,
              date_bin('1 hour', m.until, timestamptz 'epoch') as closed
       from rollup_watermarks h, rollup_watermarks m
       where h.name = 'rolled_1h' and m.name = 'rolled' and m.until > '-infinity')
     select hourly::text as from,
            case when hourly < closed then
              case when hourly = '-infinity' then closed
                   else least(closed, hourly + interval '${STEP_HOURS} hours') end
            end::text as to
     from marks`,
  );
  const range = rows[0];
  outcome.rolledUntil = range?.from ?? outcome.rolledUntil;
  if (range?.to) {
    await tx.query(
      `insert into readings_1h_rollup (bucket, sensor_id, metric, sum, count, min, max)
       select date_bin('1 hour', bucket, timestamptz 'epoch'), sensor_id, metric, sum(sum), sum(count), min(min), max(max)
       from readings_1m_rollup where bucket >= $1::timestamptz and bucket < $2::timestamptz
       group by 1, 2, 3
       ${REPLACE_AGGREGATE}`,
      [range.from, range.to],
    );
    const { rows: moved } = await tx.query<{ hours: number; to: string; done: boolean }>(
      `with moved as (update rollup_watermarks set until = $2::timestamptz where name = 'rolled_1h' returning until)
       select case when $1::timestamptz = '-infinity' then 0
                   else (extract(epoch from $2::timestamptz - $1::timestamptz) / 3600)::int end as hours,
              (select until::text from moved) as to,
              $2::timestamptz >= (select date_bin('1 hour', until, timestamptz 'epoch') from rollup_watermarks
                                  where name = 'rolled') as done`,
      [range.from, range.to],
    );
    outcome.hours += moved[0]!.hours;
    outcome.rolledUntil = moved[0]!.to;
    return late.length < LATE_HOURS_PER_STEP && moved[0]!.done;
  }
  return late.length < LATE_HOURS_PER_STEP;
}

/**
 * TimescaleDB: materialises the hourly aggregate over [from, to) widened to whole hours (null from =
 * unbounded), never past the last hour that closed before `minutesUntil` (the end of the minutes
 * materialised: the hour still open stays with real-time aggregation). NOTE: TimescaleDB refuses a window
 * shorter than one bucket, hence whole hours.
 */
export async function refreshHourlyRollup(
  db: Queryable,
  from: Date | null,
  to: Date,
  minutesUntil: number,
): Promise<void> {
  const end = Math.min(Math.ceil(to.getTime() / HOUR_MS), Math.floor(minutesUntil / HOUR_MS)) * HOUR_MS;
  const start = from === null ? null : Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  if (start !== null && start >= end) return;
  await db.query(`call refresh_continuous_aggregate('readings_1h', $1::timestamptz, $2::timestamptz)`, [
    start === null ? null : new Date(start).toISOString(),
    new Date(end).toISOString(),
  ]);
}
