import { type IncidentEvent, ReplayIndex } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ReplayFramer, ReplayViews, unitsAt } from './frame.js';
import { incidentSpans, spanTime } from './incident-spans.js';

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
    expect(unitsAt(at25.states)).toMatchObject([
      { unit: 'E1', status: 'on_scene', incidentId: 'a', lat: 37.7, lon: -122.4 },
    ]);
    const at45 = framer.frameAt(T0 + 45 * MIN, all);
    expect(at45.open.map((i) => i.incidentId)).toEqual(['b']);
    // Resolved: the unit is free from the resolution on, and drawn nowhere.
    expect(unitsAt(at45.states)).toMatchObject([{ unit: 'E1', status: 'available', incidentId: null }]);
  });

  it('keeps the same arrays between two events, so the map does no work', () => {
    const framer = new ReplayFramer(index());
    const all = { department: null, category: null };
    const a = framer.frameAt(T0 + 21 * MIN, all);
    const b = framer.frameAt(T0 + 30 * MIN, all);
    expect(b.t).toBe(T0 + 30 * MIN);
    expect(b.open).toBe(a.open);
    expect(b.states).toBe(a.states);
    expect(framer.frameAt(T0 + 40 * MIN, all).open).not.toBe(a.open);
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

describe('replay frames moving forward', () => {
  /** Two slices; 'c' was open before the window and is listed first by the second slice (a late track). */
  function twoSlices(): ReplayIndex {
    const before = new ReplayIndex();
    before.addSlice({
      from: T0 - 60 * MIN,
      to: T0,
      bucketMs: 60_000,
      incidents: [{ incidentId: 'c', atFrom: null, ...place }],
      events: [ev('c', 'reported', -30, { severity: 3, category: 'Alarms', lat: 37.75, lon: -122.42 })],
    });
    const cOpen = before.tracks.get('c')?.states.at(-1) ?? null;
    const idx = index();
    idx.addSlice({
      from: T0 + 60 * MIN,
      to: T0 + 120 * MIN,
      bucketMs: 60_000,
      incidents: [
        { incidentId: 'b', atFrom: null, ...place },
        { incidentId: 'c', atFrom: cOpen, ...place },
        { incidentId: 'd', atFrom: null, ...place },
      ],
      events: [
        ev('b', 'dispatched', 61, { unit: 'M7', department: 'ems' }),
        ev('d', 'reported', 61, { severity: 5, category: 'Structure Fire', lat: 37.71, lon: -122.43 }),
        ev('d', 'dispatched', 62, { unit: 'E1' }),
        ev('b', 'on_scene', 70, { unit: 'M7', department: 'ems' }),
        ev('c', 'resolved', 75),
        ev('d', 'on_scene', 80, { unit: 'E1' }),
        ev('b', 'resolved', 90, { department: 'ems' }),
        ev('d', 'resolved', 100),
      ],
    });
    return idx;
  }

  it('gives, step by step, the frame a fresh framer folds at every instant, late tracks included', () => {
    const idx = twoSlices();
    const all = { department: null, category: null };
    const stepping = new ReplayFramer(idx);
    const summary = (t: number, framer: ReplayFramer) => {
      const f = framer.frameAt(t, all);
      return {
        t,
        open: f.open.map((i) => `${i.incidentId}:${i.status}`),
        states: f.states.map((s) => s?.status ?? null),
        units: unitsAt(f.states).map((u) => `${u.unit}:${u.status}:${u.incidentId}`),
      };
    };
    // Every 30 s of the two slices, then a jump far ahead and one back.
    const times: number[] = [];
    for (let t = T0; t <= T0 + 120 * MIN; t += 30_000) times.push(t);
    times.push(T0 + 5 * MIN, T0 + 119 * MIN);
    for (const t of times) expect(summary(t, stepping)).toEqual(summary(t, new ReplayFramer(idx)));
    // The late track is open from its slice's start, and not before it.
    expect(summary(T0 + 59 * MIN, new ReplayFramer(idx)).open).not.toContain('c:reported');
    expect(summary(T0 + 60 * MIN, new ReplayFramer(idx)).open).toContain('c:reported');
  });

  it("draws on the map, as spans filtered at t, exactly the frame's open incidents (the same objects)", () => {
    const idx = twoSlices();
    const views = new ReplayViews();
    const framer = new ReplayFramer(idx, views);
    for (const filter of [
      { department: null, category: null },
      { department: 'ems', category: null },
      { department: null, category: 'Structure Fire' },
    ]) {
      const spans = incidentSpans(idx, filter, T0, views);
      for (let t = T0; t <= T0 + 120 * MIN; t += 30_000) {
        const at = spanTime(spans.origin, t);
        const drawn = spans.views.filter(
          (_, i) => (spans.starts[i] as number) <= at && at < (spans.ends[i] as number),
        );
        const open = framer.frameAt(t, filter).open.filter((i) => i.lat !== null && i.lon !== null);
        expect({ t, filter, drawn }).toEqual({ t, filter, drawn: open });
        for (const [k, view] of drawn.entries()) expect(view).toBe(open[k]);
      }
    }
  });

  it('draws the same at every instant of a stretch from the spans of that stretch alone', () => {
    const idx = twoSlices();
    const views = new ReplayViews();
    const framer = new ReplayFramer(idx, views);
    const all = { department: null, category: null };
    const every = incidentSpans(idx, all, T0, views);
    for (const [from, to] of [
      [T0 + 11 * MIN, T0 + 14 * MIN],
      [T0 + 55 * MIN, T0 + 72 * MIN],
      [T0 + 95 * MIN, T0 + 120 * MIN],
    ] as const) {
      const spans = incidentSpans(idx, all, T0, views, { from, to });
      expect(spans.views.length).toBeLessThan(every.views.length);
      for (let t = from; t < to; t += 15_000) {
        const at = spanTime(spans.origin, t);
        const drawn = spans.views.filter(
          (_, i) => (spans.starts[i] as number) <= at && at < (spans.ends[i] as number),
        );
        const open = framer.frameAt(t, all).open.filter((i) => i.lat !== null && i.lon !== null);
        expect({ t, drawn }).toEqual({ t, drawn: open });
      }
    }
  });
});
