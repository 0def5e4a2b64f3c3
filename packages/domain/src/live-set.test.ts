import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, OPEN_STATUSES } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import {
  compareByUrgency,
  inLiveSet,
  isUrgent,
  LIVE_SET_RECENT_MS,
  URGENCY_ORDER_SQL,
  URGENT_SEVERITY,
} from './live-set.js';

type Inc = Pick<
  IncidentState,
  'incidentId' | 'status' | 'severity' | 'openedAt' | 'updatedAt' | 'awaitingAck'
>;
const inc = (over: Partial<Inc>): Inc => ({
  incidentId: 'x',
  status: 'reported',
  severity: 3,
  openedAt: 0,
  updatedAt: 0,
  awaitingAck: false,
  ...over,
});

const HOUR = 3_600_000;

describe('inLiveSet', () => {
  it('the window is one hour', () => {
    expect(LIVE_SET_RECENT_MS).toBe(HOUR);
  });

  it('keeps every open incident, however old', () => {
    for (const status of OPEN_STATUSES)
      expect(inLiveSet(inc({ status, updatedAt: 0 }), 100 * HOUR)).toBe(true);
  });

  it('keeps a resolved or closed incident for exactly one hour after its last update', () => {
    const now = 10 * HOUR;
    for (const status of ['resolved', 'closed'] as const) {
      expect(inLiveSet(inc({ status, updatedAt: now }), now)).toBe(true);
      expect(inLiveSet(inc({ status, updatedAt: now - HOUR + 1 }), now)).toBe(true);
      expect(inLiveSet(inc({ status, updatedAt: now - HOUR }), now), 'at exactly one hour').toBe(true);
      expect(inLiveSet(inc({ status, updatedAt: now - HOUR - 1 }), now), 'one ms past').toBe(false);
    }
  });
});

describe('compareByUrgency', () => {
  const sorted = (list: Inc[]) => [...list].sort(compareByUrgency).map((i) => i.incidentId);

  it('puts the most severe first and, within a severity, the longest waiting first', () => {
    expect(
      sorted([
        inc({ incidentId: 'a', severity: 2, openedAt: 10 }),
        inc({ incidentId: 'b', severity: 5, openedAt: 30 }),
        inc({ incidentId: 'c', severity: 5, openedAt: 20 }),
        inc({ incidentId: 'd', severity: 3, openedAt: 5 }),
      ]),
    ).toEqual(['c', 'b', 'd', 'a']);
  });

  it('puts open incidents before those no longer open, whatever the severity', () => {
    expect(
      sorted([
        inc({ incidentId: 'closed5', status: 'closed', severity: 5 }),
        inc({ incidentId: 'open1', status: 'on_scene', severity: 1 }),
        inc({ incidentId: 'resolved4', status: 'resolved', severity: 4 }),
      ]),
    ).toEqual(['open1', 'closed5', 'resolved4']);
  });

  it('puts unacknowledged high-severity incidents above acknowledged ones of any severity', () => {
    expect(
      sorted([
        inc({ incidentId: 'ack5-old', severity: 5, openedAt: 1 }),
        inc({ incidentId: 'new4', severity: 4, openedAt: 50, awaitingAck: true }),
        inc({ incidentId: 'new5', severity: 5, openedAt: 60, awaitingAck: true }),
        inc({ incidentId: 'new3', severity: 3, openedAt: 0, awaitingAck: true }),
        inc({ incidentId: 'ack3', severity: 3, openedAt: 2 }),
      ]),
    ).toEqual(['new5', 'new4', 'ack5-old', 'new3', 'ack3']);
  });

  it('does not push up a closed incident that was never acknowledged', () => {
    expect(
      sorted([
        inc({ incidentId: 'closed', status: 'closed', severity: 5, awaitingAck: true }),
        inc({ incidentId: 'open', severity: 1 }),
      ]),
    ).toEqual(['open', 'closed']);
  });

  it('breaks full ties by incident id in code-unit order, and is 0 only for the same id', () => {
    expect(sorted([inc({ incidentId: 'b' }), inc({ incidentId: 'B' }), inc({ incidentId: 'a-1' })])).toEqual([
      'B',
      'a-1',
      'b',
    ]);
    expect(compareByUrgency(inc({ incidentId: 'same' }), inc({ incidentId: 'same' }))).toBe(0);
  });

  it('is antisymmetric', () => {
    const list = [
      inc({ incidentId: 'a', severity: 2, openedAt: 1 }),
      inc({ incidentId: 'b', severity: 2, openedAt: 1, status: 'closed' }),
      inc({ incidentId: 'c', severity: 4, openedAt: 9 }),
      inc({ incidentId: 'd', severity: 4, openedAt: 9, awaitingAck: true }),
      inc({ incidentId: 'e', severity: 5, openedAt: 9, awaitingAck: true, status: 'resolved' }),
    ];
    for (const x of list)
      for (const y of list)
        expect(Math.sign(compareByUrgency(x, y)) + Math.sign(compareByUrgency(y, x))).toBe(0);
  });
});

describe('isUrgent', () => {
  it('is open, high severity and awaiting acknowledgement, all three', () => {
    expect(URGENT_SEVERITY).toBe(4);
    expect(isUrgent(inc({ severity: 4, awaitingAck: true }))).toBe(true);
    expect(isUrgent(inc({ severity: 3, awaitingAck: true }))).toBe(false);
    expect(isUrgent(inc({ severity: 5, awaitingAck: false }))).toBe(false);
    expect(isUrgent(inc({ severity: 5, awaitingAck: true, status: 'resolved' }))).toBe(false);
  });
});

describe('URGENCY_ORDER_SQL', () => {
  it('spells the comparator over the incidents table', () => {
    expect(URGENCY_ORDER_SQL).toBe(
      `(status in ('reported', 'acknowledged', 'dispatched', 'on_scene')) desc, ` +
        `((status in ('reported', 'acknowledged', 'dispatched', 'on_scene')) and severity >= 4 and coalesce(state->>'awaitingAck' = 'true', false)) desc, ` +
        `severity desc, opened_at asc, incident_id collate "C" asc`,
    );
  });

  it('quotes only plain status names', () => {
    for (const s of OPEN_STATUSES) {
      expect(INCIDENT_STATUSES).toContain(s);
      expect(s).toMatch(/^[a-z_]+$/);
    }
  });
});
