import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, OPEN_STATUSES } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import { compareByUrgency, inLiveSet, LIVE_SET_RECENT_MS, URGENCY_ORDER_SQL } from './live-set.js';

type Inc = Pick<IncidentState, 'incidentId' | 'status' | 'severity' | 'openedAt' | 'updatedAt'>;
const inc = (over: Partial<Inc>): Inc => ({
  incidentId: 'x',
  status: 'reported',
  severity: 3,
  openedAt: 0,
  updatedAt: 0,
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
    ];
    for (const x of list)
      for (const y of list)
        expect(Math.sign(compareByUrgency(x, y)) + Math.sign(compareByUrgency(y, x))).toBe(0);
  });
});

describe('URGENCY_ORDER_SQL', () => {
  it('spells the comparator over the incidents table', () => {
    expect(URGENCY_ORDER_SQL).toBe(
      `(status in ('reported', 'acknowledged', 'dispatched', 'on_scene')) desc, severity desc, opened_at asc, incident_id collate "C" asc`,
    );
  });

  it('quotes only plain status names', () => {
    for (const s of OPEN_STATUSES) {
      expect(INCIDENT_STATUSES).toContain(s);
      expect(s).toMatch(/^[a-z_]+$/);
    }
  });
});
