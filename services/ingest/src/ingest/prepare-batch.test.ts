import type { IncidentEvent, IngestRecord } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { type OwnedRecord, ownersWithNewData, prepareBatch as prepareOwned } from './prepare-batch.js';

/** Each record its own message, as most MQTT messages carry one record. */
const prepareBatch = (records: IngestRecord[]) =>
  prepareOwned(records.map((record, owner): OwnedRecord => ({ record, owner })));

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
const iso = (ts: number) => ts;
const reading = (sensorId: string, ts: number, values: Record<string, number>): IngestRecord => ({
  kind: 'reading',
  sensorId,
  ts,
  values,
});
const event = (eventId: string, note: string): IngestRecord => ({
  kind: 'incident-event',
  event: {
    eventId,
    incidentId: 'i1',
    type: 'comment',
    ts: T0,
    department: 'fire',
    note,
  } satisfies IncidentEvent,
});

function rows(cols: { sensorIds: string[]; metrics: string[]; ts: number[]; values: number[] }) {
  return cols.sensorIds.map((sensorId, i) => ({
    sensorId,
    metric: cols.metrics[i],
    ts: cols.ts[i],
    value: cols.values[i],
  }));
}

describe('prepareBatch', () => {
  it('returns empty columns for an empty batch', () => {
    const batch = prepareBatch([]);
    expect(batch.readings).toEqual({ sensorIds: [], metrics: [], ts: [], values: [] });
    expect(batch.latest).toEqual({ sensorIds: [], metrics: [], ts: [], values: [] });
    expect(batch).toMatchObject({ metas: [], statuses: [], events: [], readingCount: 0 });
  });

  it('turns readings into one row per metric value, with ISO timestamps', () => {
    const batch = prepareBatch([
      reading('s1', T0, { pm25: 1, no2: 2 }),
      reading('s2', T0 + 1000, { pm25: 3 }),
    ]);
    expect(rows(batch.readings)).toEqual([
      { sensorId: 's1', metric: 'pm25', ts: iso(T0), value: 1 },
      { sensorId: 's1', metric: 'no2', ts: iso(T0), value: 2 },
      { sensorId: 's2', metric: 'pm25', ts: iso(T0 + 1000), value: 3 },
    ]);
    expect(batch.readingCount).toBe(3);
  });

  it('dedupes the same sensor/metric/ts inside a batch (the first copy wins) but counts every value', () => {
    const batch = prepareBatch([
      reading('s1', T0, { pm25: 1, no2: 5 }),
      reading('s1', T0, { pm25: 2 }),
      reading('s1', T0, { pm25: 1, no2: 5 }),
      reading('s2', T0, { pm25: 9 }),
    ]);
    expect(rows(batch.readings)).toEqual([
      { sensorId: 's1', metric: 'pm25', ts: iso(T0), value: 1 },
      { sensorId: 's1', metric: 'no2', ts: iso(T0), value: 5 },
      { sensorId: 's2', metric: 'pm25', ts: iso(T0), value: 9 },
    ]);
    expect(batch.readingCount).toBe(6);
  });

  it('does not treat ids that only look alike when joined as duplicates', () => {
    const batch = prepareBatch([reading('a:b', T0, { c: 1 }), reading('a', T0, { 'b:c': 2 })]);
    expect(batch.readings.values).toEqual([1, 2]);
  });

  it('keeps the newest value per sensor and metric in latest, in any arrival order', () => {
    const records = [
      reading('s1', T0 + 2000, { pm25: 3 }),
      reading('s1', T0, { pm25: 1, no2: 10 }),
      reading('s1', T0 + 1000, { pm25: 2, no2: 20 }),
      reading('s2', T0, { pm25: 7 }),
    ];
    const batch = prepareBatch(records);
    const latest = rows(batch.latest).sort((a, b) =>
      `${a.sensorId}${a.metric}`.localeCompare(`${b.sensorId}${b.metric}`),
    );
    expect(latest).toEqual([
      { sensorId: 's1', metric: 'no2', ts: iso(T0 + 1000), value: 20 },
      { sensorId: 's1', metric: 'pm25', ts: iso(T0 + 2000), value: 3 },
      { sensorId: 's2', metric: 'pm25', ts: iso(T0), value: 7 },
    ]);
    expect(rows(prepareBatch([...records].reverse()).latest)).toHaveLength(3);
    expect(rows(prepareBatch([...records].reverse()).latest)).toEqual(expect.arrayContaining(latest));
    expect(batch.readings.sensorIds).toHaveLength(6);
  });

  it('at an equal ts keeps the first value in latest, the same copy the readings keep', () => {
    const batch = prepareBatch([reading('s1', T0, { pm25: 1 }), reading('s1', T0, { pm25: 2 })]);
    expect(rows(batch.latest)).toEqual([{ sensorId: 's1', metric: 'pm25', ts: iso(T0), value: 1 }]);
    expect(rows(batch.readings)).toEqual([{ sensorId: 's1', metric: 'pm25', ts: iso(T0), value: 1 }]);
  });

  it('keeps the last meta per sensor', () => {
    const meta = (name: string) => ({ name, kind: 'aq', department: 'environment', lat: 1, lon: 2 });
    const batch = prepareBatch([
      { kind: 'sensor-meta', sensorId: 's1', ts: T0, meta: meta('old') },
      { kind: 'sensor-meta', sensorId: 's2', ts: T0, meta: meta('other') },
      { kind: 'sensor-meta', sensorId: 's1', ts: T0 + 1, meta: meta('new') },
    ]);
    expect(batch.metas.map((m) => [m.sensorId, m.meta.name])).toEqual([
      ['s1', 'new'],
      ['s2', 'other'],
    ]);
  });

  it('keeps the newest status per sensor, whatever the arrival order', () => {
    const batch = prepareBatch([
      { kind: 'sensor-status', sensorId: 's1', ts: T0 + 10, status: 'offline' },
      { kind: 'sensor-status', sensorId: 's1', ts: T0, status: 'online' },
      { kind: 'sensor-status', sensorId: 's2', ts: T0, status: 'online' },
      { kind: 'sensor-status', sensorId: 's2', ts: T0 + 5, status: 'offline' },
      { kind: 'sensor-status', sensorId: 's2', ts: T0 + 5, status: 'online' },
    ]);
    expect(batch.statuses).toEqual([
      { sensorId: 's1', ts: T0 + 10, status: 'offline' },
      // at the same instant the later message wins
      { sensorId: 's2', ts: T0 + 5, status: 'online' },
    ]);
  });

  it('dedupes incident events by department and eventId, keeping the first', () => {
    const other = event('e1', 'police event with the same id');
    if (other.kind === 'incident-event') other.event = { ...other.event, department: 'police' };
    const batch = prepareBatch([event('e1', 'first'), event('e2', 'x'), event('e1', 'replay'), other]);
    expect(batch.events.map((e) => [e.department, e.eventId, e.note])).toEqual([
      ['fire', 'e1', 'first'],
      ['fire', 'e2', 'x'],
      ['police', 'e1', 'police event with the same id'],
    ]);
    expect(batch.eventOwners).toEqual([0, 1, 3]);
  });

  it('does not count non-reading records as readings', () => {
    const batch = prepareBatch([
      event('e1', 'x'),
      { kind: 'sensor-status', sensorId: 's1', ts: T0, status: 'online' },
    ]);
    expect(batch.readingCount).toBe(0);
    expect(batch.readings.sensorIds).toEqual([]);
  });

  it('does not mutate its input', () => {
    const records = [reading('s1', T0, { pm25: 1 }), reading('s1', T0, { pm25: 2 }), event('e1', 'x')];
    const copy = structuredClone(records);
    prepareBatch(records);
    expect(records).toEqual(copy);
  });
});

