/**
 * A batch's readings into `readings` and their newest values into `sensor_latest`, answering which rows were
 * already stored. The common case (nothing stored before) takes the cheapest path each engine has; only a
 * batch that meets a duplicate runs the statement that names them.
 *
 * - Plain PostgreSQL: binary COPY (db/copy-readings.ts) under a savepoint, then the latest values with the
 *   rollup's claim (db/rollup.ts) in one statement, then marks for the rows older than the claim (nearly
 *   never any). Measured with psql on 100,000 rows: `insert … on conflict do nothing` ~745 ms, a plain insert
 *   ~440 ms, COPY ~330–410 ms (PostgreSQL 15, this project's 2-core machine).
 * - TimescaleDB (the embedded engine, whose socket has no COPY): a plain insert with the latest values in one
 *   statement under a savepoint, and only when that meets a stored reading, `insert … on conflict do nothing`
 *   naming the duplicates. Measured on the embedded engine, 10,000 readings: ~225 ms against ~345 ms for
 *   `on conflict do nothing returning …`. The continuous aggregate needs nothing from the writer.
 * Arrays go as binary parameters (db/binary-arrays.ts): the engine copies them instead of parsing text.
 */
import type { PoolClient } from 'pg';
import type { PreparedBatch, ReadingColumns } from '../ingest/prepare-batch.js';
import { float8Array, textArray } from './binary-arrays.js';
import { copyReadings } from './copy-readings.js';
import type { Dialect } from './dialect.js';
import { CLAIM_CTE, markLate } from './rollup.js';

/** Epoch ms (an exact integer in float8) as a timestamptz, exactly: ms × 1 ms is computed in microseconds. */
const FROM_EPOCH_MS = (column: string) => `(timestamptz 'epoch' + ${column} * interval '1 millisecond')`;

const INPUT = `input as (
    select sensor_id, metric, ${FROM_EPOCH_MS('ms')} as ts, value, ord
    from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) with ordinality as u(sensor_id, metric, ms, value, ord))`;
const INSERTED = `inserted as (
    insert into readings (sensor_id, metric, ts, value)
    select sensor_id, metric, ts, value from input
    on conflict do nothing
    returning sensor_id, metric, ts)`;
/** The fast path's insert: no conflict handling, nothing returned; a stored reading fails it (unique violation). */
const PLAIN_INSERT = `stored as (
    insert into readings (sensor_id, metric, ts, value)
    select sensor_id, metric, ${FROM_EPOCH_MS('ms')}, value
    from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) as u(sensor_id, metric, ms, value))`;
/** The newest value per (sensor, metric) of the batch, parameters from `first` on. */
const latest = (first: number) => `latest as (
    insert into sensor_latest (sensor_id, metric, ts, value)
    select sensor_id, metric, ${FROM_EPOCH_MS('ms')}, value
    from unnest($${first}::text[], $${first + 1}::text[], $${first + 2}::float8[], $${first + 3}::float8[])
         as u(sensor_id, metric, ms, value)
    on conflict (sensor_id, metric) do update set ts = excluded.ts, value = excluded.value
    where sensor_latest.ts < excluded.ts
    returning 1)`;
/** Which rows (1-based) were already stored: an anti-join that costs a fifth of the statement. */
const DUPLICATES = `select array(
    select i.ord::int from input i
    where not exists (select 1 from inserted n
                      where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as duplicates`;

/** A batch was given a reading that was already stored: PostgreSQL's unique violation. */
const UNIQUE_VIOLATION = '23505';
/** Batches that go straight to the statement that names duplicates after one met a duplicate. */
const SAFE_BATCHES_AFTER_DUPLICATE = 20;

/**
 * Whether the next batch should expect duplicates. They come in bursts (a broker redelivering after a
 * restart, a device resending its buffer): after a batch met one, the next few run the statement that names
 * them at once rather than fail the fast path first.
 */
export class DuplicateOutlook {
  private safeBatchesLeft = 0;

  get expectDuplicates(): boolean {
    return this.safeBatchesLeft > 0;
  }

