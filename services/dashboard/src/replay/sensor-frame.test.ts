import type { SensorView } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ReadingCursor } from './reading-cursor.js';
import { offlineSince, ReplaySensors } from './sensor-frame.js';

const T = Date.UTC(2020, 3, 7, 17);
const S = 1000;
const MIN = 60 * S;

const sensor = (sensorId: string, extra: Partial<SensorView> = {}): SensorView => ({
  sensorId,
  name: sensorId,
  kind: 'air_quality',
  department: 'environment',
  lat: 37.77,
  lon: -122.42,
  district: null,
  cell: null,
  outsideCity: false,
  units: {},
  intervalS: 60,
  simulated: false,
  status: 'online',
  statusAt: null,
  lastSeen: null,
  latest: {},
  ...extra,
});

/**
 * A chunk from T to T + 30 min in 1-minute buckets: sensors "a" and "b" each led by a raw reading at T − 30 s,
 * then buckets starting T … T + 9 min (the last one known at its end, T + 10 min); "c" has no readings.
 */
function chunk() {
  const names = ['a', 'b'];
  const rows: [number, number][] = [];
  for (let s = 0; s < names.length; s++) {
    rows.push([s, T - 30 * S]);
    for (let m = 0; m < 10; m++) rows.push([s, T + m * MIN]);
  }
  const cursor = new ReadingCursor({
    length: rows.length,
    sensorNames: names,
    sensorCodes: Int32Array.from(rows.map((r) => r[0])),
    metricNames: ['pm25'],
    metricCodes: new Int32Array(rows.length),
    ts: Float64Array.from(rows.map((r) => r[1])),
    value: new Float64Array(rows.length).fill(12),
    bucketMs: MIN,
    from: T,
  });
  return { from: T, to: T + 30 * MIN, cursor };
}

describe('replayed sensor health', () => {
  it('is the wall rule at the playhead: reading age, offline from its status time, one bucket of slack', () => {
    const sensors = new ReplaySensors(
      [sensor('a'), sensor('b', { status: 'offline', statusAt: T + 5 * MIN }), sensor('c')],
      { colorOf: () => [200, 100, 50], department: null },
    );
    const c = chunk();
    const at = (t: number) => {
      sensors.update(t, c);
      return [0, 1, 2].map((slot) => sensors.healthOf(slot));
    };
    // By hand: stale after 3 × 60 s, plus one 1-minute bucket (a bucket counts from its end).
    expect(at(T)).toEqual(['ok', 'ok', 'stale']);
    expect(at(T + 4 * MIN)).toEqual(['ok', 'ok', 'stale']);
    expect(at(T + 5 * MIN)).toEqual(['ok', 'offline', 'stale']);
    // The last bucket ends at T + 10 min: ok until 240 s after it.
    expect(at(T + 14 * MIN)).toEqual(['ok', 'offline', 'stale']);
    expect(at(T + 14 * MIN + S)).toEqual(['stale', 'offline', 'stale']);
    // Backwards: before the offline status, b is judged by its readings again.
    expect(at(T + 2 * MIN)).toEqual(['ok', 'ok', 'stale']);
    expect(sensors.statusAt(1, T + 2 * MIN)).toBe('online');
    expect(sensors.statusAt(1, T + 6 * MIN)).toBe('offline');
  });

  it('steps forward judging only what can have changed, and draws what a fresh judgement at t draws', () => {
    const fleet = () => [
      sensor('a'),
      sensor('b', { status: 'offline', statusAt: T + 5 * MIN }),
      sensor('c'),
      sensor('d', { intervalS: 30 }),
    ];
    const style = { colorOf: () => [200, 100, 50] as [number, number, number], department: null };
    const stepping = new ReplaySensors(fleet(), style);
    const c = chunk();
    let previous = stepping.update(T, c);
    let kept = 0;
    for (let t = T; t <= T + 30 * MIN; t += 10 * S) {
      const data = stepping.update(t, c);
      const fresh = new ReplaySensors(fleet(), style);
      const expected = fresh.update(t, c);
      expect({ t, health: [0, 1, 2, 3].map((slot) => stepping.healthOf(slot)) }).toEqual({
        t,
        health: [0, 1, 2, 3].map((slot) => fresh.healthOf(slot)),
      });
      expect(data.attributes.getFillColor.value).toEqual(expected.attributes.getFillColor.value);
      expect(data.attributes.getLineColor.value).toEqual(expected.attributes.getLineColor.value);
      if (data === previous) kept++;
      previous = data;
    }
    // Most steps change no marker: the map is handed the same data object.
    expect(kept).toBeGreaterThan(150);
  });

  it('draws no sensor as reporting where no readings are loaded', () => {
    const sensors = new ReplaySensors([sensor('a')], { colorOf: () => [200, 100, 50], department: null });
    sensors.update(T, null);
    expect(sensors.healthOf(0)).toBe('stale');
  });

  it('knows a device offline only from its status time on', () => {
    expect(offlineSince({ status: 'offline', statusAt: T })).toBe(T);
    expect(offlineSince({ status: 'offline', statusAt: null })).toBe(Number.POSITIVE_INFINITY);
    expect(offlineSince({ status: 'online', statusAt: T })).toBe(Number.POSITIVE_INFINITY);
  });
});
