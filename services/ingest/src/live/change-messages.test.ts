import { type IncidentView, type SensorPlace, WHOLE_CITY } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import type { ChangeRow } from '../db/change-log.js';
import { changesFor, changesMessages, decodeChanges } from './change-messages.js';

const incident = (id: string, over: Partial<IncidentView> = {}): IncidentView =>
  ({
    incidentId: id,
    department: 'fire',
    assisting: [],
    lat: 37.76,
    lon: -122.42,
    eventCount: 1,
    ...over,
  }) as IncidentView;

const readings = (seq: number, rows: [string, string, number, number][]): ChangeRow => ({
  seq,
  kind: 'readings',
  body: {
    sensorIds: rows.map((r) => r[0]),
    metrics: rows.map((r) => r[1]),
    ts: rows.map((r) => r[2]),
    values: rows.map((r) => r[3]),
  },
});

describe('decodeChanges', () => {
  it('keeps the newest state of an incident changed twice, at its newest position', () => {
    const decoded = decodeChanges([
      { seq: 1, kind: 'incident', body: incident('a') },
      { seq: 2, kind: 'incident', body: incident('b') },
      { seq: 3, kind: 'incident', body: incident('a', { eventCount: 2 }) },
    ]);
    expect(decoded.seq).toBe(3);
    expect(decoded.incidents.map((v) => `${v.incidentId}:${v.eventCount}`)).toEqual(['b:1', 'a:2']);
  });

  it('merges readings per sensor: per metric the newest value wins, lastSeen is the newest of all', () => {
    const decoded = decodeChanges([
      readings(1, [
        ['s1', 'pm25', 2000, 5],
        ['s1', 'no2', 1000, 7],
      ]),
      readings(2, [
        ['s1', 'pm25', 1500, 9], // older than what came before: not the newest
        ['s2', 'pm25', 3000, 1],
      ]),
    ]);
    expect(decoded.readings).toEqual([
      {
        sensorId: 's1',
        lastSeen: 2000,
        values: { pm25: { value: 5, ts: 2000 }, no2: { value: 7, ts: 1000 } },
      },
      { sensorId: 's2', lastSeen: 3000, values: { pm25: { value: 1, ts: 3000 } } },
    ]);
  });

  it('passes sensors and dead letters through', () => {
    const decoded = decodeChanges([
      { seq: 4, kind: 'sensor', body: { sensorId: 's9', department: 'water', lat: 1, lon: 2 } },
      { seq: 5, kind: 'dead_letter', body: { id: 7, receivedAt: 1, topic: 't', reason: 'r' } },
    ]);
    expect(decoded.sensors.map((s) => s.sensorId)).toEqual(['s9']);
    expect(decoded.deadLetters).toEqual([{ id: 7, receivedAt: 1, topic: 't', reason: 'r' }]);
  });
});

describe('changesFor', () => {
  const places = new Map<string, SensorPlace>([
    ['fire-sensor', { department: 'fire', lat: 37.76, lon: -122.42 }],
    ['water-sensor', { department: 'water', lat: 37.76, lon: -122.42 }],
  ]);
  const changes = decodeChanges([
    { seq: 1, kind: 'incident', body: incident('f') },
    { seq: 2, kind: 'incident', body: incident('p', { department: 'police' }) },
    readings(3, [
      ['fire-sensor', 'v', 1, 1],
      ['water-sensor', 'v', 1, 2],
      ['unknown-sensor', 'v', 1, 3],
    ]),
    { seq: 4, kind: 'dead_letter', body: { id: 1, receivedAt: 1, topic: 't', reason: 'r' } },
  ]);

  it('gives the whole city everything', () => {
    const part = changesFor(changes, WHOLE_CITY, new Set(), places);
    expect(part?.incidents).toHaveLength(2);
    expect(part?.readings).toHaveLength(3);
    expect(part?.deadLetters).toHaveLength(1);
  });

  it('gives a department its incidents and the readings of its sensors, no dead letters', () => {
    const part = changesFor(changes, { ...WHOLE_CITY, departments: new Set(['fire']) }, new Set(), places);
    expect(part?.incidents.map((v) => v.incidentId)).toEqual(['f']);
    expect(part?.readings.map((r) => r.sensorId)).toEqual(['fire-sensor']);
    expect(part?.deadLetters).toEqual([]);
  });

  it('sends an incident that leaves the part of the city once more, then forgets it', () => {
    const fire = { ...WHOLE_CITY, departments: new Set(['fire']) };
    const shown = new Set<string>();
    changesFor(decodeChanges([{ seq: 1, kind: 'incident', body: incident('x') }]), fire, shown, places);
    expect(shown.has('x')).toBe(true);
    const handedOver = decodeChanges([
      { seq: 2, kind: 'incident', body: incident('x', { department: 'police' }) },
    ]);
    expect(changesFor(handedOver, fire, shown, places)?.incidents.map((v) => v.department)).toEqual([
      'police',
    ]);
    expect(shown.has('x')).toBe(false);
    expect(changesFor(handedOver, fire, shown, places)).toBeNull();
  });

  it('sends nothing when nothing concerns the client, and no readings to a client that wants none', () => {
    const none = { ...WHOLE_CITY, departments: new Set(['parks']) };
    expect(changesFor(changes, none, new Set(), places)).toBeNull();
    expect(changesFor(changes, { ...WHOLE_CITY, readings: false }, new Set(), places)?.readings).toEqual([]);
  });
});

describe('changesMessages', () => {
  const delta = (i: number) => ({ sensorId: `s${i}`, lastSeen: i, values: { t: { value: i, ts: i } } });
  const part = (readingCount: number) => ({
    incidents: [incident('i1')],
    sensors: [],
    readings: Array.from({ length: readingCount }, (_, i) => delta(i)),
    deadLetters: [],
  });

  it('sends a small change as one message at its position', () => {
    const messages = changesMessages(12, 10, part(3), 5);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'changes', seq: 12, incidents: [{ incidentId: 'i1' }] });
  });

  it('splits a large readings delta; only the last message moves the position and holds the incidents', () => {
    const messages = changesMessages(12, 10, part(12), 5);
    expect(messages.map((m) => m.seq)).toEqual([10, 10, 12]);
    const sent = messages.flatMap((m) => (m.type === 'changes' ? (m.readings ?? []) : []));
    expect(sent.map((r) => r.sensorId)).toEqual(part(12).readings.map((r) => r.sensorId));
    expect(messages.map((m) => (m.type === 'changes' ? (m.readings?.length ?? 0) : -1))).toEqual([5, 5, 2]);
    expect(messages.slice(0, 2).every((m) => m.type === 'changes' && m.incidents === undefined)).toBe(true);
    expect(messages[2]).toMatchObject({ incidents: [{ incidentId: 'i1' }] });
  });
});
