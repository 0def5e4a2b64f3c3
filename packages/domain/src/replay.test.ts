/**
 * Replay is the live fold, sliced: a recorded stream with late and out-of-order events (arrival order ≠ ts
 * order, equal timestamps, a reopened incident, a hand-over) is cut into slices as the server cuts them; the
 * index built from them answers, at chosen instants, the states worked out by hand below (written out, not
 * computed), and at every instant the same as folding the whole stream up to it.
 */
import { describe, expect, it } from 'vitest';
import { foldIncidentAt } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import { ReplayIndex, type ReplaySlice, ReplaySliceOrderError, replayBucketMs, stateAt } from './replay.js';
import type { IncidentEvent } from './schemas.js';

const place = { lat: 37.76, lon: -122.41 };
const ev = (e: Omit<IncidentEvent, 'department'> & { department?: string }): IncidentEvent => ({
  department: 'fire',
  ...e,
});

/** In arrival order (the order a broker delivered them), which is not their time order. */
const ARRIVALS: IncidentEvent[] = [
  ev({ eventId: 'x-ack', incidentId: 'x', type: 'acknowledged', ts: 2000 }),
  ev({ eventId: 'y-acc', incidentId: 'y', type: 'handover_accepted', ts: 4000, department: 'police' }),
  ev({
    eventId: 'x-rep',
    incidentId: 'x',
    type: 'reported',
    ts: 1000,
    category: 'Structure Fire',
    severity: 3,
    title: 'X',
    ...place,
  }),
  // Dispatched and on scene at the same millisecond, the arrival published first.
  ev({ eventId: 'x-scene', incidentId: 'x', type: 'on_scene', ts: 3000, unit: 'E1' }),
  ev({ eventId: 'x-disp', incidentId: 'x', type: 'dispatched', ts: 3000, unit: 'E1' }),
  ev({ eventId: 'x-reopen', incidentId: 'x', type: 'reopened', ts: 6000 }),
  ev({ eventId: 'x-res1', incidentId: 'x', type: 'resolved', ts: 5000 }),
  ev({
    eventId: 'y-rep',
    incidentId: 'y',
    type: 'reported',
    ts: 1500,
    category: 'Gas Leak',
    severity: 2,
    title: 'Y',
    ...place,
  }),
  ev({ eventId: 'y-offer', incidentId: 'y', type: 'handover_offered', ts: 2500, toDepartment: 'police' }),
  ev({ eventId: 'x-res2', incidentId: 'x', type: 'resolved', ts: 8000 }),
];

/** A slice as the server builds it (db/replay.ts): touched incidents with their state at `from`, events in (from, to]. */
function sliceOf(events: readonly IncidentEvent[], from: number, to: number): ReplaySlice {
  const ids = [...new Set(events.map((e) => e.incidentId))].sort();
  const incidents = ids.flatMap((id) => {
    const mine = events.filter((e) => e.incidentId === id);
    const atFrom = foldIncidentAt(mine, from);
    const touched =
      mine.some((e) => e.ts > from && e.ts <= to) || (atFrom !== null && atFrom.status !== 'closed');
    return touched ? [{ incidentId: id, atFrom, district: null, cell: null, outsideCity: false }] : [];
  });
  return { from, to, bucketMs: 0, incidents, events: events.filter((e) => e.ts > from && e.ts <= to) };
}

function indexOf(cuts: readonly number[]): ReplayIndex {
  const index = new ReplayIndex();
  for (let i = 0; i + 1 < cuts.length; i++) index.addSlice(sliceOf(ARRIVALS, cuts[i]!, cuts[i + 1]!));
  return index;
}

/** X on scene at 3000, worked out by hand from its events up to then. */
const X_AT_3000: IncidentState = {
  incidentId: 'x',
  status: 'on_scene',
  department: 'fire',
  reportedBy: 'fire',
  category: 'Structure Fire',
  categoryKey: 'structure-fire',
  severity: 3,
  title: 'X',
  lat: 37.76,
  lon: -122.41,
  units: [
    {
      unit: 'E1',
      department: 'fire',
      dispatchedAt: 3000,
      onSceneAt: 3000,
      status: 'on_scene',
      statusAt: 3000,
    },
  ],
  assisting: [],
  handoffs: 0,
  pendingHandover: null,
  awaitingAck: false,
  openedAt: 1000,
  updatedAt: 3000,
  acknowledgedAt: 2000,
  resolvedAt: null,
  closedAt: null,
  lastEventType: 'on_scene',
  eventCount: 4,
  awaitingReport: false,
  source: 'department',
};

/** Y just after the police accepted the hand-over (acknowledged by it, still `reported`: nobody was sent). */
const Y_AT_4000: IncidentState = {
  incidentId: 'y',
  status: 'reported',
  department: 'police',
  reportedBy: 'fire',
  category: 'Gas Leak',
  categoryKey: 'gas-leak',
  severity: 2,
  title: 'Y',
  lat: 37.76,
  lon: -122.41,
  units: [],
  assisting: [],
  handoffs: 1,
  pendingHandover: null,
  awaitingAck: false,
  openedAt: 1500,
  updatedAt: 4000,
  acknowledgedAt: 4000,
  resolvedAt: null,
  closedAt: null,
  lastEventType: 'handover_accepted',
  eventCount: 3,
  awaitingReport: false,
  source: 'department',
};

