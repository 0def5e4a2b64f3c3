import { foldIncidentAt, type IncidentEvent, ReplayIndex } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { firstTrailAt, TRAIL_AFTER, TRAIL_BEFORE, windowTrails } from './trails.js';

const T0 = Date.UTC(2020, 3, 7, 17);
const MIN = 60_000;
let n = 0;
const ev = (incidentId: string, type: IncidentEvent['type'], m: number, extra: Partial<IncidentEvent> = {}) =>
  ({ eventId: `t${++n}`, incidentId, type, ts: T0 + m * MIN, department: 'fire', ...extra }) as IncidentEvent;
const place = { district: 'Mission', cell: null, outsideCity: false };
const reported = (department: string, category: string) => ({
  department,
  category,
  severity: 3,
  lat: 37.7,
  lon: -122.4,
});

// The window is T0 … T0 + 60 min, in two slices (0–30, 30–60). By hand:
//   before (police): reported −30, resolved 20         → 0–20, began before the window
//   early  (fire):   reported 5, resolved 10, closed 50 → 5–10 (closing later is not being open)
//   late   (ems):    reported 45, never resolved        → 45–60, goes on after the window
//   gone   (fire):   reported −50, resolved −40, closed 15: never open in the window, no trail
const beforeHistory = [ev('before', 'reported', -30, reported('police', 'Alarms'))];
const goneHistory = [
  ev('gone', 'reported', -50, reported('fire', 'Alarms')),
  ev('gone', 'resolved', -40, { department: 'fire' }),
];

function index(): ReplayIndex {
  const idx = new ReplayIndex();
  idx.addSlice({
    from: T0,
    to: T0 + 30 * MIN,
    bucketMs: 60_000,
    incidents: [
      { incidentId: 'before', atFrom: foldIncidentAt(beforeHistory, T0), ...place },
      { incidentId: 'early', atFrom: null, ...place },
      { incidentId: 'gone', atFrom: foldIncidentAt(goneHistory, T0), ...place },
    ],
    events: [
      ev('before', 'resolved', 20, { department: 'police' }),
      ev('early', 'reported', 5, reported('fire', 'Structure Fire')),
      ev('early', 'resolved', 10),
      ev('gone', 'closed', 15),
    ],
  });
  idx.addSlice({
    from: T0 + 30 * MIN,
    to: T0 + 60 * MIN,
    bucketMs: 60_000,
    incidents: [
      { incidentId: 'early', atFrom: null, ...place },
      { incidentId: 'late', atFrom: null, ...place },
    ],
    events: [ev('early', 'closed', 50), ev('late', 'reported', 45, reported('ems', 'Medical Incident'))],
  });
  return idx;
}

const all = { department: null, category: null };

describe('replay trails', () => {
  it('gives every incident open at some time of the window its interval, clipped and marked', () => {
    const trails = windowTrails(index(), all);
    const rows = Array.from({ length: trails.length }, (_, i) => [
      trails.tracks[i]?.incidentId,
      ((trails.start[i] as number) - T0) / MIN,
      ((trails.end[i] as number) - T0) / MIN,
      trails.flags[i],
    ]);
    expect(rows).toEqual([
      ['before', 0, 20, TRAIL_BEFORE],
      ['early', 5, 10, 0],
      ['late', 45, 60, TRAIL_AFTER],
    ]);
  });

  it('keeps closed incidents when the playhead is past them', () => {
    const trails = windowTrails(index(), all);
    // At 55 min only "late" is open; the first trail still open at or after it is "late" (index 2).
    expect(firstTrailAt(trails, T0 + 55 * MIN)).toBe(2);
    expect(firstTrailAt(trails, T0 + 7 * MIN)).toBe(0);
    expect(firstTrailAt(trails, T0 + 30 * MIN)).toBe(2);
    expect(firstTrailAt(trails, T0 + 61 * MIN)).toBe(-1);
  });

  it('filters as the map does', () => {
    const ids = (filter: { department: string | null; category: string | null }) => {
      const trails = windowTrails(index(), filter);
      return trails.tracks.map((t) => t.incidentId);
    };
    expect(ids({ department: 'fire', category: null })).toEqual(['early']);
    expect(ids({ department: null, category: 'medical-incident' })).toEqual(['late']);
  });

  it('has no trails before any data is loaded', () => {
    expect(windowTrails(new ReplayIndex(), all).length).toBe(0);
  });

  it('marks a trail open where the loaded data ends', () => {
    const idx = new ReplayIndex();
    idx.addSlice({
      from: T0,
      to: T0 + 30 * MIN,
      bucketMs: 60_000,
      incidents: [{ incidentId: 'x', atFrom: null, ...place }],
      events: [ev('x', 'reported', 25, reported('fire', 'Alarms'))],
    });
    const trails = windowTrails(idx, all);
    expect([trails.start[0], trails.end[0], trails.flags[0]]).toEqual([
      T0 + 25 * MIN,
      T0 + 30 * MIN,
      TRAIL_AFTER,
    ]);
  });
});
