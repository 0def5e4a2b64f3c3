/**
 * The readings of a replayed window, as columns (domain replay.ts, REPLAY_READING_COLUMNS): per sensor-metric
 * its last reading at or before `from`, then its raw readings in (from, to] (bucketMs 0) or its buckets
 * starting in [from, to) — 1-minute buckets from `readings_1m`, 1-hour buckets from `readings_1h` (continuous
 * aggregates or rollups: db/rollup.ts, db/rollup-hours.ts) with the window's partial hours re-binned from
 * `readings_1m` (mean weighted by count). Rows sorted by sensor, metric, ts (ids in byte order).
 *
 * NOTE: a day of 2,000 sensors is millions of rows; a row object each would cost more than the query. The
 * database packs each series' columns into one bytea per column (float8send/int4send: big-endian), the
 * driver decodes the hex natively, and the bytes are swapped into typed arrays: no object per row. Series
 * are read a chunk at a time (separate short queries, sized by the window's expected rows, not one long cursor: the embedded engine has a single
 * connection, which a slow client must not hold), so memory stays at one chunk.
 */
import type { Queryable } from './pool.js';

export interface ReplayReadingsQuery {
  from: number;
  to: number;
  /** 0 (raw), 60000 or 3600000. */
  bucketMs: number;
  sensors?: readonly string[];
  metrics?: readonly string[];
}

/** The series the answer holds: dictionary values for the sensor and metric columns. */
export interface ReadingSeriesList {
  sensors: string[];
  metrics: string[];
  /** Per series, its index in `sensors` and in `metrics`, in row order. */
  sensorIndex: number[];
  metricIndex: number[];
}

/** A run of rows: whole series, in order. */
export interface ReadingColumnsChunk {
  length: number;
  sensor: Int32Array;
  metric: Int32Array;
  ts: Float64Array;
  value: Float64Array;
  min: Float64Array;
  max: Float64Array;
  count: Uint32Array;
}

/** Rows one query aims at: few round trips for a short window, bounded memory for a long one. */
const ROWS_PER_QUERY = 100_000;
/** The densest series replay expects: one reading every 10 s. */
const DENSEST_READING_MS = 10_000;

/** How many series one query reads: all of them for a short window, fewer as the window grows. */
function seriesPerQuery(q: ReplayReadingsQuery): number {
  const rowsPerSeries = 1 + (q.to - q.from) / Math.max(q.bucketMs, DENSEST_READING_MS);
  return Math.max(50, Math.min(5000, Math.floor(ROWS_PER_QUERY / rowsPerSeries)));
}

/** Every series (sensor-metric with a stored reading), filtered, in row order. */
export async function readingSeries(
  db: Queryable,
  q: Pick<ReplayReadingsQuery, 'sensors' | 'metrics'>,
): Promise<ReadingSeriesList> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.sensors && q.sensors.length > 0) where.push(`sensor_id = any($${params.push(q.sensors)}::text[])`);
  if (q.metrics && q.metrics.length > 0) where.push(`metric = any($${params.push(q.metrics)}::text[])`);
  const { rows } = await db.query<{ sensor_id: string; metric: string }>(
    `select sensor_id, metric from sensor_latest ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
     order by sensor_id collate "C", metric collate "C"`,
    params,
  );
  const sensors: string[] = [];
  const metricIds = new Map<string, number>();
  const list: ReadingSeriesList = { sensors, metrics: [], sensorIndex: [], metricIndex: [] };
  for (const r of rows) {
    if (sensors[sensors.length - 1] !== r.sensor_id) sensors.push(r.sensor_id);
    let m = metricIds.get(r.metric);
    if (m === undefined) {
      m = list.metrics.length;
      metricIds.set(r.metric, m);
      list.metrics.push(r.metric);
    }
    list.sensorIndex.push(sensors.length - 1);
    list.metricIndex.push(m);
  }
  return list;
}

