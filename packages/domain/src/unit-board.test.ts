import { describe, expect, it } from 'vitest';
import type { UnitView } from './board-views.js';
import { foldIncident } from './incident-fold.js';
import type { IncidentEvent, IncidentEventType } from './schemas.js';
import {
  applyIncidentsToUnitBoard,
  latestUnitFacts,
  replacesUnitFact,
  type UnitFact,
  unitFactsOf,
  unitStatusNow,
} from './unit-board.js';

const T0 = Date.UTC(2020, 3, 7, 23, 0, 0);
const MIN = 60_000;
let counter = 0;

function ev(
  incidentId: string,
  type: IncidentEventType,
  minutes: number,
  extra: Partial<IncidentEvent> = {},
): IncidentEvent {
  counter += 1;
  return { eventId: `u${counter}`, incidentId, type, ts: T0 + minutes * MIN, department: 'fire', ...extra };
}

const report = (incidentId: string, minutes: number) =>
  ev(incidentId, 'reported', minutes, { category: 'Fire', severity: 3, lat: 37.7, lon: -122.4, title: 't' });

const factsOf = (events: IncidentEvent[]) => unitFactsOf(foldIncident(events)!);

describe('unitStatusNow', () => {
  const incident = {
    incidentId: 'i1',
    status: 'resolved' as const,
    resolvedAt: T0 + 30 * MIN,
    closedAt: null,
  };

  it('frees a unit still engaged when its incident ends, from the moment it ends', () => {
    expect(unitStatusNow(incident, { status: 'on_scene', statusAt: T0 + 10 * MIN })).toEqual({
      status: 'available',
      since: T0 + 30 * MIN,
      incidentId: null,
    });
  });

  it('keeps later news: a patient still transported after the incident was resolved', () => {
    expect(unitStatusNow(incident, { status: 'transporting', statusAt: T0 + 31 * MIN })).toEqual({
      status: 'transporting',
      since: T0 + 31 * MIN,
      incidentId: 'i1',
    });
  });

  it('puts an engaged unit of an open incident on it, and a free or out-of-service one on none', () => {
    const open = { ...incident, status: 'on_scene' as const, resolvedAt: null };
    expect(unitStatusNow(open, { status: 'at_hospital', statusAt: 5 }).incidentId).toBe('i1');
    expect(unitStatusNow(open, { status: 'out_of_service', statusAt: 5 })).toEqual({
      status: 'out_of_service',
      since: 5,
      incidentId: null,
    });
    expect(unitStatusNow(incident, { status: 'available', statusAt: 5 })).toEqual({
      status: 'available',
      since: 5,
      incidentId: null,
    });
  });

  it('uses the closing time when an incident was closed without being resolved first', () => {
    const closed = { incidentId: 'i1', status: 'closed' as const, resolvedAt: null, closedAt: T0 + 40 * MIN };
    expect(unitStatusNow(closed, { status: 'dispatched', statusAt: T0 }).since).toBe(T0 + 40 * MIN);
  });
});

