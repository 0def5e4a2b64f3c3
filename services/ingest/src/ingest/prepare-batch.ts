/**
 * Pure preparation of a batch for storage: turns records into column arrays for `unnest` inserts, and
 * remembers which message each row came from, so that every message can be told apart after the commit
 * as stored (something of it was new) or duplicate (all of it was already there). Kept free of IO so the
 * shaping rules (dedupe inside a batch, newest value wins, ownership) are unit-tested.
 */
import {
  compareText,
  type IncidentEvent,
  type IngestRecord,
  type LatestValues,
  mergeLatest,
  type SensorMetaPayload,
  type SensorStatusValue,
} from '@twin/domain';

/** A record and the index of the message (within the batch) it came from. */
export interface OwnedRecord {
  record: IngestRecord;
  owner: number;
}

export interface ReadingColumns {
  sensorIds: string[];
  metrics: string[];
  /** Epoch ms: numbers cost the writer far less than one ISO string per row (garbage, text parsing). */
  ts: number[];
  values: number[];
}

export interface PreparedBatch {
  /** One row per distinct (sensor, metric, ts): the first copy wins, as ON CONFLICT DO NOTHING does. */
  readings: ReadingColumns;
  /** The message each row of `readings` came from (same order). */
  readingOwners: number[];
  /**
   * Newest value per (sensor, metric) in this batch (the domain's mergeLatest: an equal ts keeps the first),
   * in (sensor, metric) order.
   */
  latest: ReadingColumns;
  /**
   * Readings that carried a `seq`, with the row of `readings` their first metric made (null when the same
   * reading came twice in this batch): a reading whose row turns out already stored is not observed.
   */
  sequences: { sensorId: string; seq: number; row: number | null }[];
  metas: { sensorId: string; ts: number; meta: SensorMetaPayload }[];
  statuses: { sensorId: string; ts: number; status: SensorStatusValue }[];
  /** Distinct by (department, eventId); the first copy wins. */
  events: IncidentEvent[];
  /** The message each of `events` came from (same order). */
  eventOwners: number[];
  /** Messages carrying a registration or status: an upsert always counts as stored. */
  upsertOwners: Set<number>;
  /** Values and events before de-duplication: what was received, for the duplicate counters. */
  readingCount: number;
  eventCount: number;
}

/** An event is identified by its publishing department and its id (one department cannot claim another's ids). */
export function eventKey(department: string, eventId: string): string {
  return `${department}\u0000${eventId}`;
}

function emptyColumns(): ReadingColumns {
  return { sensorIds: [], metrics: [], ts: [], values: [] };
}

interface Row {
  sensorId: string;
  metric: string;
  ts: number;
  value: number;
}

/**
 * The (sensor, metric, ts) keys already in a batch, without building a string per reading: sensor → metric →
 * the one ts seen (nearly always) or the set of them.
 */
class SeenKeys {
  private readonly bySensor = new Map<string, Map<string, number | Set<number>>>();

  /** True when the key is new (and remembers it). */
  add(sensorId: string, metric: string, ts: number): boolean {
    let metrics = this.bySensor.get(sensorId);
    if (!metrics) {
      metrics = new Map();
      this.bySensor.set(sensorId, metrics);
    }
    const seen = metrics.get(metric);
    if (seen === undefined) {
      metrics.set(metric, ts);
      return true;
    }
    if (typeof seen === 'number') {
      if (seen === ts) return false;
      metrics.set(metric, new Set([seen, ts]));
      return true;
    }
    if (seen.has(ts)) return false;
    seen.add(ts);
    return true;
  }
}

function latestOf(newest: Map<string, LatestValues>, sensorId: string): LatestValues {
  const held = newest.get(sensorId);
  if (held) return held;
  const latest: LatestValues = {};
  newest.set(sensorId, latest);
  return latest;
}

/**
 * NOTE: in (sensor, metric) order, so that two transactions upserting the same sensors' latest values lock the
 * rows in the same order and never deadlock.
 */
