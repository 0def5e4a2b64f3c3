/**
 * The storage statements of one batch, run inside one transaction. Set-based (`unnest` arrays) so a batch
 * of thousands of readings is a handful of round trips. Idempotent: replaying a batch changes nothing.
 * On plain PostgreSQL the 1-minute rollup is not written here: the maintenance leader rolls up closed
 * minutes (db/rollup.ts).
 */
import type { Placer } from '@twin/city';
import type { DeadLetterNotice, IncidentEvent, IncidentView } from '@twin/domain';
import type { PoolClient } from 'pg';
import type { DeadLetter } from '../ingest/dead-letter.js';
import { eventKey, type PreparedBatch } from '../ingest/prepare-batch.js';
import { appendChanges, type TotalsDelta } from './change-log.js';
import { registerUnlistedDepartments } from './departments.js';
import type { Dialect } from './dialect.js';
import { applyNewEvents } from './incident-states.js';
import { type DuplicateOutlook, insertReadings } from './insert-readings.js';
import { trackSequences } from './sequences.js';

/** What the transaction's messages come to; counted in the same transaction as their data. */
export interface MessageCounts {
  stored: number;
  duplicate: number;
  rejected: number;
}

export interface WriteContext {
  dialect: Dialect;
  /** District and grid cell of a position (the city pack's). */
  places: Placer;
  /** The departments this process knows are registered: only the others are inserted (db/departments.ts). */
  departments: { unseen(ids: Iterable<string>): string[] };
  /**
   * The message outcomes of this transaction once its data is written (null: the messages are counted by
   * a later transaction, as when a refused record is being isolated).
   */
  countMessages: ((outcome: BatchOutcome) => MessageCounts) | null;
  /** Whether to expect duplicate readings (the writer's, kept across its batches). */
  duplicates?: DuplicateOutlook;
}

export interface BatchOutcome {
  readingsStored: number;
  readingsDuplicate: number;
  eventsStored: number;
  eventsDuplicate: number;
  deadLetters: number;
  /** Rows of `batch.readings` (0-based) that were already stored. */
  duplicateReadingRows: Set<number>;
  /** (sensor, metric, minute) marked for the rollup to recompute: readings older than its claim. */
  lateRollupKeys: number;
  /** eventKey(department, eventId) of the events inserted by this batch. */
  insertedEventKeys: Set<string>;
  changedIncidents: IncidentView[];
  /** Incidents folded from their whole history (late events, older fold rules). */
  refoldedIncidents: number;
  changedSensorIds: string[];
  seqGaps: number;
  seqResets: number;
  /**
   * Sensor registrations and new incident events stored with a position in no district of the city (kept,
   * flagged `outsideCity`): counted on /metrics by kind.
   */
  placedOutsideCity: { sensor: number; incident: number };
  /** The newest change-log seq this transaction appended (null: nothing changed). */
  lastSeq: number | null;
  /** Departments this transaction made sure are registered (new to this process): known once it commits. */
  registeredDepartments: string[];
}

