/**
 * The storage statements of one batch, run inside one transaction. Set-based (`unnest` arrays) so a batch
 * of thousands of readings is a handful of round trips. Idempotent: replaying a batch changes nothing.
 */
import type { DistrictIndex } from '@twin/city';
import { foldIncident, type IncidentEvent, type IncidentView } from '@twin/domain';
import type { PoolClient } from 'pg';
import type { DeadLetter } from '../ingest/dead-letter.js';
import { eventKey, type PreparedBatch } from '../ingest/prepare-batch.js';
import type { Dialect } from './dialect.js';

export interface BatchOutcome {
  readingsStored: number;
  readingsDuplicate: number;
  eventsStored: number;
  eventsDuplicate: number;
  deadLetters: number;
  /** Rows of `batch.readings` (0-based) that were already stored. */
  duplicateReadingRows: Set<number>;
  /** eventKey(department, eventId) of the events inserted by this batch. */
  insertedEventKeys: Set<string>;
  changedIncidents: IncidentView[];
  changedSensorIds: string[];
}

// NOTE: the statement answers with the rows that were already stored (usually none), not with the inserted
// ones: a single small array in the common case tells which messages were duplicates.
const INPUT = `input as (
    select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[])
      with ordinality as u(sensor_id, metric, ts, value, ord))`;
const INSERTED = `inserted as (
    insert into readings (sensor_id, metric, ts, value)
    select sensor_id, metric, ts, value from input
    on conflict do nothing
    returning sensor_id, metric, ts, value)`;
const DUPLICATES = `select array(
    select i.ord::int from input i
    where not exists (select 1 from inserted n
                      where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as duplicates`;

const INSERT_READINGS = `with ${INPUT}, ${INSERTED} ${DUPLICATES}`;

/** Plain PostgreSQL: the rollup is fed from exactly the rows that were new, so duplicates never count twice. */
const INSERT_READINGS_WITH_ROLLUP = `
  with ${INPUT}, ${INSERTED}, rolled as (
    insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
    select date_trunc('minute', ts), sensor_id, metric, sum(value), count(*), min(value), max(value)
    from inserted group by 1, 2, 3
    on conflict (sensor_id, metric, bucket) do update set
      sum = readings_1m_rollup.sum + excluded.sum,
      count = readings_1m_rollup.count + excluded.count,
      min = least(readings_1m_rollup.min, excluded.min),
      max = greatest(readings_1m_rollup.max, excluded.max)
    returning 1)
  ${DUPLICATES}`;

