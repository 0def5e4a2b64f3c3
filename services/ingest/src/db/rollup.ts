/**
 * The 1-minute rollup on plain PostgreSQL, kept off the write path (TimescaleDB has its continuous
 * aggregate instead). Writers only insert raw readings; the maintenance leader rolls up closed minutes in
 * bulk, and `readings_1m` (migration 12) answers from the rollup before its high-water mark and from raw rows
 * after it, so the current minutes are always right.
 *
 * Two watermarks (`rollup_watermarks`):
 * - `claimed`: readings before it belong to the rollup's job. A writer reads it `for share` in its
 *   transaction (db/insert-readings.ts) and marks every (sensor, metric, minute) of its rows older than it in `readings_1m_late`. Moving
 *   the claim is an UPDATE of that row, so it waits for the writers that read the old claim to commit, and
 *   writers that come after see the new one: from then on every reading before the claim is either committed
 *   and visible, or marked.
 * - `rolled`: the rollup holds [.., rolled) (the view reads it there); a step aggregates [rolled, claimed)
 *   from raw rows and moves it. A writer never touches it, so the steps never wait for ingest.
 *
 * Late readings (before the claim) reach the rollup through their marks: a step recomputes each marked
 * (sensor, metric, minute) from its raw rows (all of them: replacing, never adding, so nothing counts twice),
 * within seconds when the writing instance schedules it (db/maintenance.ts). Marks a writer holds locked are
 * skipped (`skip locked`) and taken by the next step once it commits, so a step never waits for a writer and
 * never misses a row. A recomputed minute whose hour the hourly rollup holds marks that hour for it
 * (db/rollup-hours.ts).
 */
import { LOCK_NAMESPACE, ROLLUP_LOCK } from './lock-keys.js';
import type { Queryable } from './pool.js';
import { MARK_LATE_HOURS_SQL } from './rollup-hours.js';
import { inSteps, REPLACE_AGGREGATE } from './rollup-steps.js';

/** For the writer's statement: the claim, read and locked (`for share`) until the writer commits. */
export const CLAIM_CTE = `claim as materialized (
    select until from rollup_watermarks where name = 'claimed' for share)`;

/**
 * Marks the (sensor, metric, minute) of readings older than the claim, in the writer's transaction; returns
 * how many. NOTE: `do update`, not `do nothing`: the update locks a mark that already exists, so a step
 * cannot take it (skip locked) before this writer's rows are committed. Sorted, so two writers lock marks in
 * one order.
 */
export async function markLate(
  client: Queryable,
  rows: { sensorIds: string[]; metrics: string[]; ts: number[] },
): Promise<number> {
  const { rowCount } = await client.query(
    `insert into readings_1m_late (sensor_id, metric, bucket)
     select distinct sensor_id, metric, date_trunc('minute', timestamptz 'epoch' + ms * interval '1 millisecond')
     from unnest($1::text[], $2::text[], $3::float8[]) as u(sensor_id, metric, ms)
     order by 1, 2, 3
     on conflict (sensor_id, metric, bucket) do update set bucket = excluded.bucket`,
    [rows.sensorIds, rows.metrics, rows.ts],
  );
  return rowCount ?? 0;
}

/** Minutes a step aggregates at most: a long backlog (no leader for a while) goes in short transactions. */
const STEP_MINUTES = 10;
/** Marks a step recomputes at most. */
const LATE_KEYS_PER_STEP = 5_000;

/**
 * Claims every minute that closed over a minute ago (by the database's clock, the same for every instance):
 * stragglers of the minute just closed still go the cheap way. Waits for the writers that read the old
 * claim (a transaction each at most). Returns the claim.
 */
export async function claimClosedMinutes(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ until: string }>(
    `update rollup_watermarks set until = greatest(until, date_trunc('minute', now()) - interval '1 minute')
     where name = 'claimed' returning until::text`,
  );
  return rows[0]!.until;
}

export interface RollupOutcome {
  /** Whole minutes aggregated from raw rows. */
  minutes: number;
  /** Late (sensor, metric, minute) recomputed. */
  lateKeys: number;
  /** The high-water mark afterwards. */
  rolledUntil: string | null;
}

