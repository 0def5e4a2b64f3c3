import { type IncidentEvent, ReplayIndex } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ReplayFramer } from './frame.js';

const T0 = Date.UTC(2020, 3, 7, 17);
const MIN = 60_000;
let n = 0;
const ev = (incidentId: string, type: IncidentEvent['type'], m: number, extra: Partial<IncidentEvent> = {}) =>
  ({ eventId: `f${++n}`, incidentId, type, ts: T0 + m * MIN, department: 'fire', ...extra }) as IncidentEvent;
const place = { district: 'Mission', cell: null, outsideCity: false };

function index(): ReplayIndex {
  const idx = new ReplayIndex();
  idx.addSlice({
    from: T0,
    to: T0 + 60 * MIN,
    bucketMs: 60_000,
    incidents: [
      { incidentId: 'a', atFrom: null, ...place },
      { incidentId: 'b', atFrom: null, ...place },
    ],
    events: [
      ev('a', 'reported', 10, { severity: 4, category: 'Structure Fire', lat: 37.7, lon: -122.4 }),
      ev('a', 'dispatched', 12, { unit: 'E1' }),
      ev('a', 'on_scene', 20, { unit: 'E1' }),
      ev('a', 'resolved', 40),
      ev('b', 'reported', 15, {
        department: 'ems',
        severity: 2,
        category: 'Medical Incident',
        lat: 37.8,
        lon: -122.41,
      }),
    ],
  });
  return idx;
}

describe('replay frames', () => {
  it('shows what was open at t with its status then, and the units on scene then', () => {
    const framer = new ReplayFramer(index());
    const all = { department: null, category: null };
    expect(framer.frameAt(T0 + 5 * MIN, all).open).toEqual([]);
    const at25 = framer.frameAt(T0 + 25 * MIN, all);
    expect(at25.open.map((i) => [i.incidentId, i.status, i.district])).toEqual([
      ['a', 'on_scene', 'Mission'],
      ['b', 'reported', 'Mission'],
    ]);
    expect(at25.units).toMatchObject([
      { unit: 'E1', status: 'on_scene', incidentId: 'a', lat: 37.7, lon: -122.4 },
    ]);
    const at45 = framer.frameAt(T0 + 45 * MIN, all);
    expect(at45.open.map((i) => i.incidentId)).toEqual(['b']);
    // Resolved: the unit is free from the resolution on, and drawn nowhere.
    expect(at45.units).toMatchObject([{ unit: 'E1', status: 'available', incidentId: null }]);
  });

  it('keeps the same arrays between two events, so the map does no work', () => {
    const framer = new ReplayFramer(index());
    const all = { department: null, category: null };
    const a = framer.frameAt(T0 + 21 * MIN, all);
    const b = framer.frameAt(T0 + 30 * MIN, all);
    expect(b.t).toBe(T0 + 30 * MIN);
    expect(b.open).toBe(a.open);
    expect(b.units).toBe(a.units);
    expect(b.states).toBe(a.states);
    expect(framer.frameAt(T0 + 40 * MIN, all).open).not.toBe(a.open);
  });

  it('keeps the units array across an event that moves no unit, and makes a new one when a unit moves', () => {
    const framer = new ReplayFramer(index());
    const all = { department: null, category: null };
    const onScene = framer.frameAt(T0 + 21 * MIN, all);
    // b's report at 15 is before; nothing between 21 and 39 changes a unit, but a's resolution at 40 does.
    const before = framer.frameAt(T0 + 14 * MIN, all);
    const reported = framer.frameAt(T0 + 16 * MIN, all);
    expect(reported.open).not.toBe(before.open);
    expect(reported.units).toBe(before.units);
    const resolved = framer.frameAt(T0 + 41 * MIN, all);
    expect(resolved.units).not.toBe(onScene.units);
    expect(resolved.units).toMatchObject([{ unit: 'E1', status: 'available' }]);
  });

  it('filters by department (owner or assisting) and category', () => {
    const framer = new ReplayFramer(index());
    const t = T0 + 25 * MIN;
    expect(framer.frameAt(t, { department: 'ems', category: null }).open.map((i) => i.incidentId)).toEqual([
      'b',
    ]);
    expect(
      framer.frameAt(t, { department: null, category: 'structure-fire' }).open.map((i) => i.incidentId),
    ).toEqual(['a']);
  });
});
