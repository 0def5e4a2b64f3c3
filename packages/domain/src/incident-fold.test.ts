import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  compareEvents,
  eventIdentity,
  foldForward,
  foldIncident,
  foldIncidentAt,
  foldPosition,
  type IncidentState,
  isOpen,
} from './incident-fold.js';
import type { IncidentEvent, IncidentEventType } from './schemas.js';

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
const MIN = 60_000;

let counter = 0;
function ev(type: IncidentEventType, minutes: number, extra: Partial<IncidentEvent> = {}): IncidentEvent {
  counter += 1;
  return {
    eventId: `e${String(counter).padStart(4, '0')}`,
    incidentId: 'i1',
    type,
    ts: T0 + minutes * MIN,
    department: 'fire',
    ...extra,
  };
}

const report = (minutes = 0, extra: Partial<IncidentEvent> = {}) =>
  ev('reported', minutes, {
    category: 'structure_fire',
    severity: 3,
    lat: 37.76,
    lon: -122.41,
    title: 'Smoke on Valencia',
    ...extra,
  });

function fold(events: IncidentEvent[]): IncidentState {
  const state = foldIncident(events);
  if (!state) throw new Error('expected a state');
  return state;
}

/** mulberry32: a tiny seeded PRNG so the shuffles are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A rich history, including same-millisecond ties and events that precede the report. */
function richHistory(): IncidentEvent[] {
  return [
    ev('comment', -1, { note: 'caller says smoke' }),
    report(0),
    ev('updated', 0, { title: 'Fire on Valencia', severity: 4 }),
    ev('acknowledged', 1, { actor: 'dispatcher-7' }),
    ev('assist_requested', 2, { toDepartment: 'ems' }),
    ev('assist_requested', 2, { toDepartment: 'police' }),
    ev('dispatched', 3, { unit: 'E12' }),
    ev('dispatched', 3, { unit: 'T5' }),
    ev('dispatched', 3, { unit: 'M7', department: 'ems' }),
    ev('escalated', 4, { severity: 5 }),
    ev('on_scene', 5, { unit: 'E12' }),
    ev('unit_status', 5, { unit: 'M7', unitStatus: 'on_scene', department: 'ems' }),
    ev('unit_status', 6, { unit: 'M7', unitStatus: 'transporting', department: 'ems' }),
    ev('unit_status', 6, { unit: 'T5', unitStatus: 'available' }),
    ev('handed_off', 6, { toDepartment: 'police' }),
    ev('acknowledged', 6, { department: 'police' }),
    ev('comment', 7),
    ev('resolved', 8),
    ev('closed', 9),
    ev('reopened', 10),
    ev('dispatched', 11, { unit: 'E12' }),
  ];
}

