/** Read queries of the HTTP API and the live snapshot. Everything is parameterised; filters are optional. */
import {
  categoryKey,
  compareEvents,
  type IncidentDetail,
  type IncidentEvent,
  type IncidentList,
  type IncidentView,
  LIVE_SET_LIMIT,
  LIVE_SET_RECENT_MS,
  OPEN_STATUSES,
  type ReadingBucket,
  type SensorPlace,
  type SensorView,
  URGENCY_ORDER_SQL,
} from '@twin/domain';
import type pg from 'pg';
import { openDuringConditions } from './incident-window.js';
import { type Queryable, withClient } from './pool.js';
import { SENSOR_VIEW_JSON } from './sensor-view-sql.js';

export interface SensorFilter {
  department?: string;
  kind?: string;
  ids?: string[];
}

/** Registered sensors only: a placeholder row (status before meta) has no position to show. */
export async function listSensors(db: Queryable, filter: SensorFilter = {}): Promise<SensorView[]> {
  const where = ['s.registered'];
  const params: unknown[] = [];
  if (filter.department) where.push(`s.department = $${params.push(filter.department)}`);
  if (filter.kind) where.push(`s.kind = $${params.push(filter.kind)}`);
  if (filter.ids) where.push(`s.sensor_id = any($${params.push(filter.ids)}::text[])`);
  const { rows } = await db.query<{ view: SensorView }>(
    `select ${SENSOR_VIEW_JSON} as view from sensors s where ${where.join(' and ')} order by s.sensor_id`,
    params,
  );
  return rows.map((r) => r.view);
}

export async function getSensor(db: Queryable, sensorId: string): Promise<SensorView | null> {
  const { rows } = await db.query<{ view: SensorView }>(
    `select ${SENSOR_VIEW_JSON} as view from sensors s where s.sensor_id = $1 and s.registered`,
    [sensorId],
  );
  return rows[0]?.view ?? null;
}

/** Where every registered sensor is (what the live hub filters readings by). */
export async function sensorPlaces(db: Queryable): Promise<Map<string, SensorPlace>> {
  const { rows } = await db.query<{
    sensor_id: string;
    department: string;
    lat: number | null;
    lon: number | null;
  }>('select sensor_id, department, lat, lon from sensors where registered');
  return new Map(
    rows.map((r) => [r.sensor_id, { department: r.department, lat: r.lat ?? 0, lon: r.lon ?? 0 }]),
  );
}

export interface ReadingsQuery {
  sensorId: string;
  metric: string;
  from: number;
  to: number;
  bucketS: number;
}

/**
 * Buckets of a sensor's metric. Whole-minute buckets read the 1-minute rollup (continuous aggregate or the
 * service's rollup table); finer buckets read raw rows.
 */
export async function readingBuckets(db: Queryable, q: ReadingsQuery): Promise<ReadingBucket[]> {
  const params = [
    q.sensorId,
    q.metric,
    new Date(q.from).toISOString(),
    new Date(q.to).toISOString(),
    `${q.bucketS} seconds`,
  ];
  const sql =
    q.bucketS % 60 === 0
      ? `select floor(extract(epoch from date_bin($5::interval, bucket, timestamptz 'epoch')) * 1000) as bucket,
                sum(avg * count) / sum(count) as avg, min(min) as min, max(max) as max, sum(count)::bigint as count
         from readings_1m where sensor_id = $1 and metric = $2 and bucket >= $3 and bucket < $4
         group by 1 order by 1`
      : `select floor(extract(epoch from date_bin($5::interval, ts, timestamptz 'epoch')) * 1000) as bucket,
                avg(value) as avg, min(value) as min, max(value) as max, count(*)::bigint as count
         from readings where sensor_id = $1 and metric = $2 and ts >= $3 and ts < $4
         group by 1 order by 1`;
  const { rows } = await db.query<{ bucket: string; avg: number; min: number; max: number; count: string }>(
    sql,
    params,
  );
  return rows.map((r) => ({
    bucket: Number(r.bucket),
    avg: r.avg,
    min: r.min,
    max: r.max,
    count: Number(r.count),
  }));
}