/** Rolls up what was claimed and what was marked late, in steps; safe from any instance at any time. */
export async function rollUp(db: Queryable): Promise<RollupOutcome> {
  const outcome: RollupOutcome = { minutes: 0, lateKeys: 0, rolledUntil: null };
  await inSteps(db, (tx) => rollUpStep(tx, outcome));
  return outcome;
}

/** One transaction: some marks, then up to STEP_MINUTES of the claimed range. True when nothing is left. */
async function rollUpStep(tx: Queryable, outcome: RollupOutcome): Promise<boolean> {
  // NOTE: one step at a time across instances: statements after the lock see what the previous step
  // committed, so an aggregate computed from an older snapshot never replaces a newer one.
  await tx.query('select pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, ROLLUP_LOCK]);
  await tx.query("set local work_mem = '64MB'");
  const { rows: late } = await tx.query<{ sensor_id: string; metric: string; bucket: string }>(
    `select sensor_id, metric, bucket::text from readings_1m_late order by sensor_id, metric, bucket
     limit ${LATE_KEYS_PER_STEP} for update skip locked`,
  );
  if (late.length > 0) {
    const keys = [late.map((k) => k.sensor_id), late.map((k) => k.metric), late.map((k) => k.bucket)];
    await tx.query(
      `insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
       select k.bucket, k.sensor_id, k.metric, a.sum, a.count, a.min, a.max
       from unnest($1::text[], $2::text[], $3::timestamptz[]) as k(sensor_id, metric, bucket)
       cross join lateral (
         select sum(r.value) as sum, count(*) as count, min(r.value) as min, max(r.value) as max from readings r
         where r.sensor_id = k.sensor_id and r.metric = k.metric
           and r.ts >= k.bucket and r.ts < k.bucket + interval '1 minute') a
       where a.count > 0
       ${REPLACE_AGGREGATE}`,
      keys,
    );
    // The hours of these minutes the hourly rollup holds already are rolled again (db/rollup-hours.ts).
    await tx.query(MARK_LATE_HOURS_SQL, keys);
    await tx.query(
      `delete from readings_1m_late l using unnest($1::text[], $2::text[], $3::timestamptz[]) as k(sensor_id, metric, bucket)
       where l.sensor_id = k.sensor_id and l.metric = k.metric and l.bucket = k.bucket`,
      keys,
    );
    outcome.lateKeys += late.length;
  }
  const { rows } = await tx.query<{ from: string; to: string | null; rest: boolean }>(
    `select rolled.until::text as from,
            case when rolled.until < claimed.until then
              case when rolled.until = '-infinity' then claimed.until
                   else least(claimed.until, rolled.until + interval '${STEP_MINUTES} minutes') end
            end::text as to
     from rollup_watermarks rolled, rollup_watermarks claimed
     where rolled.name = 'rolled' and claimed.name = 'claimed'`,
  );
  const range = rows[0]!;
  outcome.rolledUntil = range.from;
  if (range.to !== null) {
    // NOTE: constants, not a join with the watermark table: the planner then prunes partitions and uses
    // the BRIN index on ts.
    await tx.query(
      `insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
       select date_trunc('minute', ts), sensor_id, metric, sum(value), count(*), min(value), max(value)
       from readings where ts >= $1::timestamptz and ts < $2::timestamptz
       group by 1, 2, 3
       ${REPLACE_AGGREGATE}`,
      [range.from, range.to],
    );
    const { rows: moved } = await tx.query<{ minutes: number; to: string; done: boolean }>(
      `with moved as (update rollup_watermarks set until = $2::timestamptz where name = 'rolled' returning until)
       select case when $1::timestamptz = '-infinity' then 0
                   else (extract(epoch from $2::timestamptz - $1::timestamptz) / 60)::int end as minutes,
              (select until::text from moved) as to,
              $2::timestamptz >= (select until from rollup_watermarks where name = 'claimed') as done`,
      [range.from, range.to],
    );
    outcome.minutes += moved[0]!.minutes;
    outcome.rolledUntil = moved[0]!.to;
    return late.length < LATE_KEYS_PER_STEP && moved[0]!.done;
  }
  return late.length < LATE_KEYS_PER_STEP;
}