describe('foldIncident', () => {
  it('returns null for no events', () => {
    expect(foldIncident([])).toBeNull();
    expect(foldIncidentAt(richHistory(), T0 - 10 * MIN)).toBeNull();
  });

  it('gives the same state for any permutation of the events (300 seeded shuffles)', () => {
    const history = richHistory();
    const expected = fold(history);
    const random = rng(20240601);
    for (let i = 0; i < 300; i++) {
      expect(fold(shuffled(history, random))).toEqual(expected);
    }
    // And the result is meaningful, not a trivially constant state.
    expect(expected.eventCount).toBe(history.length);
    expect(expected.units.map((u) => u.unit).sort()).toEqual(['E12', 'M7', 'T5']);
  });

  it('gives the same state for any permutation of events that share one timestamp', () => {
    const same = [
      report(0),
      ev('acknowledged', 0),
      ev('dispatched', 0, { unit: 'E1' }),
      ev('on_scene', 0, { unit: 'E1' }),
      ev('resolved', 0),
      ev('comment', 0),
      ev('comment', 0),
    ];
    const expected = fold(same);
    expect(expected.status).toBe('resolved');
    const random = rng(7);
    for (let i = 0; i < 200; i++) expect(fold(shuffled(same, random))).toEqual(expected);
  });

  it('does not reorder or mutate the input array', () => {
    const history = richHistory().reverse();
    const copy = structuredClone(history);
    foldIncident(history);
    expect(history).toEqual(copy);
  });

  it('walks the lifecycle reported → acknowledged → dispatched → on_scene → resolved → closed', () => {
    const events = [
      report(0),
      ev('acknowledged', 1),
      ev('dispatched', 2, { unit: 'E12' }),
      ev('on_scene', 3, { unit: 'E12' }),
      ev('resolved', 4),
      ev('closed', 5),
    ];
    const statuses = events.map((_, i) => fold(events.slice(0, i + 1)).status);
    expect(statuses).toEqual(['reported', 'acknowledged', 'dispatched', 'on_scene', 'resolved', 'closed']);

    const first = fold(events.slice(0, 1));
    expect(first).toMatchObject({
      incidentId: 'i1',
      department: 'fire',
      reportedBy: 'fire',
      category: 'structure_fire',
      severity: 3,
      title: 'Smoke on Valencia',
      lat: 37.76,
      lon: -122.41,
      awaitingAck: true,
      openedAt: T0,
      awaitingReport: false,
      eventCount: 1,
      lastEventType: 'reported',
    });
    expect(isOpen(first)).toBe(true);

    const acked = fold(events.slice(0, 2));
    expect(acked.awaitingAck).toBe(false);
    expect(acked.acknowledgedAt).toBe(T0 + MIN);

    const onScene = fold(events.slice(0, 4));
    expect(onScene.units).toEqual([
      {
        unit: 'E12',
        department: 'fire',
        dispatchedAt: T0 + 2 * MIN,
        onSceneAt: T0 + 3 * MIN,
        status: 'on_scene',
        statusAt: T0 + 3 * MIN,
      },
    ]);

    const resolved = fold(events.slice(0, 5));
    expect(resolved.resolvedAt).toBe(T0 + 4 * MIN);
    expect(resolved.closedAt).toBeNull();
    expect(isOpen(resolved)).toBe(false);

    const closed = fold(events);
    expect(closed.closedAt).toBe(T0 + 5 * MIN);
    expect(closed.resolvedAt).toBe(T0 + 4 * MIN);
    expect(closed.updatedAt).toBe(T0 + 5 * MIN);
    expect(closed.eventCount).toBe(6);
    expect(isOpen(closed)).toBe(false);
  });

  it('closing without resolving sets resolvedAt to the close time', () => {
    const state = fold([report(0), ev('closed', 3)]);
    expect(state.status).toBe('closed');
    expect(state.resolvedAt).toBe(T0 + 3 * MIN);
    expect(state.awaitingAck).toBe(false);
  });

  it('dispatch without acknowledgement clears awaitingAck', () => {
    const state = fold([report(0), ev('dispatched', 1, { unit: 'E1' })]);
    expect(state.status).toBe('dispatched');
    expect(state.awaitingAck).toBe(false);
  });

  it('a late dispatch does not move a resolved incident back', () => {
    const state = fold([
      report(0),
      ev('resolved', 1),
      ev('dispatched', 2, { unit: 'E1' }),
      ev('on_scene', 3),
    ]);
    expect(state.status).toBe('resolved');
    expect(state.units.map((u) => u.unit)).toEqual(['E1']);
  });

  it('handed_off changes the owner and waits for the new owner to acknowledge', () => {
    const before = fold([report(0), ev('acknowledged', 1)]);
    expect(before.awaitingAck).toBe(false);
    const handed = fold([report(0), ev('acknowledged', 1), ev('handed_off', 2, { toDepartment: 'police' })]);
    expect(handed.department).toBe('police');
    expect(handed.reportedBy).toBe('fire');
    expect(handed.awaitingAck).toBe(true);
    const acked = fold([
      report(0),
      ev('acknowledged', 1),
      ev('handed_off', 2, { toDepartment: 'police' }),
      ev('acknowledged', 3, { department: 'police' }),
    ]);
    expect(acked.awaitingAck).toBe(false);
    // the first acknowledgement time is kept
    expect(acked.acknowledgedAt).toBe(T0 + MIN);
  });

  it('handing off to the current owner changes nothing', () => {
    const state = fold([report(0), ev('acknowledged', 1), ev('handed_off', 2, { toDepartment: 'fire' })]);
    expect(state.department).toBe('fire');
    expect(state.awaitingAck).toBe(false);
  });

  it('assist_requested adds an assisting department once, never the owner; a hand-off to it removes it', () => {
    const state = fold([
      report(0),
      ev('assist_requested', 1, { toDepartment: 'ems' }),
      ev('assist_requested', 2, { toDepartment: 'ems' }),
      ev('assist_requested', 3, { toDepartment: 'fire' }),
      ev('assist_requested', 4, { toDepartment: 'police' }),
    ]);
    expect(state.assisting).toEqual(['ems', 'police']);
    expect(state.department).toBe('fire');
    const handed = fold([
      report(0),
      ev('assist_requested', 1, { toDepartment: 'ems' }),
      ev('handed_off', 2, { toDepartment: 'ems' }),
    ]);
    expect(handed.department).toBe('ems');
    expect(handed.assisting).toEqual([]);
  });

  it('escalated changes severity; updated changes the descriptive fields and place', () => {
    const state = fold([
      report(0),
      ev('escalated', 1, { severity: 5 }),
      ev('updated', 2, { title: 'Two-alarm fire', lat: 37.77, lon: -122.42, category: 'fire' }),
    ]);
    expect(state.severity).toBe(5);
    expect(state.title).toBe('Two-alarm fire');
    expect(state.category).toBe('fire');
    expect([state.lat, state.lon]).toEqual([37.77, -122.42]);
    // A position needs both coordinates.
    const half = fold([report(0), ev('updated', 1, { lat: 1 })]);
    expect([half.lat, half.lon]).toEqual([37.76, -122.41]);
  });

  it('escalated without a severity raises it by one, capped at 5', () => {
    expect(fold([report(0, { severity: 2 }), ev('escalated', 1)]).severity).toBe(3);
    expect(fold([report(0, { severity: 5 }), ev('escalated', 1)]).severity).toBe(5);
  });

  it('reopened returns a closed incident to reported, awaiting acknowledgement', () => {
    const state = fold([
      report(0),
      ev('acknowledged', 1),
      ev('resolved', 2),
      ev('closed', 3),
      ev('reopened', 4),
    ]);
    expect(state.status).toBe('reported');
    expect(state.resolvedAt).toBeNull();
    expect(state.closedAt).toBeNull();
    expect(state.awaitingAck).toBe(true);
    expect(isOpen(state)).toBe(true);
    const reacked = fold([report(0), ev('resolved', 2), ev('reopened', 4), ev('acknowledged', 5)]);
    expect(reacked.status).toBe('acknowledged');
  });

  it('awaits its report while only events before the report are known, and is normal once it arrives', () => {
    const early = [
      ev('acknowledged', 1, { department: 'police' }),
      ev('dispatched', 2, { unit: 'P3', department: 'police' }),
    ];
    const partial = fold(early);
    expect(partial.awaitingReport).toBe(true);
    // nothing is made up: no category, no title (never the incident's id), no place
    expect(partial.category).toBeNull();
    expect(partial.categoryKey).toBeNull();
    expect(partial.title).toBeNull();
    expect(partial.lat).toBeNull();
    expect(partial.lon).toBeNull();

    // the report is stamped before the others but arrives last
    const full = fold([...early, report(0)]);
    expect(full.awaitingReport).toBe(false);
    expect(full.category).toBe('structure_fire');
    expect(full.categoryKey).toBe('structure-fire');
    expect(full.department).toBe('fire');
    expect(full.openedAt).toBe(T0);
    expect(full.status).toBe('dispatched');

    // a report whose timestamp is after events of another department (clock skew) still completes it
    const skewed = fold([...early, report(3)]);
    expect(skewed.awaitingReport).toBe(false);
    expect(skewed.title).toBe('Smoke on Valencia');
    expect(skewed.openedAt).toBe(T0 + MIN);
    expect(skewed.reportedBy).toBe('fire');
  });

  it('does not duplicate a unit dispatched twice', () => {
    const state = fold([
      report(0),
      ev('dispatched', 1, { unit: 'E12' }),
      ev('dispatched', 2, { unit: 'E12' }),
    ]);
    // The first dispatch is when it was sent; its status comes from the latest news.
    expect(state.units).toEqual([
      {
        unit: 'E12',
        department: 'fire',
        dispatchedAt: T0 + MIN,
        onSceneAt: null,
        status: 'dispatched',
        statusAt: T0 + 2 * MIN,
      },
    ]);
  });

  it('on_scene for an unknown unit changes the status but adds no unit', () => {
    const state = fold([report(0), ev('dispatched', 1, { unit: 'E1' }), ev('on_scene', 2, { unit: 'X9' })]);
    expect(state.status).toBe('on_scene');
    expect(state.units).toEqual([
      {
        unit: 'E1',
        department: 'fire',
        dispatchedAt: T0 + MIN,
        onSceneAt: null,
        status: 'dispatched',
        statusAt: T0 + MIN,
      },
    ]);
  });

  it('keeps updatedAt as the newest event time and counts every event', () => {
    const history = richHistory();
    const state = fold(history);
    expect(state.updatedAt).toBe(Math.max(...history.map((e) => e.ts)));
    expect(state.lastEventType).toBe('dispatched');
  });

  it("remembers the last event's actor, and forgets it when the next event names none", () => {
    const acked = fold([report(0), ev('acknowledged', 1, { actor: 'j.doe' })]);
    expect(acked.lastEventActor).toBe('j.doe');
    const then = fold([
      report(0),
      ev('acknowledged', 1, { actor: 'j.doe' }),
      ev('dispatched', 2, { unit: 'E1' }),
    ]);
    expect(then).not.toHaveProperty('lastEventActor');
  });
});