function latestRows(newest: Map<string, LatestValues>): Row[] {
  const out: Row[] = [];
  for (const sensorId of [...newest.keys()].sort(compareText)) {
    const latest = newest.get(sensorId)!;
    for (const metric of Object.keys(latest).sort(compareText)) {
      const { value, ts } = latest[metric]!;
      out.push({ sensorId, metric, ts, value });
    }
  }
  return out;
}

/** Rows upserted in sensor order: two transactions touching the same sensors lock them in the same order. */
const bySensor = (a: { sensorId: string }, b: { sensorId: string }) => compareText(a.sensorId, b.sensorId);

export function prepareBatch(records: readonly OwnedRecord[]): PreparedBatch {
  const seenKeys = new SeenKeys();
  const readings = emptyColumns();
  const readingOwners: number[] = [];
  const newest = new Map<string, LatestValues>();
  const metas = new Map<string, PreparedBatch['metas'][number]>();
  const statuses = new Map<string, PreparedBatch['statuses'][number]>();
  const events = new Map<string, { event: IncidentEvent; owner: number }>();
  const upsertOwners = new Set<number>();
  const sequences: PreparedBatch['sequences'] = [];
  let readingCount = 0;
  let eventCount = 0;
  for (const { record: r, owner } of records) {
    switch (r.kind) {
      case 'reading': {
        let firstRow: number | null = null;
        for (const metric in r.values) {
          readingCount++;
          // NOTE: one INSERT cannot carry the same key twice (the rollup upsert would hit it twice):
          // the first copy wins inside a batch, exactly as ON CONFLICT DO NOTHING does across batches.
          if (!seenKeys.add(r.sensorId, metric, r.ts)) continue;
          firstRow ??= readings.sensorIds.length;
          readings.sensorIds.push(r.sensorId);
          readings.metrics.push(metric);
          readings.ts.push(r.ts);
          readings.values.push(r.values[metric]!);
          readingOwners.push(owner);
        }
        mergeLatest(latestOf(newest, r.sensorId), r.values, r.ts);
        if (r.seq !== undefined) sequences.push({ sensorId: r.sensorId, seq: r.seq, row: firstRow });
        break;
      }
      case 'sensor-meta':
        metas.set(r.sensorId, { sensorId: r.sensorId, ts: r.ts, meta: r.meta });
        upsertOwners.add(owner);
        break;
      case 'sensor-status': {
        const prev = statuses.get(r.sensorId);
        if (!prev || prev.ts <= r.ts)
          statuses.set(r.sensorId, { sensorId: r.sensorId, ts: r.ts, status: r.status });
        upsertOwners.add(owner);
        break;
      }
      case 'incident-event': {
        eventCount++;
        const key = eventKey(r.event.department, r.event.eventId);
        if (!events.has(key)) events.set(key, { event: r.event, owner });
        break;
      }
    }
  }
  const toColumns = (list: Iterable<Row>) => {
    const cols = emptyColumns();
    for (const row of list) {
      cols.sensorIds.push(row.sensorId);
      cols.metrics.push(row.metric);
      cols.ts.push(row.ts);
      cols.values.push(row.value);
    }
    return cols;
  };
  const latest = latestRows(newest);
  return {
    readings,
    readingOwners,
    latest: toColumns(latest),
    sequences,
    metas: [...metas.values()].sort(bySensor),
    statuses: [...statuses.values()].sort(bySensor),
    events: [...events.values()].map((e) => e.event),
    eventOwners: [...events.values()].map((e) => e.owner),
    upsertOwners,
    readingCount,
    eventCount,
  };
}

/**
 * Which messages had something new committed: the owners of rows that were not already stored, of events
 * that were inserted, and of registrations and statuses.
 */
export function ownersWithNewData(
  batch: PreparedBatch,
  duplicateReadingRows: ReadonlySet<number>,
  insertedEventKeys: ReadonlySet<string>,
): Set<number> {
  const owners = new Set(batch.upsertOwners);
  batch.readingOwners.forEach((owner, row) => {
    if (!duplicateReadingRows.has(row)) owners.add(owner);
  });
  batch.events.forEach((e, i) => {
    if (insertedEventKeys.has(eventKey(e.department, e.eventId))) owners.add(batch.eventOwners[i]!);
  });
  return owners;
}