describe('message ownership', () => {
  const owned = (owner: number, record: IngestRecord): OwnedRecord => ({ record, owner });

  it('gives each row to the first message that carried it', () => {
    const batch = prepareOwned([
      owned(0, reading('s1', T0, { pm25: 1, no2: 2 })),
      owned(1, reading('s1', T0, { pm25: 1 })), // a copy of part of message 0
      owned(1, reading('s2', T0, { pm25: 3 })),
      owned(2, reading('s1', T0, { no2: 2 })), // nothing of its own
    ]);
    expect(batch.readingOwners).toEqual([0, 0, 1]);
  });

  it('says which messages had something new: rows not already stored, inserted events, upserts', () => {
    const batch = prepareOwned([
      owned(0, reading('s1', T0, { pm25: 1 })),
      owned(1, reading('s2', T0, { pm25: 2 })),
      owned(2, event('e1', 'x')),
      owned(3, event('e2', 'y')),
      owned(4, { kind: 'sensor-status', sensorId: 's1', ts: T0, status: 'online' }),
      owned(5, reading('s1', T0, { pm25: 1 })),
    ]);
    // row 1 (s2) was already stored; only e2 was inserted
    const owners = ownersWithNewData(batch, new Set([1]), new Set(['fire\u0000e2']));
    expect([...owners].sort()).toEqual([0, 3, 4]);
  });
});