describe('compareEvents', () => {
  it('orders by ts, then lifecycle rank, then eventId', () => {
    const a = ev('resolved', 0, { eventId: 'a' });
    const b = ev('reported', 0, { eventId: 'b' });
    const c = ev('comment', 0, { eventId: 'c' });
    const d = ev('comment', 0, { eventId: 'd' });
    const e = ev('reported', -1, { eventId: 'z' });
    expect([a, b, c, d, e].sort(compareEvents).map((x) => x.eventId)).toEqual(['z', 'b', 'c', 'd', 'a']);
    expect(compareEvents(c, c)).toBe(0);
  });

  it('breaks a tie of ts, type and eventId by department, so such events have one order', () => {
    const fire = ev('dispatched', 0, { eventId: 'same', unit: 'E1' });
    const police = ev('dispatched', 0, { eventId: 'same', unit: 'P1', department: 'police' });
    expect(compareEvents(fire, police)).toBeLessThan(0);
    expect(compareEvents(police, fire)).toBeGreaterThan(0);
    expect([police, fire].sort(compareEvents)).toEqual([fire, police]);
  });
});

describe('foldIncidentAt', () => {
  const history = [
    report(0),
    ev('acknowledged', 1),
    ev('dispatched', 2, { unit: 'E12' }),
    ev('on_scene', 3, { unit: 'E12' }),
    ev('resolved', 4),
  ];

  it('returns the state at an instant, inclusive', () => {
    expect(foldIncidentAt(history, T0 + 2 * MIN - 1)?.status).toBe('acknowledged');
    expect(foldIncidentAt(history, T0 + 2 * MIN)?.status).toBe('dispatched');
    expect(foldIncidentAt(history, T0 + 3 * MIN + 30_000)?.status).toBe('on_scene');
    expect(foldIncidentAt(history, T0 + 100 * MIN)).toEqual(foldIncident(history));
  });

  it('equals the fold of the prefix of events up to that instant, in any arrival order', () => {
    const random = rng(99);
    for (let i = 0; i < 50; i++) {
      expect(foldIncidentAt(shuffled(history, random), T0 + 2 * MIN)).toEqual(
        foldIncident(history.slice(0, 3)),
      );
    }
  });
});

