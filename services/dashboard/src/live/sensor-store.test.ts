import type { ReadingDelta } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { departmentColors } from '../layers/colors.js';
import { SENSOR_SHAPES, sensorShapeCode } from '../layers/sensor-shapes.js';
import { sensor } from '../test-fixtures.js';
import { FrameNames, type NamedReadings, ReadingsEncoder } from './readings-frame.js';
import { type SensorChange, SensorStore } from './sensor-store.js';

const colorOf = departmentColors([
  {
    id: 'environment',
    name: 'Environment',
    shortName: 'Env',
    icon: 'leaf',
    color: [0, 200, 0],
    listed: true,
  },
  { id: 'water', name: 'Water', shortName: 'Water', icon: 'drop', color: [0, 0, 200], listed: true },
]);
const NOW = 100_000;

/** Readings as the live decoder hands them over: one encoder and one set of names per test file's store. */
const encoder = new ReadingsEncoder();
const names = new FrameNames();
function frame(readings: ReadingDelta[]): NamedReadings {
  const encoded = encoder.encode(readings);
  names.take(encoded);
  return { frame: encoded, names };
}

function storeWith(...ids: string[]) {
  const store = new SensorStore();
  const changes: SensorChange[] = [];
  store.subscribe((c) => changes.push(c));
  store.setStyle({ colorOf, now: NOW, department: null });
  store.replaceAll(ids.map((id, i) => sensor({ sensorId: id, lon: i, lat: 10 + i, lastSeen: NOW - 1_000 })));
  changes.length = 0;
  return { store, changes };
}

const lineOf = (store: SensorStore, slot: number) => [
  ...store.layerData().attributes.getLineColor.value.subarray(slot * 4, slot * 4 + 4),
];

describe('SensorStore', () => {
  it('keeps one slot per sensor with its position in the binary data', () => {
    const { store } = storeWith('a', 'b', 'c');
    const data = store.layerData();
    expect(data.length).toBe(3);
    expect([...data.attributes.getPosition.value.subarray(0, 6)]).toEqual([0, 10, 1, 11, 2, 12]);
    expect(store.at(1)?.sensorId).toBe('b');
    expect(lineOf(store, 0)).toEqual([0, 200, 0, 235]);
  });

  it('applies readings in place, to the slots they name only, without a new layer data object', () => {
    const { store, changes } = storeWith('a', 'b');
    const before = store.layerData();
    const b = store.get('b');
    const touched = store.applyReadings(
      frame([
        { sensorId: 'a', lastSeen: NOW, values: { no2: { value: 3, ts: NOW } } },
        { sensorId: 'unknown', lastSeen: NOW, values: { no2: { value: 3, ts: NOW } } },
      ]),
    );
    expect(touched).toBe(1);
    expect(store.get('a')?.latest.no2).toEqual({ value: 3, ts: NOW });
    expect(store.get('a')?.latest.pm25).toEqual({ value: 12, ts: 1_000 });
    expect(store.get('a')?.lastSeen).toBe(NOW);
    expect(store.get('b')).toBe(b);
    expect(changes).toEqual(['readings']);
    expect(store.layerData()).toBe(before);
  });

  it('never moves a value or lastSeen back in time on a late delta', () => {
    const { store } = storeWith('a');
    store.applyReadings(frame([{ sensorId: 'a', lastSeen: NOW, values: { no2: { value: 3, ts: NOW } } }]));
    store.applyReadings(
      frame([{ sensorId: 'a', lastSeen: NOW - 50, values: { no2: { value: 1, ts: NOW - 50 } } }]),
    );
    expect(store.get('a')?.latest.no2?.value).toBe(3);
    expect(store.get('a')?.lastSeen).toBe(NOW);
  });

  it('restyles a stale sensor that reports again, and only then tells the map', () => {
    const store = new SensorStore();
    store.setStyle({ colorOf, now: NOW, department: null });
    store.replaceAll([sensor({ sensorId: 'a', lastSeen: NOW - 10 * 60_000 })]);
    const grey = lineOf(store, 0);
    const before = store.layerData();
    const changes: SensorChange[] = [];
    store.subscribe((c) => changes.push(c));
    store.applyReadings(frame([{ sensorId: 'a', lastSeen: NOW, values: {} }]));
    expect(changes).toEqual(['readings', 'style']);
    expect(lineOf(store, 0)).not.toEqual(grey);
    expect(lineOf(store, 0)).toEqual([0, 200, 0, 235]);
    expect(store.layerData()).not.toBe(before);
    expect(store.layerData().attributes.getLineColor.value).toBe(before.attributes.getLineColor.value);
  });

  it('turns sensors stale when the clock passes their expected interval', () => {
    const { store, changes } = storeWith('a');
    store.setStyle({ colorOf, now: NOW + 10 * 60_000, department: null });
    expect(changes).toEqual(['style']);
    expect(lineOf(store, 0).slice(0, 3)).toEqual([150, 156, 168]);
    // The same style again changes nothing.
    store.setStyle({ colorOf, now: NOW + 10 * 60_000, department: null });
    expect(changes).toEqual(['style']);
  });

  it('on a clock tick restyles only the sensors it turns stale, and keeps the positions for deck.gl', () => {
    const store = new SensorStore();
    store.setStyle({ colorOf, now: NOW, department: null });
    // 'a' reported a second ago, 'b' 50 s ago: stale after a minute (sensorStaleAfterMs).
    store.replaceAll([
      sensor({ sensorId: 'a', lastSeen: NOW - 1_000 }),
      sensor({ sensorId: 'b', lastSeen: NOW - 50_000 }),
    ]);
    const before = store.layerData();
    const changes: SensorChange[] = [];
    store.subscribe((c) => changes.push(c));
    store.setStyle({ colorOf, now: NOW + 20_000, department: null });
    expect(lineOf(store, 0)).toEqual([0, 200, 0, 235]);
    expect(lineOf(store, 1).slice(0, 3)).toEqual([150, 156, 168]);
    expect(changes).toEqual(['style']);
    const after = store.layerData();
    // NOTE: deck.gl re-reads an attribute only when its descriptor is a new object.
    expect(after).not.toBe(before);
    expect(after.attributes.getPosition).toBe(before.attributes.getPosition);
    expect(after.attributes.getLineColor).not.toBe(before.attributes.getLineColor);
    // A tick that turns nobody stale tells nobody.
    store.setStyle({ colorOf, now: NOW + 21_000, department: null });
    expect(changes).toEqual(['style']);
    expect(store.layerData()).toBe(after);
  });

  it("keeps each sensor's kind as a shape code in the binary data, and the kinds present", () => {
    const { store } = storeWith('a', 'b');
    store.upsert([sensor({ sensorId: 'b', kind: 'parking' }), sensor({ sensorId: 'c', kind: 'seismic' })]);
    const shapes = store.layerData().attributes.getShape?.value;
    expect([...(shapes ?? new Float32Array(0)).subarray(0, 3)]).toEqual([
      sensorShapeCode(store.get('a')?.kind ?? ''),
      SENSOR_SHAPES.square,
      SENSOR_SHAPES.circle,
    ]);
    expect(store.kinds()).toEqual(new Set([store.get('a')?.kind, 'parking', 'seismic']));
  });

  it('adds and updates sensors by id, growing its arrays past their first size', () => {
    const { store, changes } = storeWith('a');
    const many = Array.from({ length: 3000 }, (_, i) => sensor({ sensorId: `n${i}`, lon: i, lat: 0 }));
    store.upsert([...many, sensor({ sensorId: 'a', department: 'water', lon: 7, lat: 8 })]);
    expect(store.size).toBe(3001);
    expect(changes).toEqual(['structure']);
    expect(store.get('a')?.department).toBe('water');
    expect([...store.layerData().attributes.getPosition.value.subarray(0, 2)]).toEqual([7, 8]);
    expect(store.layerData().attributes.getPosition.value[3000 * 2]).toBe(2999);
    expect(store.departmentIds()).toEqual(new Set(['environment', 'water']));
  });

  it('a snapshot replaces everything', () => {
    const { store } = storeWith('a', 'b');
    store.replaceAll([sensor({ sensorId: 'c', simulated: true })]);
    expect(store.all().map((s) => s.sensorId)).toEqual(['c']);
    expect(store.get('a')).toBeUndefined();
    expect(store.anySimulated()).toBe(true);
  });
});

