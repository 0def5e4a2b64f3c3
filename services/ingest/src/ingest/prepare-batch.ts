/**
 * Pure preparation of a batch for storage: turns queued records into column arrays for `unnest` inserts.
 * Kept free of IO so the shaping rules (dedupe inside a batch, newest value wins) are unit-tested.
 */
import type { IncidentEvent, IngestRecord, SensorMetaPayload, SensorStatusValue } from '@twin/domain';

export interface DeadLetter {
  topic: string;
  reason: string;
  payload: string;
  payloadBytes: number;
}

/** Only the start of a rejected payload is kept: enough to diagnose, bounded so bad input cannot fill the disk. */
export const DEAD_LETTER_PAYLOAD_CHARS = 4096;

export function deadLetter(topic: string, reason: string, payload: Uint8Array): DeadLetter {
  const text = Buffer.from(
    payload.buffer,
    payload.byteOffset,
    Math.min(payload.byteLength, DEAD_LETTER_PAYLOAD_CHARS * 4),
  )
    .toString('utf8')
    // NOTE: PostgreSQL text cannot hold NUL; a hostile payload must still be recordable.
    .replaceAll('\u0000', '\\u0000')
    .slice(0, DEAD_LETTER_PAYLOAD_CHARS);
  return {
    topic: topic.slice(0, 512),
    reason: reason.slice(0, 1000),
    payload: text,
    payloadBytes: payload.byteLength,
  };
}

export interface ReadingColumns {
  sensorIds: string[];
  metrics: string[];
  ts: string[];
  values: number[];
}

export interface PreparedBatch {
  readings: ReadingColumns;
  /** Newest value per (sensor, metric) in this batch. */
  latest: ReadingColumns;
  metas: { sensorId: string; ts: number; meta: SensorMetaPayload }[];
  statuses: { sensorId: string; ts: number; status: SensorStatusValue }[];
  events: IncidentEvent[];
  /** Values and events before de-duplication: what was received, for the duplicate counters. */
  readingCount: number;
  eventCount: number;
}

function emptyColumns(): ReadingColumns {
  return { sensorIds: [], metrics: [], ts: [], values: [] };
}

export function prepareBatch(records: readonly IngestRecord[]): PreparedBatch {
  const rows = new Map<string, { sensorId: string; metric: string; ts: number; value: number }>();
  const newest = new Map<string, { sensorId: string; metric: string; ts: number; value: number }>();
  const metas = new Map<string, PreparedBatch['metas'][number]>();
  const statuses = new Map<string, PreparedBatch['statuses'][number]>();
  const events = new Map<string, IncidentEvent>();
  let readingCount = 0;
  let eventCount = 0;
  for (const r of records) {
    switch (r.kind) {
      case 'reading':
        for (const [metric, value] of Object.entries(r.values)) {
          readingCount++;
          const row = { sensorId: r.sensorId, metric, ts: r.ts, value };
          // NOTE: one INSERT cannot carry the same key twice (the rollup upsert would hit it twice):
          // the first copy wins inside a batch, exactly as ON CONFLICT DO NOTHING does across batches.
          const key = `${r.sensorId}\u0000${metric}\u0000${r.ts}`;
          if (!rows.has(key)) rows.set(key, row);
          const latestKey = `${r.sensorId}\u0000${metric}`;
          const prev = newest.get(latestKey);
          if (!prev || prev.ts < r.ts) newest.set(latestKey, row);
        }
        break;
      case 'sensor-meta':
        metas.set(r.sensorId, { sensorId: r.sensorId, ts: r.ts, meta: r.meta });
        break;
      case 'sensor-status': {
        const prev = statuses.get(r.sensorId);
        if (!prev || prev.ts <= r.ts)
          statuses.set(r.sensorId, { sensorId: r.sensorId, ts: r.ts, status: r.status });
        break;
      }
      case 'incident-event':
        eventCount++;
        if (!events.has(r.event.eventId)) events.set(r.event.eventId, r.event);
        break;
    }
  }
  const toColumns = (list: Iterable<{ sensorId: string; metric: string; ts: number; value: number }>) => {
    const cols = emptyColumns();
    for (const row of list) {
      cols.sensorIds.push(row.sensorId);
      cols.metrics.push(row.metric);
      cols.ts.push(new Date(row.ts).toISOString());
      cols.values.push(row.value);
    }
    return cols;
  };
  return {
    readings: toColumns(rows.values()),
    latest: toColumns(newest.values()),
    metas: [...metas.values()],
    statuses: [...statuses.values()],
    events: [...events.values()],
    readingCount,
    eventCount,
  };
}