describe('applyEvent', () => {
  it('never mutates the previous state', () => {
    let state: IncidentState | null = null;
    for (const e of richHistory()) {
      const before = state === null ? null : structuredClone(state);
      const next: IncidentState = applyEvent(state, e);
      expect(next).not.toBe(state);
      if (state !== null) {
        expect(state).toEqual(before);
        expect(next.units).not.toBe(state.units);
        expect(next.assisting).not.toBe(state.assisting);
      }
      state = next;
    }
    expect(state?.eventCount).toBe(richHistory().length);
  });

  it('does not mutate the event', () => {
    const e = report(0);
    const copy = structuredClone(e);
    applyEvent(null, e);
    expect(e).toEqual(copy);
  });

  it('does not mutate unit objects shared with the previous state on on_scene', () => {
    const dispatched = applyEvent(applyEvent(null, report(0)), ev('dispatched', 1, { unit: 'E1' }));
    const unitBefore = dispatched.units[0]!;
    const onScene = applyEvent(dispatched, ev('on_scene', 2, { unit: 'E1' }));
    expect(unitBefore.onSceneAt).toBeNull();
    expect(onScene.units[0]!.onSceneAt).toBe(T0 + 2 * MIN);
  });
});

describe('an incident awaiting its report', () => {
  it('a resolved event before its report: kept, flagged, nothing made up; normal once the report arrives', () => {
    const resolved = ev('resolved', 5, { department: 'public-works' });
    const waiting = fold([resolved]);
    expect(waiting).toMatchObject({
      awaitingReport: true,
      status: 'resolved',
      title: null,
      category: null,
      categoryKey: null,
      lat: null,
      lon: null,
      department: 'public-works',
      eventCount: 1,
    });

    // the report, stamped earlier, arrives later: the incremental fold cannot apply it after the resolved
    // event, so the store refolds from the whole history
    const late = report(1, { category: 'Street & Sidewalk Cleaning', department: 'public-works' });
    expect(foldForward(waiting, foldPosition(resolved), [late])).toBeNull();
    const done = fold([resolved, late]);
    expect(done).toMatchObject({
      awaitingReport: false,
      status: 'resolved',
      title: 'Smoke on Valencia',
      category: 'Street & Sidewalk Cleaning',
      categoryKey: 'street-sidewalk-cleaning',
      lat: 37.76,
      openedAt: T0 + MIN,
      resolvedAt: T0 + 5 * MIN,
      eventCount: 2,
    });
  });

  it('a report stamped after the events that preceded it is applied forward and completes the incident', () => {
    const ack = ev('acknowledged', 1);
    const waiting = fold([ack]);
    const next = foldForward(waiting, foldPosition(ack), [report(2, { category: 'Noise - Residential' })]);
    expect(next?.state).toMatchObject({
      awaitingReport: false,
      categoryKey: 'noise-residential',
      title: 'Smoke on Valencia',
      openedAt: T0 + MIN,
    });
  });

  it('an update before the report may name the category and title, and it still awaits its report', () => {
    const state = fold([ev('updated', 1, { category: 'Graffiti – Private', title: 'Tag on wall' })]);
    expect(state).toMatchObject({
      awaitingReport: true,
      category: 'Graffiti – Private',
      categoryKey: 'graffiti-private',
      title: 'Tag on wall',
    });
  });
});