/** Cuts of the recorded time into slices, some of them on an event's instant. */
const CUTS = [
  [0, 9000],
  [0, 1000, 2500, 3000, 7000, 9000],
  [500, 999, 1000, 1001, 4000, 6000, 8000, 8500],
  [2750, 2750, 5000, 9000],
];

describe('replay of a recorded stream', () => {
  for (const cuts of CUTS) {
    describe(`sliced at ${cuts.join(', ')}`, () => {
      const index = indexOf(cuts);
      const x = index.tracks.get('x')!;
      const y = index.tracks.get('y')!;

      it('shows the states worked out by hand at the chosen instants', () => {
        if (cuts[0]! < 1000) expect(stateAt(x, 999)).toBeNull();
        if (cuts[0]! <= 1000)
          expect(stateAt(x, 1000)).toMatchObject({
            status: 'reported',
            awaitingAck: true,
            acknowledgedAt: null,
            eventCount: 1,
          });
        expect(stateAt(x, 3000)).toEqual(X_AT_3000);
        expect(stateAt(x, 5000)).toMatchObject({ status: 'resolved', resolvedAt: 5000, eventCount: 5 });
        expect(stateAt(x, 6500)).toMatchObject({
          status: 'reported',
          resolvedAt: null,
          awaitingAck: true,
          eventCount: 6,
        });
        expect(stateAt(x, 8000)).toMatchObject({ status: 'resolved', resolvedAt: 8000, eventCount: 7 });
        if (cuts[0]! <= 2500)
          expect(stateAt(y, 2500)).toMatchObject({
            department: 'fire',
            pendingHandover: { from: 'fire', to: 'police', at: 2500 },
          });
        expect(stateAt(y, 4000)).toEqual(Y_AT_4000);
        expect(index.openAt(5500).map((s) => s.incidentId)).toEqual(['y']);
        expect(
          index
            .openAt(6000)
            .map((s) => s.incidentId)
            .sort(),
        ).toEqual(['x', 'y']);
      });

      it('equals the fold of the whole stream up to every instant', () => {
        for (let t = cuts[0]!; t <= cuts[cuts.length - 1]!; t += 125) {
          for (const id of ['x', 'y']) {
            const track = index.tracks.get(id)!;
            const whole = foldIncidentAt(
              ARRIVALS.filter((e) => e.incidentId === id),
              t,
            );
            expect({ id, t, state: stateAt(track, t) }).toEqual({ id, t, state: whole });
          }
        }
      });
    });
  }

  it('steps from event to event', () => {
    const index = indexOf([0, 2500, 9000]);
    expect(index.eventTimes).toEqual([1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000]);
    expect(index.nextEventAfter(3000)).toBe(4000);
    expect(index.previousEventBefore(3000)).toBe(2500);
    expect(index.nextEventAfter(8000)).toBeNull();
    expect(index.previousEventBefore(1000)).toBeNull();
  });

  it('lists, per event instant, each incident that changed then, once', () => {
    const index = indexOf([0, 2500, 9000]);
    expect(index.changedAt).toHaveLength(index.eventTimes.length);
    index.eventTimes.forEach((time, i) => {
      const changed = [...new Set(ARRIVALS.filter((e) => e.ts === time).map((e) => e.incidentId))].sort();
      expect({ time, changed: [...(index.changedAt[i] ?? [])].sort() }).toEqual({ time, changed });
    });
  });

  it('refuses slices out of order, backwards or naming an incident they do not list', () => {
    const index = indexOf([0, 2500]);
    expect(() => index.addSlice(sliceOf(ARRIVALS, 3000, 4000))).toThrow(ReplaySliceOrderError);
    expect(() => index.addSlice(sliceOf(ARRIVALS, 2000, 2500))).toThrow(/contiguous/);
    expect(() => new ReplayIndex().addSlice({ ...sliceOf(ARRIVALS, 0, 10), to: 5, from: 10 })).toThrow(
      /cannot end before/,
    );
    const broken = { ...sliceOf(ARRIVALS, 0, 2500), incidents: [] };
    expect(() => new ReplayIndex().addSlice(broken)).toThrow(/not in the slice/);
  });
});

describe('the reading bucket of a window', () => {
  const minute = 60_000;
  const hour = 60 * minute;
  it('is raw under an hour, a minute under a day, an hour from a day on', () => {
    expect(replayBucketMs(0)).toBe(0);
    expect(replayBucketMs(hour - 1)).toBe(0);
    expect(replayBucketMs(hour)).toBe(minute);
    expect(replayBucketMs(24 * hour - 1)).toBe(minute);
    expect(replayBucketMs(24 * hour)).toBe(hour);
    expect(replayBucketMs(366 * 24 * hour)).toBe(hour);
  });
});
