import { describe, expect, it } from 'vitest';
import { foldIncidentAt } from './incident-fold.js';
import { kpisAt, percentileCont } from './kpis-at.js';
import type { IncidentEvent, IncidentEventType } from './schemas.js';

const T0 = Date.UTC(2020, 3, 7, 12);
const MIN = 60_000;
let n = 0;
function ev(
  incidentId: string,
  type: IncidentEventType,
  minutes: number,
  extra: Partial<IncidentEvent> = {},
) {
  n++;
  return {
    eventId: `k${n}`,
    incidentId,
    type,
    ts: T0 + minutes * MIN,
    department: 'fire',
    ...extra,
  } as IncidentEvent;
}
const reported = (id: string, minutes: number, severity: number, department = 'fire') =>
  ev(id, 'reported', minutes, { severity, department, category: 'Alarms', lat: 37.7, lon: -122.4 });

// a: fire, critical, acknowledged at +2, E1 dispatched +4, on scene +10, resolved +30.
// b: fire, severity 4, never acknowledged, asks EMS to assist at +6.
// c: EMS, severity 2, offered to police at +8 (not answered).
const EVENTS = [
  reported('a', 0, 5),
  ev('a', 'acknowledged', 2),
  ev('a', 'dispatched', 4, { unit: 'E1' }),
  ev('a', 'on_scene', 10, { unit: 'E1' }),
  ev('a', 'resolved', 30),
  reported('b', 5, 4),
  ev('b', 'assist_requested', 6, { toDepartment: 'ems' }),
  reported('c', 1, 2, 'ems'),
  ev('c', 'acknowledged', 3, { department: 'ems' }),
  ev('c', 'handover_offered', 8, { department: 'ems', toDepartment: 'police' }),
];

function at(minutes: number) {
  const t = T0 + minutes * MIN;
  const states = ['a', 'b', 'c'].map((id) =>
    foldIncidentAt(
      EVENTS.filter((e) => e.incidentId === id),
      t,
    ),
  );
  return kpisAt(states, t, 24 * 60 * MIN, ['fire', 'ems', 'police']);
}

describe('KPIs at an instant', () => {
  it('counts the open incidents as they stood, per department (worked out by hand)', () => {
    const [fire, ems, police] = at(9);
    expect(fire).toMatchObject({
      open: 2,
      critical: 1,
      high: 2,
      awaitingAck: 1,
      newLastHour: 2,
      assisting: 0,
    });
    expect(ems).toMatchObject({ open: 1, critical: 0, awaitingAck: 0, assisting: 1, handoversWaiting: 0 });
    expect(police).toMatchObject({ open: 0, handoversWaiting: 1 });
    // Before anything happened: zeros, every department still listed.
    expect(at(-1).map((k) => k.open)).toEqual([0, 0, 0]);
  });

  it('times only the steps reached by then', () => {
    const fireAt9 = at(9)[0];
    expect(fireAt9?.responseTimes.acknowledge).toMatchObject({ count: 1, medianS: 120, p90S: 120 });
    expect(fireAt9?.responseTimes.dispatch).toMatchObject({ count: 1, medianS: 240 });
    expect(fireAt9?.responseTimes.onScene).toMatchObject({ count: 0, medianS: null });
    const fireAt40 = at(40)[0];
    expect(fireAt40).toMatchObject({ open: 1, critical: 0, high: 1 });
    expect(fireAt40?.responseTimes.onScene).toMatchObject({ count: 1, medianS: 600 });
  });

  it('interpolates percentiles between ranks as percentile_cont does', () => {
    expect(percentileCont([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37);
    expect(percentileCont([], 0.5)).toBeNull();
  });
});