describe('foldIncident: ownership and replays', () => {
  it('gives the incident to the reporter even when another department acted at an earlier timestamp', () => {
    const state = fold([ev('acknowledged', 1, { department: 'police' }), report(2)]);
    expect(state.department).toBe('fire');
    expect(state.reportedBy).toBe('fire');
    expect(state.awaitingReport).toBe(false);
  });

  it('keeps a hand-over that happened before the late report', () => {
    const state = fold([ev('handed_off', 1, { department: 'police', toDepartment: 'transport' }), report(2)]);
    expect(state.department).toBe('transport');
    expect(state.handoffs).toBe(1);
  });

  it('counts a repeated eventId once', () => {
    const r = report(0);
    const ack = ev('acknowledged', 1);
    const once = fold([r, ack]);
    const twice = fold([r, ack, { ...ack }, { ...r }]);
    expect(twice).toEqual(once);
    expect(twice.eventCount).toBe(2);
  });

  it('identifies an event by (department, eventId), as storage does', () => {
    expect(eventIdentity(ev('comment', 0, { eventId: 'x' }))).toBe('fire/x');
    expect(eventIdentity(ev('comment', 0, { eventId: 'x', department: 'police' }))).toBe('police/x');
  });

  it('counts the same eventId from two departments twice, and a repeat from one department once', () => {
    const r = report(0);
    const fireUnit = ev('dispatched', 1, { eventId: 'd-1', unit: 'E12' });
    const policeUnit = ev('dispatched', 1, { eventId: 'd-1', unit: 'P7', department: 'police' });
    const state = fold([r, fireUnit, policeUnit, { ...fireUnit }, { ...policeUnit }]);
    expect(state.eventCount).toBe(3);
    expect(state.units.map((u) => [u.unit, u.department])).toEqual([
      ['E12', 'fire'],
      ['P7', 'police'],
    ]);
  });

  it('does not let one department drop another department’s event by claiming its eventId first', () => {
    const r = report(0);
    // Police publishes an event that carries the id fire will use next, earlier in time.
    const squatter = ev('comment', 1, { eventId: 'fire-ack-1', department: 'police', note: 'mine' });
    const realAck = ev('acknowledged', 2, { eventId: 'fire-ack-1' });
    const state = fold([r, squatter, realAck]);
    expect(state.status).toBe('acknowledged');
    expect(state.eventCount).toBe(3);
  });

  it('stays deterministic for events sharing ts, type and eventId across departments (300 shuffles)', () => {
    const history = [
      report(0),
      ev('dispatched', 1, { eventId: 'same', unit: 'E1' }),
      ev('dispatched', 1, { eventId: 'same', unit: 'P1', department: 'police' }),
      ev('dispatched', 1, { eventId: 'same', unit: 'T1', department: 'transport' }),
      ev('handed_off', 2, { eventId: 'h', toDepartment: 'police' }),
      ev('handed_off', 2, { eventId: 'h', toDepartment: 'transport', department: 'ems' }),
    ];
    const expected = fold(history);
    expect(expected.units.map((u) => u.unit)).toEqual(['E1', 'P1', 'T1']);
    // ems sorts before fire: ems hands fire's incident to transport, then fire's own hand-off (to police) follows.
    expect(expected.department).toBe('police');
    const random = rng(7);
    for (let i = 0; i < 300; i++) expect(fold(shuffled(history, random))).toEqual(expected);
  });
});