describe('latestUnitFacts', () => {
  it('keeps a unit sent on to another incident there when the first one ends later', () => {
    const a = factsOf([report('A', 0), ev('A', 'dispatched', 1, { unit: 'E1' }), ev('A', 'resolved', 30)]);
    const b = factsOf([report('B', 5), ev('B', 'dispatched', 10, { unit: 'E1' })]);
    expect(a[0]!.status).toBe('available');
    for (const order of [
      [...a, ...b],
      [...b, ...a],
    ]) {
      expect(latestUnitFacts(order)).toEqual([
        expect.objectContaining({ unit: 'E1', status: 'dispatched', incidentId: 'B', since: T0 + 10 * MIN }),
      ]);
    }
  });

  it('frees a unit when its incident ends and it went nowhere else', () => {
    const a = factsOf([report('A', 0), ev('A', 'dispatched', 1, { unit: 'E1' }), ev('A', 'closed', 30)]);
    const earlier = factsOf([report('Z', -60), ev('Z', 'dispatched', -50, { unit: 'E1' })]);
    expect(latestUnitFacts([...earlier, ...a])).toEqual([
      expect.objectContaining({ status: 'available', since: T0 + 30 * MIN, incidentId: null }),
    ]);
  });

  it('keeps units of different departments with the same name apart', () => {
    const facts = [
      ...factsOf([report('A', 0), ev('A', 'dispatched', 1, { unit: '1', department: 'fire' })]),
      ...factsOf([report('B', 0), ev('B', 'dispatched', 2, { unit: '1', department: 'police' })]),
    ];
    expect(latestUnitFacts(facts).map((f) => `${f.department}/${f.unit}`)).toEqual(['fire/1', 'police/1']);
  });

  it('decides a tie at the same instant the same way whatever the order', () => {
    const base: UnitFact = {
      unit: 'E1',
      department: 'fire',
      status: 'available',
      since: 1,
      incidentId: null,
      sourceIncidentId: 'A',
      reportedAt: 100,
    };
    const engaged: UnitFact = { ...base, status: 'dispatched', incidentId: 'B', sourceIncidentId: 'B' };
    const other: UnitFact = { ...engaged, incidentId: 'C', sourceIncidentId: 'C' };
    expect(replacesUnitFact(base, engaged)).toBe(true);
    expect(replacesUnitFact(engaged, base)).toBe(false);
    expect(latestUnitFacts([engaged, other])).toEqual(latestUnitFacts([other, engaged]));
    expect(latestUnitFacts([engaged, other])[0]!.incidentId).toBe('C');
    // The same incident's newer fold always wins, even when it says less recent news (a reopening).
    expect(replacesUnitFact(engaged, { ...engaged, reportedAt: 50 })).toBe(true);
  });
});

describe('applyIncidentsToUnitBoard', () => {
  const row = (over: Partial<UnitView>): UnitView => ({
    unit: 'E1',
    department: 'fire',
    status: 'dispatched',
    since: T0 + 1 * MIN,
    incidentId: 'i1',
    lat: 37.7,
    lon: -122.4,
    sourceIncidentId: 'i1',
    reportedAt: T0 + 1 * MIN,
    ...over,
  });

  it('moves a unit on when its incident says so, and adds a unit the board has not seen', () => {
    const i1 = foldIncident([
      report('i1', 0),
      ev('i1', 'dispatched', 1, { unit: 'E1' }),
      ev('i1', 'on_scene', 4, { unit: 'E1' }),
      ev('i1', 'dispatched', 5, { unit: 'M7' }),
    ])!;
    const board = [row({})];
    const next = applyIncidentsToUnitBoard(board, [i1]);
    expect(next).not.toBe(board);
    expect(next.find((u) => u.unit === 'E1')).toMatchObject({ status: 'on_scene', since: T0 + 4 * MIN });
    expect(next.find((u) => u.unit === 'M7')).toMatchObject({
      status: 'dispatched',
      incidentId: 'i1',
      lat: 37.7,
    });
    expect(board[0]?.status).toBe('dispatched');
  });

  it('keeps a row resting on later news from another incident, and the same array when nothing changed', () => {
    // E1 was sent on to i2 at minute 6: i1's older news (resolved at minute 3) no longer frees it.
    const board = [
      row({ incidentId: 'i2', sourceIncidentId: 'i2', since: T0 + 6 * MIN, reportedAt: T0 + 6 * MIN }),
    ];
    const i1 = foldIncident([
      report('i1', 0),
      ev('i1', 'dispatched', 1, { unit: 'E1' }),
      ev('i1', 'resolved', 3),
    ])!;
    expect(applyIncidentsToUnitBoard(board, [i1])).toBe(board);
    const noUnits = foldIncident([report('i3', 0)])!;
    expect(applyIncidentsToUnitBoard(board, [noUnits])).toBe(board);
  });

  it('frees a unit when the incident it rests on is resolved', () => {
    const i1 = foldIncident([
      report('i1', 0),
      ev('i1', 'dispatched', 1, { unit: 'E1' }),
      ev('i1', 'resolved', 9),
    ])!;
    expect(applyIncidentsToUnitBoard([row({})], [i1])[0]).toMatchObject({
      status: 'available',
      since: T0 + 9 * MIN,
      incidentId: null,
      lat: null,
    });
  });
});