describe('SensorStore: readings from the live socket', () => {
  it('applies a whole city of readings in one frame, newest value winning', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `s${i}`);
    const { store } = storeWith(...ids);
    store.applyReadings(
      frame(ids.map((id, i) => ({ sensorId: id, lastSeen: NOW, values: { no2: { value: i, ts: NOW } } }))),
    );
    store.applyReadings(
      frame(
        ids.map((id) => ({ sensorId: id, lastSeen: NOW - 1, values: { no2: { value: -1, ts: NOW - 1 } } })),
      ),
    );
    expect(store.get('s4999')?.latest.no2?.value).toBe(4999);
    expect(store.get('s0')?.latest.no2?.value).toBe(0);
    expect(store.get('s0')?.lastSeen).toBe(NOW);
  });

  it('keeps the department set without a pass over every sensor, as a new object only when it changes', () => {
    const { store } = storeWith('a', 'b');
    const before = store.departmentIds();
    expect([...before]).toEqual(['environment']);
    store.upsert([sensor({ sensorId: 'c', department: 'environment' })]);
    expect(store.departmentIds()).toBe(before);
    store.upsert([sensor({ sensorId: 'a', department: 'water' })]);
    expect([...store.departmentIds()].sort()).toEqual(['environment', 'water']);
    store.upsert([sensor({ sensorId: 'a', department: 'environment' })]);
    expect([...store.departmentIds()]).toEqual(['environment']);
  });
});

describe('SensorStore: telling subscribers later', () => {
  it('tells them once, in a later task, for all the changes made meanwhile; values are current at once', () => {
    const flushes: (() => void)[] = [];
    const store = new SensorStore({ scheduleNotify: (flush) => flushes.push(flush) });
    const told: SensorChange[] = [];
    store.subscribe((c) => told.push(c));
    store.setStyle({ colorOf, now: NOW, department: null });
    store.replaceAll([sensor({ sensorId: 'a', lastSeen: NOW - 1_000 })]);
    store.applyReadings(frame([{ sensorId: 'a', lastSeen: NOW, values: { no2: { value: 5, ts: NOW } } }]));
    store.upsert([sensor({ sensorId: 'b', lastSeen: NOW - 1_000 })]);
    expect(told).toEqual([]);
    expect(flushes).toHaveLength(1);
    expect(store.get('a')?.latest.no2?.value).toBe(5);
    expect(store.size).toBe(2);
    flushes[0]!();
    expect(told).toEqual(['structure', 'readings']);
    store.applyReadings(
      frame([{ sensorId: 'a', lastSeen: NOW + 1, values: { no2: { value: 6, ts: NOW + 1 } } }]),
    );
    expect(flushes).toHaveLength(2);
  });
});