/** The rows of the window in chunks of whole series. */
export async function* readingColumns(
  db: Queryable,
  series: ReadingSeriesList,
  q: ReplayReadingsQuery,
): AsyncGenerator<ReadingColumnsChunk> {
  // NOTE: a named statement is prepared once per connection: planning over the partitions costs more than
  // executing a short window's query. Not for hourly buckets: after five runs on a connection PostgreSQL
  // may keep one generic plan for a statement, and the hourly one's (planned for ten series, not thousands)
  // took 140 s where a plan made for the values took 1.2 s (45,000 sensors, a day: docs/benchmarks.md). It
  // is planned for its values every time instead, which costs ~20 ms against seconds of work.
  const text = windowSql(q.bucketMs);
  const statement = q.bucketMs === HOUR_MS ? { text } : { name: `replay-readings-${q.bucketMs}`, text };
  const step = seriesPerQuery(q);
  for (let start = 0; start < series.sensorIndex.length; start += step) {
    const end = Math.min(series.sensorIndex.length, start + step);
    const sensorIds: string[] = [];
    const metricNames: string[] = [];
    for (let i = start; i < end; i++) {
      sensorIds.push(series.sensors[series.sensorIndex[i]!]!);
      metricNames.push(series.metrics[series.metricIndex[i]!]!);
    }
    const { rows } = await db.query<PackedSeries>({
      ...statement,
      values: windowValues(q, sensorIds, metricNames),
    });
    const chunk = unpack(rows, start, series);
    if (chunk.length > 0) yield chunk;
  }
}

interface PackedSeries {
  /** 1-based position of the series in the query's arrays. */
  ord: string;
  n: number;
  ts: Buffer;
  value: Buffer;
  min: Buffer;
  max: Buffer;
  count: Buffer;
}

/** The hour a time falls in (UTC, as the rollups' buckets). */
const HOUR_MS = 3_600_000;

/**
 * The whole hours of [from, to) (read from `readings_1h`); the rest of the window is its edges (re-binned
 * from `readings_1m`). A window inside one hour has none: then the edges are the whole window.
 */
export function wholeHours(from: number, to: number): { from: number; to: number } {
  const first = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const last = Math.floor(to / HOUR_MS) * HOUR_MS;
  return last > first ? { from: first, to: last } : { from: to, to };
}

/** The statement's parameters: $1 sensors, $2 metrics, $3 from, $4 to (and $5, $6 the whole hours). */
function windowValues(q: ReplayReadingsQuery, sensorIds: string[], metricNames: string[]): unknown[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const values: unknown[] = [sensorIds, metricNames, iso(q.from), iso(q.to)];
  if (q.bucketMs === HOUR_MS) {
    const hours = wholeHours(q.from, q.to);
    values.push(iso(hours.from), iso(hours.to));
  }
  return values;
}

/**
 * $1 sensors, $2 metrics (paired: one series each), $3 from, $4 to. Per series: its last raw reading at or
 * before `from` (the lead), then the window's rows, packed into one row of bytea columns.
 *
 * NOTE (the lead): an index probe on the primary key (sensor_id, metric, ts) per series, first within the hour
 * before `from` (one partition or chunk, pruned at execution), and only when that finds nothing, the whole
 * past (every older partition or chunk probed). `limit 1` over the two stops at the first that answers, so a
 * live sensor costs one probe; measured in docs/benchmarks.md. The lead stays the exact raw reading (not a
 * rollup's mean): the view shows it from its own time, and calls a sensor stale by it.
 *
 * NOTE (the buckets): read set-wise, one range scan of the rollup for every series of the query, joined to
 * the series by hash. Probing the rollup (and the views' live branches) once per series cost more than the
 * whole range: an hour of 2,000 series is 2,000 rollup rows. Raw readings stay a probe per series: a raw
 * window is under an hour, and a range of raw rows is all sensors' readings, hundreds per series.
 *
 * 1-hour buckets: the whole hours of the window from `readings_1h` (one row per series and hour, $5–$6), the
 * partial hours at its edges re-binned from `readings_1m`, so a bucket is always the minutes of its hour that
 * start in [from, to), as before the hourly rollup existed.
 */