  observed(duplicates: number): void {
    if (duplicates > 0) this.safeBatchesLeft = SAFE_BATCHES_AFTER_DUPLICATE;
    else if (this.safeBatchesLeft > 0) this.safeBatchesLeft--;
  }
}

export interface ReadingsInserted {
  /** Rows of `batch.readings` (0-based) that were already stored. */
  duplicates: Set<number>;
  /** (sensor, metric, minute) marked late for the plain-PostgreSQL rollup. */
  lateKeys: number;
}

const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;

const columns = (r: ReadingColumns) => [
  textArray(r.sensorIds),
  textArray(r.metrics),
  float8Array(r.ts),
  float8Array(r.values),
];

export function insertReadings(
  client: PoolClient,
  dialect: Dialect,
  batch: PreparedBatch,
  outlook: DuplicateOutlook | undefined,
): Promise<ReadingsInserted> {
  return dialect === 'postgres'
    ? insertPostgres(client, batch, outlook)
    : insertTimescale(client, batch, outlook);
}

/**
 * Runs a fast path that inserts no duplicate handling, under the savepoint `readings` (already set); false,
 * rolled back to the savepoint, when it met a reading already stored. NOTE: the savepoint is not released: it
 * ends with the transaction, one round trip fewer.
 */
async function withoutDuplicates(client: PoolClient, fastPath: () => Promise<unknown>): Promise<boolean> {
  try {
    await fastPath();
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await client.query('rollback to savepoint readings');
    return false;
  }
}

async function insertPostgres(
  client: PoolClient,
  batch: PreparedBatch,
  outlook: DuplicateOutlook | undefined,
): Promise<ReadingsInserted> {
  const r = batch.readings;
  let duplicates = new Set<number>();
  // NOTE: copyReadings sets the savepoint in the COPY's own round trip.
  const copied =
    !outlook?.expectDuplicates &&
    (await withoutDuplicates(client, () => copyReadings(client, r, 'readings')));
  if (!copied) {
    const { rows } = await client.query<{ duplicates: number[] }>(
      `with ${INPUT}, ${INSERTED} ${DUPLICATES}`,
      columns(r),
    );
    duplicates = new Set((rows[0]?.duplicates ?? []).map((ord) => ord - 1));
  }
  outlook?.observed(duplicates.size);
  // NOTE: the claim is read (and held, `for share`) after the rows went in: either order is safe, the lock
  // lasts until the commit (db/rollup.ts).
  const { rows } = await client.query<{ claim_ms: number }>(
    `with ${CLAIM_CTE}, ${latest(1)} select extract(epoch from until)::float8 * 1000 as claim_ms from claim`,
    columns(batch.latest),
  );
  const claimMs = rows[0]?.claim_ms ?? Number.NEGATIVE_INFINITY;
  const late: ReadingColumns = { sensorIds: [], metrics: [], ts: [], values: [] };
  for (let i = 0; i < r.ts.length; i++)
    if (r.ts[i]! < claimMs && !duplicates.has(i)) {
      late.sensorIds.push(r.sensorIds[i]!);
      late.metrics.push(r.metrics[i]!);
      late.ts.push(r.ts[i]!);
    }
  return { duplicates, lateKeys: late.ts.length > 0 ? await markLate(client, late) : 0 };
}

async function insertTimescale(
  client: PoolClient,
  batch: PreparedBatch,
  outlook: DuplicateOutlook | undefined,
): Promise<ReadingsInserted> {
  const params = [...columns(batch.readings), ...columns(batch.latest)];
  if (!outlook?.expectDuplicates) {
    await client.query('savepoint readings');
    const inserted = await withoutDuplicates(client, () =>
      client.query(`with ${PLAIN_INSERT}, ${latest(5)} select 1`, params),
    );
    if (inserted) {
      outlook?.observed(0);
      return { duplicates: new Set(), lateKeys: 0 };
    }
  }
  const { rows } = await client.query<{ duplicates: number[] }>(
    `with ${INPUT}, ${INSERTED}, ${latest(5)} ${DUPLICATES}`,
    params,
  );
  const duplicates = new Set((rows[0]?.duplicates ?? []).map((ord) => ord - 1));
  outlook?.observed(duplicates.size);
  return { duplicates, lateKeys: 0 };
}