export async function writeBatch(
  client: PoolClient,
  ctx: WriteContext,
  batch: PreparedBatch,
  deadLetters: readonly DeadLetter[],
): Promise<BatchOutcome> {
  const { places } = ctx;
  const outcome: BatchOutcome = {
    readingsStored: 0,
    readingsDuplicate: 0,
    eventsStored: 0,
    eventsDuplicate: 0,
    deadLetters: deadLetters.length,
    duplicateReadingRows: new Set(),
    lateRollupKeys: 0,
    insertedEventKeys: new Set(),
    changedIncidents: [],
    refoldedIncidents: 0,
    changedSensorIds: [],
    seqGaps: 0,
    seqResets: 0,
    placedOutsideCity: { sensor: 0, incident: 0 },
    lastSeq: null,
    registeredDepartments: [],
  };
  const changedSensors = new Set<string>();

  // NOTE: a department the pack does not list is kept, as an unlisted one, registered in the same
  // transaction as its first event or sensor: whoever sees that data can find its department in the store.
  outcome.registeredDepartments = ctx.departments.unseen(departmentsOf(batch));
  await registerUnlistedDepartments(client, outcome.registeredDepartments);

  if (batch.metas.length > 0) {
    await client.query(
      `insert into sensors (sensor_id, name, kind, department, lat, lon, district, cell, units, interval_s,
                            simulated, registered, meta_at)
       select m.sensor_id, m.name, m.kind, m.department, m.lat, m.lon, m.district, m.cell, m.units, m.interval_s,
              m.simulated, true, m.meta_at
       from jsonb_to_recordset($1::jsonb) as m(sensor_id text, name text, kind text, department text,
            lat float8, lon float8, district text, cell text, units jsonb, interval_s float8, simulated boolean,
            meta_at timestamptz)
       on conflict (sensor_id) do update set name = excluded.name, kind = excluded.kind,
         department = excluded.department, lat = excluded.lat, lon = excluded.lon, district = excluded.district,
         cell = excluded.cell,
         units = excluded.units, interval_s = excluded.interval_s, simulated = excluded.simulated,
         registered = true, meta_at = excluded.meta_at`,
      [
        JSON.stringify(
          batch.metas.map(({ sensorId, ts, meta }) => {
            const { district, cell, outsideCity } = places.place(meta.lon, meta.lat);
            if (outsideCity) outcome.placedOutsideCity.sensor += 1;
            return {
              sensor_id: sensorId,
              name: meta.name,
              kind: meta.kind,
              department: meta.department,
              lat: meta.lat,
              lon: meta.lon,
              district,
              cell,
              units: meta.units ?? {},
              interval_s: meta.intervalS ?? null,
              simulated: meta.simulated ?? false,
              meta_at: new Date(ts).toISOString(),
            };
          }),
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
    const inserted = await insertReadings(client, ctx.dialect, batch, ctx.duplicates);
    outcome.duplicateReadingRows = inserted.duplicates;
    outcome.lateRollupKeys = inserted.lateKeys;
    outcome.readingsStored = r.sensorIds.length - outcome.duplicateReadingRows.size;
    outcome.readingsDuplicate = batch.readingCount - outcome.readingsStored;
    const sequences = batch.sequences.filter(
      (o) => o.row !== null && !outcome.duplicateReadingRows.has(o.row),
    );
    const seen = await trackSequences(client, sequences);
    outcome.seqGaps = seen.gaps;
    outcome.seqResets = seen.resets;
  }

  if (batch.events.length > 0) {
    const e = batch.events;
    // NOTE: the time column must be in a hypertable's unique key, so an event id seen before at another
    // ts is found by the (department, event_id) prefix of the key, not by the key itself.
    const inserted = await client.query<{ department: string; event_id: string; body: IncidentEvent }>(
      `insert into incident_events (event_id, incident_id, type, ts, department, body)
       select u.event_id, u.incident_id, u.type, u.ts, u.department, u.body
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::jsonb[])
            as u(event_id, incident_id, type, ts, department, body)
       where not exists (select 1 from incident_events x
                         where x.department = u.department and x.event_id = u.event_id)
       on conflict do nothing
       returning department, event_id, body`,
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
    for (const row of inserted.rows) {
      outcome.insertedEventKeys.add(eventKey(row.department, row.event_id));
      if (row.body.lat !== undefined && places.place(row.body.lon, row.body.lat).outsideCity)
        outcome.placedOutsideCity.incident += 1;
    }
    outcome.eventsDuplicate = batch.eventCount - outcome.eventsStored;
    const folded = await applyNewEvents(
      client,
      inserted.rows.map((r) => r.body),
      places,
    );
    outcome.changedIncidents = folded.views;
    outcome.refoldedIncidents = folded.refolded;
  }

  let notices: DeadLetterNotice[] = [];
  if (deadLetters.length > 0) {
    const { rows } = await client.query<{ id: string; received_at: Date; topic: string; reason: string }>(
      `insert into dead_letters (topic, reason, payload, payload_bytes)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])
       returning id, received_at, topic, reason`,
      [
        deadLetters.map((d) => d.topic),
        deadLetters.map((d) => d.reason),
        deadLetters.map((d) => d.payload),
        deadLetters.map((d) => d.payloadBytes),
      ],
    );
    notices = rows.map((r) => ({
      id: Number(r.id),
      receivedAt: r.received_at.getTime(),
      topic: r.topic,
      reason: r.reason,
    }));
  }

  outcome.changedSensorIds = [...changedSensors];
  const messages = ctx.countMessages?.(outcome) ?? { stored: 0, duplicate: 0, rejected: 0 };
  outcome.lastSeq = await appendChanges(
    client,
    {
      incidents: outcome.changedIncidents,
      sensorIds: outcome.changedSensorIds,
      readingSensorIds: sensorsWithNewReadings(batch, outcome.duplicateReadingRows),
      deadLetters: notices,
    },
    totalsOf(outcome, messages),
  );
  return outcome;
}

function* departmentsOf(batch: PreparedBatch): Iterable<string> {
  for (const m of batch.metas) yield m.meta.department;
  for (const e of batch.events) {
    yield e.department;
    if (e.toDepartment !== undefined) yield e.toDepartment;
  }
}

function sensorsWithNewReadings(batch: PreparedBatch, duplicates: ReadonlySet<number>): string[] {
  const ids = new Set<string>();
  batch.readings.sensorIds.forEach((id, row) => {
    if (!duplicates.has(row)) ids.add(id);
  });
  return [...ids];
}

function totalsOf(outcome: BatchOutcome, messages: MessageCounts): TotalsDelta {
  return {
    messagesStored: messages.stored,
    messagesDuplicate: messages.duplicate,
    messagesRejected: messages.rejected,
    readingsStored: outcome.readingsStored,
    readingsDuplicate: outcome.readingsDuplicate,
    eventsStored: outcome.eventsStored,
    eventsDuplicate: outcome.eventsDuplicate,
    deadLetters: outcome.deadLetters,
    seqGaps: outcome.seqGaps,
    seqResets: outcome.seqResets,
    storedData: outcome.readingsStored + outcome.eventsStored + outcome.changedSensorIds.length > 0,
  };
}