describe('foldForward: the incremental fold agrees with the full fold', () => {
  const base = { incidentId: 'i1', department: 'fire' } as const;
  const events: IncidentEvent[] = [
    {
      ...base,
      eventId: 'e1',
      type: 'reported',
      ts: 1000,
      category: 'fire',
      severity: 3,
      lat: 37.7,
      lon: -122.4,
    },
    { ...base, eventId: 'e2', type: 'acknowledged', ts: 2000 },
    { ...base, eventId: 'e3', type: 'dispatched', ts: 3000, unit: 'E1' },
    { ...base, eventId: 'e4', type: 'on_scene', ts: 4000, unit: 'E1' },
    { ...base, eventId: 'e5', type: 'resolved', ts: 5000 },
  ];

  it('applies events that come after the stored position, one by one or in groups', () => {
    for (let cut = 1; cut < events.length; cut++) {
      const head = events.slice(0, cut);
      const stored = foldIncident(head)!;
      const position = foldPosition(head[head.length - 1]!);
      const forward = foldForward(stored, position, events.slice(cut));
      expect(forward?.state).toEqual(foldIncident(events));
      expect(forward?.position).toEqual(foldPosition(events[events.length - 1]!));
    }
  });

  it('refuses an event that sorts before the stored position (the caller refolds)', () => {
    const stored = foldIncident([events[0]!, events[2]!])!;
    expect(foldForward(stored, foldPosition(events[2]!), [events[1]!])).toBeNull();
    // A tie on the timestamp is ordered by lifecycle rank: acknowledged (rank 2) sorts before dispatched.
    const tie = { ...events[1]!, ts: 3000 };
    expect(foldForward(stored, foldPosition(events[2]!), [tie])).toBeNull();
  });

  it('refuses the stored last event itself, never applies it twice', () => {
    const stored = foldIncident(events.slice(0, 2))!;
    expect(foldForward(stored, foldPosition(events[1]!), [events[1]!])).toBeNull();
  });
});

