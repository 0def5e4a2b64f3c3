import { type IncidentEvent, ReplayIndex } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { type PlacedUnit, placeUnits } from '../layers/unit-layers.js';
import { ReplayFramer, unitsAt } from './frame.js';
import { spanTime } from './incident-spans.js';
import { unitChipSpans } from './unit-chip-spans.js';

const T0 = Date.UTC(2020, 3, 7, 17);
const MIN = 60_000;
let n = 0;
const ev = (incidentId: string, type: IncidentEvent['type'], m: number, extra: Partial<IncidentEvent> = {}) =>
  ({ eventId: `u${++n}`, incidentId, type, ts: T0 + m * MIN, department: 'fire', ...extra }) as IncidentEvent;
const place = { district: 'Mission', cell: null, outsideCity: false };
const A = { lat: 37.7, lon: -122.4 };
const B = { lat: 37.8, lon: -122.41 };

/**
 * Two slices. At a: three units, one of another department (its chip goes first). b and c share a spot, so
 * their units fan out together; E1 leaves a for b. d is listed first by the second slice, already with a
 * unit on scene (a late track: it appears at the slice's start, at no event).
 */
function index(): ReplayIndex {
  const before = new ReplayIndex();
  before.addSlice({
    from: T0 - 60 * MIN,
    to: T0 + 60 * MIN,
    bucketMs: 60_000,
    incidents: [{ incidentId: 'd', atFrom: null, ...place }],
    events: [
      ev('d', 'reported', 50, { severity: 3, category: 'Alarms', lat: 37.75, lon: -122.42 }),
      ev('d', 'dispatched', 51, { unit: 'E9' }),
      ev('d', 'on_scene', 52, { unit: 'E9' }),
    ],
  });
  const dOpen = before.tracks.get('d')?.states.at(-1) ?? null;
  const idx = new ReplayIndex();
  idx.addSlice({
    from: T0,
    to: T0 + 60 * MIN,
    bucketMs: 60_000,
    incidents: ['a', 'b', 'c'].map((incidentId) => ({ incidentId, atFrom: null, ...place })),
    events: [
      ev('a', 'reported', 10, { severity: 4, category: 'Structure Fire', ...A }),
      ev('a', 'dispatched', 12, { unit: 'E1' }),
      ev('a', 'dispatched', 13, { unit: 'E2' }),
      ev('b', 'reported', 15, { severity: 2, category: 'Alarms', ...B }),
      ev('c', 'reported', 16, { severity: 2, category: 'Alarms', ...B }),
      ev('a', 'on_scene', 20, { unit: 'E1' }),
      ev('a', 'on_scene', 22, { unit: 'E2' }),
      ev('a', 'dispatched', 24, { unit: 'M3', department: 'ems' }),
      ev('a', 'on_scene', 26, { unit: 'M3', department: 'ems' }),
      ev('b', 'dispatched', 29, { unit: 'E5' }),
      ev('b', 'on_scene', 30, { unit: 'E5' }),
      ev('c', 'dispatched', 31, { unit: 'E4' }),
      ev('c', 'on_scene', 32, { unit: 'E4' }),
      ev('b', 'dispatched', 35, { unit: 'E1' }),
      ev('b', 'on_scene', 38, { unit: 'E1' }),
      ev('a', 'resolved', 40),
    ],
  });
  idx.addSlice({
    from: T0 + 60 * MIN,
    to: T0 + 120 * MIN,
    bucketMs: 60_000,
    incidents: [
      { incidentId: 'b', atFrom: null, ...place },
      { incidentId: 'd', atFrom: dOpen, ...place },
    ],
    events: [ev('b', 'resolved', 70), ev('c', 'resolved', 80), ev('d', 'resolved', 90)],
  });
  return idx;
}

const chipKey = (p: PlacedUnit) =>
  `${p.unit.department}/${p.unit.unit}@${p.slot} ${p.position.join(',')} ${p.unit.status} since ${p.unit.since} at ${p.unit.incidentId}`;

describe("the replay's unit chips as spans", () => {
  const idx = index();
  const all = { department: null, category: null };

  it("draws, at every instant of its window, exactly the frame's units on scene, placed as the wall places them", () => {
    const windows: [number, number][] = [
      [T0, T0 + 120 * MIN],
      [T0 + 21 * MIN, T0 + 37 * MIN],
      [T0 + 55 * MIN, T0 + 65 * MIN],
      [T0 + 61 * MIN, T0 + 95 * MIN],
    ];
    let checked = 0;
    for (const [from, to] of windows) {
      const spans = unitChipSpans(idx, T0, from, to);
      const times: number[] = [];
      for (let t = from; t < to; t += 30_000) times.push(t);
      // Every event instant and the late track's appearance, and a hair before each.
      for (const m of [20, 22, 26, 29, 30, 31, 32, 35, 38, 40, 60, 70, 80, 90])
        times.push(T0 + m * MIN, T0 + m * MIN - 1);
      for (const t of times.filter((t) => from <= t && t < to)) {
        const at = spanTime(spans.origin, t);
        const drawn = spans.chips.filter((c) => c.start <= at && at < c.end).map(chipKey);
        const frame = new ReplayFramer(idx).frameAt(t, all);
        const expected = placeUnits(unitsAt(frame.states)).map(chipKey);
        expect({ t: (t - T0) / MIN, drawn: drawn.sort() }).toEqual({
          t: (t - T0) / MIN,
          drawn: expected.sort(),
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
    // The scenario does what it says: three at a, three fanned out at b and c's spot, the late track's unit.
    const frameAt = (m: number) =>
      placeUnits(unitsAt(new ReplayFramer(idx).frameAt(T0 + m * MIN, all).states));
    expect(
      frameAt(27)
        .map((p) => `${p.unit.unit}@${p.slot}`)
        .sort(),
    ).toEqual(['E1@1', 'E2@2', 'M3@0']);
    expect(
      frameAt(39)
        .map((p) => `${p.unit.unit}@${p.slot}`)
        .sort(),
    ).toEqual(['E1@0', 'E2@1', 'E4@1', 'E5@2', 'M3@0']);
    expect(frameAt(61).map((p) => p.unit.unit)).toContain('E9');
  });

  it('keeps one span while a chip stays as it is, and starts a new one when its slot changes', () => {
    const spans = unitChipSpans(idx, T0, T0, T0 + 120 * MIN);
    const e5 = spans.chips
      .filter((c) => c.unit.unit === 'E5')
      .sort((x, y) => x.start - y.start)
      .map((c) => [c.slot, c.start / 60, c.end / 60]);
    // Alone at 30; E4 (at c, the same spot) takes slot 0 at 32; E1 arrives at 38; b resolved at 70.
    expect(e5).toEqual([
      [0, 30, 32],
      [1, 32, 38],
      [2, 38, 70],
    ]);
    // A window holds only the chips drawn in it.
    const narrow = unitChipSpans(idx, T0, T0 + 21 * MIN, T0 + 23 * MIN);
    expect(narrow.chips.map((c) => c.unit.unit).sort()).toEqual(['E1', 'E2']);
  });
});