export async function writeBatch(
  client: PoolClient,
  dialect: Dialect,
  batch: PreparedBatch,
  deadLetters: readonly DeadLetter[],
  districts: DistrictIndex,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = {
    readingsStored: 0,
    readingsDuplicate: 0,
    eventsStored: 0,
    eventsDuplicate: 0,
    deadLetters: deadLetters.length,
    duplicateReadingRows: new Set(),
    insertedEventKeys: new Set(),
    changedIncidents: [],
    changedSensorIds: [],
  };
  const changedSensors = new Set<string>();

  if (batch.metas.length > 0) {
    await client.query(
      `insert into sensors (sensor_id, name, kind, department, lat, lon, district, units, interval_s, simulated,
                            registered, meta_at)
       select m.sensor_id, m.name, m.kind, m.department, m.lat, m.lon, m.district, m.units, m.interval_s,
              m.simulated, true, m.meta_at
       from jsonb_to_recordset($1::jsonb) as m(sensor_id text, name text, kind text, department text,
            lat float8, lon float8, district text, units jsonb, interval_s float8, simulated boolean, meta_at timestamptz)
       on conflict (sensor_id) do update set name = excluded.name, kind = excluded.kind,
         department = excluded.department, lat = excluded.lat, lon = excluded.lon, district = excluded.district,
         units = excluded.units, interval_s = excluded.interval_s, simulated = excluded.simulated,
         registered = true, meta_at = excluded.meta_at`,
      [
        JSON.stringify(
          batch.metas.map(({ sensorId, ts, meta }) => ({
            sensor_id: sensorId,
            name: meta.name,
            kind: meta.kind,
            department: meta.department,
            lat: meta.lat,
            lon: meta.lon,
            district: districts.locate(meta.lon, meta.lat),
            units: meta.units ?? {},
            interval_s: meta.intervalS ?? null,
            simulated: meta.simulated ?? false,
            meta_at: new Date(ts).toISOString(),
          })),
        ),
      ],
    );
    for (const m of batch.metas) changedSensors.add(m.sensorId);
  }

  if (batch.statuses.length > 0) {
    // NOTE: a status (a device's last will) may arrive before its registration: keep a placeholder row
    // that the meta message fills in later, instead of dropping the status.
    await client.query(
      `insert into sensors (sensor_id, name, kind, department, status, status_at)
       select id, id, 'unknown', 'unknown', status, at
       from unnest($1::text[], $2::text[], $3::timestamptz[]) as s(id, status, at)
       on conflict (sensor_id) do update set status = excluded.status, status_at = excluded.status_at
       where sensors.status_at is null or sensors.status_at <= excluded.status_at`,
      [
        batch.statuses.map((s) => s.sensorId),
        batch.statuses.map((s) => s.status),
        batch.statuses.map((s) => new Date(s.ts).toISOString()),
      ],
    );
    for (const s of batch.statuses) changedSensors.add(s.sensorId);
  }

  if (batch.readings.sensorIds.length > 0) {
    const r = batch.readings;
    const { rows } = await client.query<{ duplicates: number[] }>(
      dialect === 'postgres' ? INSERT_READINGS_WITH_ROLLUP : INSERT_READINGS,
      [r.sensorIds, r.metrics, r.ts, r.values],
    );
    for (const ord of rows[0]?.duplicates ?? []) outcome.duplicateReadingRows.add(ord - 1);
    outcome.readingsStored = r.sensorIds.length - outcome.duplicateReadingRows.size;
    outcome.readingsDuplicate = batch.readingCount - outcome.readingsStored;
    const l = batch.latest;
    await client.query(
      `insert into sensor_latest (sensor_id, metric, ts, value)
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[])
       on conflict (sensor_id, metric) do update set ts = excluded.ts, value = excluded.value
       where sensor_latest.ts < excluded.ts`,
      [l.sensorIds, l.metrics, l.ts, l.values],
    );
    await client.query(
      `update sensors s set last_seen = greatest(s.last_seen, u.ts)
       from (select id, max(ts) as ts from unnest($1::text[], $2::timestamptz[]) as x(id, ts) group by id) u
       where s.sensor_id = u.id`,
      [l.sensorIds, l.ts],
    );
  }

  if (batch.events.length > 0) {
    const e = batch.events;
    // NOTE: the time column must be in a hypertable's unique key, so an event id seen before at another
    // ts is found by the (department, event_id) prefix of the key, not by the key itself.
    const inserted = await client.query<{ incident_id: string; department: string; event_id: string }>(
      `insert into incident_events (event_id, incident_id, type, ts, department, body)
       select u.event_id, u.incident_id, u.type, u.ts, u.department, u.body
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::jsonb[])
            as u(event_id, incident_id, type, ts, department, body)
       where not exists (select 1 from incident_events x
                         where x.department = u.department and x.event_id = u.event_id)
       on conflict do nothing
       returning incident_id, department, event_id`,
      [
        e.map((x) => x.eventId),
        e.map((x) => x.incidentId),
        e.map((x) => x.type),
        e.map((x) => new Date(x.ts).toISOString()),
        e.map((x) => x.department),
        e.map((x) => JSON.stringify(x)),
      ],
    );
    outcome.eventsStored = inserted.rowCount ?? 0;
    for (const row of inserted.rows) outcome.insertedEventKeys.add(eventKey(row.department, row.event_id));
    outcome.eventsDuplicate = batch.eventCount - outcome.eventsStored;
    const affected = [...new Set(inserted.rows.map((r) => r.incident_id))];
    if (affected.length > 0) outcome.changedIncidents = await refoldIncidents(client, affected, districts);
  }

  if (deadLetters.length > 0) {
    await client.query(
      `insert into dead_letters (topic, reason, payload, payload_bytes)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
      [
        deadLetters.map((d) => d.topic),
        deadLetters.map((d) => d.reason),
        deadLetters.map((d) => d.payload),
        deadLetters.map((d) => d.payloadBytes),
      ],
    );
  }

  outcome.changedSensorIds = [...changedSensors];
  return outcome;
}

/** Recomputes the current state of incidents from all their events: late or out-of-order events just work. */
async function refoldIncidents(
  client: PoolClient,
  incidentIds: string[],
  districts: DistrictIndex,
): Promise<IncidentView[]> {
  const { rows } = await client.query<{ body: IncidentEvent }>(
    'select body from incident_events where incident_id = any($1::text[])',
    [incidentIds],
  );
  const byIncident = new Map<string, IncidentEvent[]>();
  for (const { body } of rows) {
    const list = byIncident.get(body.incidentId) ?? [];
    list.push(body);
    byIncident.set(body.incidentId, list);
  }
  const views: IncidentView[] = [];
  for (const events of byIncident.values()) {
    const state = foldIncident(events);
    if (!state) continue;
    const district = state.lat !== null && state.lon !== null ? districts.locate(state.lon, state.lat) : null;
    views.push({ ...state, district });
  }
  if (views.length > 0) {
    await client.query(
      `insert into incidents (incident_id, status, department, severity, category, district, lat, lon, opened_at,
                              updated_at, state)
       select v.incident_id, v.status, v.department, v.severity, v.category, v.district, v.lat, v.lon,
              to_timestamp(v.opened_at / 1000.0), to_timestamp(v.updated_at / 1000.0), v.state
       from jsonb_to_recordset($1::jsonb) as v(incident_id text, status text, department text, severity int,
            category text, district text, lat float8, lon float8, opened_at float8, updated_at float8, state jsonb)
       on conflict (incident_id) do update set status = excluded.status, department = excluded.department,
         severity = excluded.severity, category = excluded.category, district = excluded.district,
         lat = excluded.lat, lon = excluded.lon, opened_at = excluded.opened_at, updated_at = excluded.updated_at,
         state = excluded.state`,
      [
        JSON.stringify(
          views.map((v) => ({
            incident_id: v.incidentId,
            status: v.status,
            department: v.department,
            severity: v.severity,
            category: v.category,
            district: v.district,
            lat: v.lat,
            lon: v.lon,
            opened_at: v.openedAt,
            updated_at: v.updatedAt,
            state: v,
          })),
        ),
      ],
    );
  }
  return views;
}