export interface IncidentFilter {
  /** 'open', 'all' or one status. */
  status?: string;
  department?: string;
  district?: string;
  minSeverity?: number;
  /** A category as written or its key: both match by key (`Noise - Residential` = `noise-residential`). */
  category?: string;
  /** Only incidents awaiting (true) or not awaiting (false) their report. */
  awaitingReport?: boolean;
  /** [west, south, east, north] */
  bbox?: [number, number, number, number];
  /** Incidents open during [from, to] (db/incident-window.ts: opened by `to`, not resolved before `from`). */
  from?: number;
  to?: number;
  /** Incidents changed at or after this time (for polling), whatever the window. */
  updatedSince?: number;
  limit: number;
}

/**
 * A page of incidents in the domain's urgency order (live-set.ts: open, then urgent, then severity, then
 * longest waiting, then id), so the limit cuts the least urgent: the longest-waiting never vanish.
 * NOTE: the dashboard sorts with compareByUrgency, the same rule; incident-order.int.test.ts holds them equal.
 */
export async function listIncidents(db: Queryable, f: IncidentFilter): Promise<IncidentList> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status === 'open') where.push(`status = any($${params.push(OPEN_STATUSES)}::text[])`);
  else if (f.status && f.status !== 'all') where.push(`status = $${params.push(f.status)}`);
  if (f.department)
    where.push(`(department = $${params.push(f.department)} or state->'assisting' ? $${params.length})`);
  if (f.district) where.push(`district = $${params.push(f.district)}`);
  if (f.minSeverity) where.push(`severity >= $${params.push(f.minSeverity)}`);
  if (f.category !== undefined) where.push(`category_key = $${params.push(categoryKey(f.category))}`);
  if (f.awaitingReport !== undefined) where.push(`awaiting_report = $${params.push(f.awaitingReport)}`);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    where.push(
      `lon between $${params.push(w)} and $${params.push(e)} and lat between $${params.push(s)} and $${params.push(n)}`,
    );
  }
  where.push(...openDuringConditions({ from: f.from, to: f.to }, params));
  if (f.updatedSince !== undefined)
    where.push(`updated_at >= $${params.push(new Date(f.updatedSince).toISOString())}`);
  const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const { rows } = await db.query<{ state: IncidentView; total: string; awaiting: string }>(
    `select state, count(*) over () as total, count(*) filter (where awaiting_report) over () as awaiting
     from incidents ${clause}
     order by ${URGENCY_ORDER_SQL} limit $${params.push(f.limit)}`,
    params,
  );
  return {
    incidents: rows.map((r) => r.state),
    total: rows[0] ? Number(rows[0].total) : 0,
    awaitingReport: rows[0] ? Number(rows[0].awaiting) : 0,
  };
}

/** How many incidents wait for their `reported` event, over every instance (the /metrics gauge). */
export async function getIncident(db: Queryable, incidentId: string): Promise<IncidentDetail | null> {
  const { rows } = await db.query<{ state: IncidentView }>(
    'select state from incidents where incident_id = $1',
    [incidentId],
  );
  if (!rows[0]) return null;
  const events = await db.query<{ body: IncidentEvent }>(
    'select body from incident_events where incident_id = $1',
    [incidentId],
  );
  return { incident: rows[0].state, timeline: events.rows.map((r) => r.body).sort(compareEvents) };
}

/**
 * What a new live client starts from: the live incidents and the sensors, and the change-log position they
 * reflect, read in one repeatable-read transaction so that they agree. NOTE: pruning always keeps the newest
 * log row, so max(seq) is the position even when older rows are gone.
 */
export function liveSnapshot(
  pool: pg.Pool,
  now: number,
): Promise<{ seq: number; incidents: IncidentView[]; sensors: SensorView[] }> {
  return withClient(pool, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const { rows } = await client.query<{ seq: string | null }>('select max(seq) as seq from change_log');
      const incidents = await liveIncidents(client, now);
      const sensors = await listSensors(client);
      return { seq: Number(rows[0]?.seq ?? 0), incidents, sensors };
    } finally {
      await client.query('commit').catch(() => {});
    }
  });
}

/** The live set (domain live-set.ts: open, or updated within LIVE_SET_RECENT_MS), most urgent first. */
export async function liveIncidents(db: Queryable, now: number): Promise<IncidentView[]> {
  const { rows } = await db.query<{ state: IncidentView }>(
    `select state from incidents where status = any($1::text[]) or updated_at >= $2
     order by ${URGENCY_ORDER_SQL} limit $3`,
    [OPEN_STATUSES, new Date(now - LIVE_SET_RECENT_MS).toISOString(), LIVE_SET_LIMIT],
  );
  return rows.map((r) => r.state);
}