function windowSql(bucketMs: number): string {
  const probe = (bound: string) => `(select 0 as part, date_part('epoch', r.ts) * 1000 as t, r.value as avg,
                       r.value as min, r.value as max, 1 as count
                from readings r
                where r.sensor_id = s.sensor_id and r.metric = s.metric and ${bound}
                order by r.ts desc limit 1)`;
  const lead = `select s.ord, l.* from s cross join lateral (
                  select * from (
                    ${probe("r.ts <= $3 and r.ts > $3::timestamptz - interval '1 hour'")}
                    union all
                    ${probe("r.ts <= $3::timestamptz - interval '1 hour'")}) as probes
                  limit 1) l`;
  const rebinned = (where: string) =>
    `select s.ord, 1, date_part('epoch', date_bin('${bucketMs / 1000} seconds', b.bucket, timestamptz 'epoch')) * 1000,
            sum(b.avg * b.count) / sum(b.count), min(b.min), max(b.max), sum(b.count)
     from readings_1m b join s on s.sensor_id = b.sensor_id and s.metric = b.metric
     where ${where}
     group by 1, 3`;
  const body =
    bucketMs === 0
      ? `select s.ord, 1, date_part('epoch', r.ts) * 1000, r.value, r.value, r.value, 1
         from s cross join lateral (
           select r.ts, r.value from readings r
           where r.sensor_id = s.sensor_id and r.metric = s.metric and r.ts > $3 and r.ts <= $4) r`
      : bucketMs === 60_000
        ? `select s.ord, 1, date_part('epoch', b.bucket) * 1000, b.avg, b.min, b.max, b.count
           from readings_1m b join s on s.sensor_id = b.sensor_id and s.metric = b.metric
           where b.bucket >= $3 and b.bucket < $4`
        : bucketMs === HOUR_MS
          ? `select s.ord, 1, date_part('epoch', h.bucket) * 1000, h.avg, h.min, h.max, h.count
             from readings_1h h join s on s.sensor_id = h.sensor_id and s.metric = h.metric
             where h.bucket >= $5 and h.bucket < $6
             union all
             ${rebinned(
               // NOTE: the first condition holds no column: a window of whole hours skips the minutes at once.
               `($3::timestamptz < $5::timestamptz or $6::timestamptz < $4::timestamptz)
                and ((b.bucket >= $3 and b.bucket < $5) or (b.bucket >= $6 and b.bucket < $4))`,
             )}`
          : rebinned('b.bucket >= $3 and b.bucket < $4');
  return `with s as materialized (
            select sensor_id, metric, ord from unnest($1::text[], $2::text[]) with ordinality as s(sensor_id, metric, ord))
          select p.ord, count(*)::int as n,
            string_agg(float8send(t::float8), ''::bytea order by part, t) as ts,
            string_agg(float8send(avg::float8), ''::bytea order by part, t) as value,
            string_agg(float8send(min::float8), ''::bytea order by part, t) as min,
            string_agg(float8send(max::float8), ''::bytea order by part, t) as max,
            string_agg(int4send(count::int4), ''::bytea order by part, t) as count
          from ((${lead}) union all (${body})) as p(ord, part, t, avg, min, max, count)
          group by p.ord
          order by p.ord`;
}

/** Big-endian float8s → a Float64Array (copied: the driver's buffer may be unaligned). */
function float64s(bytes: Buffer, into: Float64Array, at: number): void {
  const aligned = new ArrayBuffer(bytes.length);
  Buffer.from(aligned).set(bytes);
  Buffer.from(aligned).swap64();
  into.set(new Float64Array(aligned), at);
}

function uint32s(bytes: Buffer, into: Uint32Array, at: number): void {
  const aligned = new ArrayBuffer(bytes.length);
  Buffer.from(aligned).set(bytes);
  Buffer.from(aligned).swap32();
  into.set(new Uint32Array(aligned), at);
}

function unpack(
  rows: readonly PackedSeries[],
  start: number,
  series: ReadingSeriesList,
): ReadingColumnsChunk {
  const length = rows.reduce((n, r) => n + r.n, 0);
  const chunk: ReadingColumnsChunk = {
    length,
    sensor: new Int32Array(length),
    metric: new Int32Array(length),
    ts: new Float64Array(length),
    value: new Float64Array(length),
    min: new Float64Array(length),
    max: new Float64Array(length),
    count: new Uint32Array(length),
  };
  let at = 0;
  for (const r of rows) {
    const i = start + Number(r.ord) - 1;
    chunk.sensor.fill(series.sensorIndex[i]!, at, at + r.n);
    chunk.metric.fill(series.metricIndex[i]!, at, at + r.n);
    float64s(r.ts, chunk.ts, at);
    float64s(r.value, chunk.value, at);
    float64s(r.min, chunk.min, at);
    float64s(r.max, chunk.max, at);
    uint32s(r.count, chunk.count, at);
    at += r.n;
  }
  return chunk;
}