describe('unit_status events', () => {
  const fold = (events: IncidentEvent[]) => foldIncident(events)!;

  it('follows a unit through its timeline without changing the incident lifecycle', () => {
    const state = fold([
      report(0),
      ev('dispatched', 1, { unit: 'M7', department: 'ems' }),
      ev('on_scene', 5, { unit: 'M7', department: 'ems' }),
      ev('unit_status', 20, { unit: 'M7', unitStatus: 'transporting', department: 'ems' }),
      ev('unit_status', 35, { unit: 'M7', unitStatus: 'at_hospital', department: 'ems' }),
    ]);
    expect(state.status).toBe('on_scene');
    expect(state.units).toEqual([
      {
        unit: 'M7',
        department: 'ems',
        dispatchedAt: T0 + MIN,
        onSceneAt: T0 + 5 * MIN,
        status: 'at_hospital',
        statusAt: T0 + 35 * MIN,
      },
    ]);
  });

  it('reads unitStatus dispatched and on_scene as the dispatched and on_scene events', () => {
    const viaEvents = fold([
      report(0),
      ev('dispatched', 1, { unit: 'E1', eventId: 'a' }),
      ev('on_scene', 4, { unit: 'E1', eventId: 'b' }),
    ]);
    const viaStatus = fold([
      report(0),
      ev('unit_status', 1, { unit: 'E1', unitStatus: 'dispatched', eventId: 'a' }),
      ev('unit_status', 4, { unit: 'E1', unitStatus: 'on_scene', eventId: 'b' }),
    ]);
    expect(viaStatus.status).toBe('on_scene');
    expect(viaStatus.units).toEqual(viaEvents.units);
    expect(viaStatus.awaitingAck).toBe(false);
  });

  it('adds a unit first heard of as working the incident, but not one only said to be free', () => {
    const state = fold([
      report(0),
      ev('unit_status', 3, { unit: 'M9', unitStatus: 'transporting', department: 'ems' }),
      ev('unit_status', 4, { unit: 'E5', unitStatus: 'available' }),
      ev('unit_status', 4, { unit: 'E6', unitStatus: 'out_of_service' }),
    ]);
    expect(state.units.map((u) => [u.unit, u.status, u.dispatchedAt])).toEqual([
      ['M9', 'transporting', T0 + 3 * MIN],
    ]);
  });

  it('keeps a unit released before the incident ends as reported, and leaves ending to the board', () => {
    const state = fold([
      report(0),
      ev('dispatched', 1, { unit: 'E1' }),
      ev('unit_status', 9, { unit: 'E1', unitStatus: 'available' }),
      ev('dispatched', 2, { unit: 'E2' }),
      ev('resolved', 10),
    ]);
    expect(state.units.map((u) => [u.unit, u.status, u.statusAt])).toEqual([
      ['E1', 'available', T0 + 9 * MIN],
      ['E2', 'dispatched', T0 + 2 * MIN],
    ]);
  });

  it('gives the same state for any arrival order of unit news', () => {
    const history = [
      report(0),
      ev('dispatched', 1, { unit: 'E1' }),
      ev('unit_status', 1, { unit: 'E1', unitStatus: 'on_scene' }),
      ev('unit_status', 3, { unit: 'E1', unitStatus: 'available' }),
      ev('unit_status', 3, { unit: 'E1', unitStatus: 'out_of_service' }),
      ev('resolved', 3),
    ];
    const expected = fold(history);
    const random = rng(99);
    for (let i = 0; i < 100; i++) expect(fold(shuffled(history, random))).toEqual(expected);
  });
});
