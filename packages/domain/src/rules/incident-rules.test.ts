import { describe, expect, it } from 'vitest';
import { evaluateIncidentCondition, type RuleIncident } from './incident-condition.js';
import { inArea, type RulePlace } from './rule-area.js';
import type { IncidentConditionRule, TimerRule } from './rule-schema.js';
import { evaluateTimer } from './timer.js';

const T0 = 1_700_000_000_000;
const incident: RuleIncident = {
  incidentId: 'w-1',
  status: 'reported',
  department: 'water',
  categoryKey: 'main-break',
  severity: 3,
  assisting: [],
  openedAt: T0,
  acknowledgedAt: null,
  units: [],
  awaitingReport: false,
};
const place: RulePlace = { lat: 37.76, lon: -122.42, district: 'Mission', cell: '8396:-23890' };

const assist: IncidentConditionRule = {
  id: 'main-break-assist',
  description: 'assist',
  enabled: true,
  kind: 'incident-condition',
  when: { categoryKeys: ['main-break'], minSeverity: 3, area: { district: 'Mission' } },
  action: { requestAssistanceFrom: ['public-works', 'transport', 'water'] },
};

describe('incident-condition rule', () => {
  it('asks each target that is not the owner and not already assisting, as the owner, with stable ids', () => {
    const actions = evaluateIncidentCondition(
      assist,
      { ...incident, assisting: ['transport'] },
      place,
      T0 + 5,
    );
    expect(actions.map((a) => a.event)).toEqual([
      {
        eventId: 'rule.main-break-assist.w-1:public-works',
        incidentId: 'w-1',
        type: 'assist_requested',
        ts: T0 + 5,
        department: 'water',
        actor: 'rule:main-break-assist',
        toDepartment: 'public-works',
        note: 'Assistance requested by rule main-break-assist',
      },
    ]);
    expect(actions[0]?.summary).toBe('asked public-works to assist water on w-1 (main-break, severity 3)');
  });

  it('does nothing for another category, a lower severity, another area, or a closed incident', () => {
    expect(evaluateIncidentCondition(assist, { ...incident, categoryKey: 'flooding' }, place, T0)).toEqual(
      [],
    );
    expect(evaluateIncidentCondition(assist, { ...incident, severity: 2 }, place, T0)).toEqual([]);
    expect(evaluateIncidentCondition(assist, incident, { ...place, district: 'Marina' }, T0)).toEqual([]);
    expect(evaluateIncidentCondition(assist, { ...incident, status: 'resolved' }, place, T0)).toEqual([]);
    expect(evaluateIncidentCondition(assist, { ...incident, awaitingReport: true }, place, T0)).toEqual([]);
  });
});

describe('rule areas', () => {
  it('matches a district, a cell and a circle; no area is the whole city', () => {
    expect(inArea(null, place)).toBe(true);
    expect(inArea({ cell: '8396:-23890' }, place)).toBe(true);
    expect(inArea({ cell: '8396:-23891' }, place)).toBe(false);
    expect(inArea({ near: { lat: 37.76, lon: -122.421, radiusM: 100 } }, place)).toBe(true);
    expect(inArea({ near: { lat: 37.76, lon: -122.43, radiusM: 100 } }, place)).toBe(false);
    expect(inArea({ near: { lat: 37.76, lon: -122.43, radiusM: 100 } }, { ...place, lat: null })).toBe(false);
  });
});

const ack: TimerRule = {
  id: 'critical-ack-5-min',
  description: 'ack',
  enabled: true,
  kind: 'timer',
  when: { notReached: 'acknowledged', withinS: 300, minSeverity: 4 },
  action: { escalate: true },
};
const critical = { ...incident, severity: 4 };

describe('timer rule', () => {
  it('escalates once the deadline has passed without the milestone: severity + 1, a note for command', () => {
    expect(evaluateTimer(ack, critical, T0 + 299_999)).toBeNull();
    const action = evaluateTimer(ack, critical, T0 + 300_000);
    expect(action?.event).toMatchObject({
      eventId: 'rule.critical-ack-5-min.w-1:escalated',
      type: 'escalated',
      severity: 5,
      department: 'water',
      actor: 'rule:critical-ack-5-min',
    });
    expect(action?.event.note).toBe(
      'Escalated by rule: not acknowledged within 5 min of the report; notify command',
    );
    // Never above 5; the same id at any later time.
    const later = evaluateTimer(ack, { ...critical, severity: 5 }, T0 + 900_000);
    expect(later?.event.severity).toBe(5);
    expect(later?.event.eventId).toBe(action?.event.eventId);
  });

  it('does not escalate a milestone reached in time, a resolved incident, or one below the severity', () => {
    expect(evaluateTimer(ack, { ...critical, acknowledgedAt: T0 + 300_000 }, T0 + 400_000)).toBeNull();
    expect(evaluateTimer(ack, { ...critical, status: 'resolved' }, T0 + 400_000)).toBeNull();
    expect(evaluateTimer(ack, incident, T0 + 400_000)).toBeNull();
  });

  it('on scene: the first unit on scene by the deadline counts', () => {
    const onScene: TimerRule = { ...ack, id: 'on-scene', when: { notReached: 'on_scene', withinS: 900 } };
    const unit = (onSceneAt: number | null) => ({
      unit: 'E1',
      department: 'water',
      dispatchedAt: T0,
      onSceneAt,
      status: 'on_scene' as const,
      statusAt: T0,
    });
    expect(evaluateTimer(onScene, { ...incident, units: [unit(T0 + 600_000)] }, T0 + 1e6)).toBeNull();
    expect(evaluateTimer(onScene, { ...incident, units: [unit(null)] }, T0 + 1e6)?.action).toBe('escalated');
    expect(
      evaluateTimer(onScene, { ...incident, units: [unit(T0 + 901_000)] }, T0 + 1e6)?.event.note,
    ).toContain('no unit on scene within 15 min');
  });
});
