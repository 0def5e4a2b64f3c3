import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { RuleSchema } from './rule-schema.js';

const flood = {
  id: 'flood-watch',
  description: 'Water level above 1.2 m for 10 minutes opens a flooding incident for Water',
  enabled: true,
  kind: 'sensor-condition',
  when: { sensorKind: 'water-level', metric: 'level_cm', op: '>', threshold: 120, forS: 600, area: null },
  action: {
    department: 'water',
    category: 'Flooding',
    severity: 4,
    title: 'Flooding at {sensor}',
    clearForS: 900,
  },
};

describe('rule schema', () => {
  it('accepts each kind', () => {
    expect(Value.Check(RuleSchema, flood)).toBe(true);
    expect(
      Value.Check(RuleSchema, {
        id: 'main-break-assist',
        description: 'A water main break asks public works and transport to assist',
        enabled: true,
        kind: 'incident-condition',
        when: { categoryKeys: ['water-main-break'], minSeverity: 3, area: { district: 'Mission' } },
        action: { requestAssistanceFrom: ['public-works', 'transport'] },
      }),
    ).toBe(true);
    expect(
      Value.Check(RuleSchema, {
        id: 'ack-5-min',
        description: 'Critical incidents not acknowledged within 5 minutes are escalated',
        enabled: true,
        kind: 'timer',
        when: { notReached: 'acknowledged', withinS: 300, minSeverity: 4 },
        action: { escalate: true },
      }),
    ).toBe(true);
  });

  it('refuses ids that cannot be part of an event id, unknown fields and bad thresholds', () => {
    expect(Value.Check(RuleSchema, { ...flood, id: 'Flood Watch' })).toBe(false);
    expect(Value.Check(RuleSchema, { ...flood, extra: 1 })).toBe(false);
    expect(Value.Check(RuleSchema, { ...flood, when: { ...flood.when, forS: 0 } })).toBe(false);
    expect(Value.Check(RuleSchema, { ...flood, when: { ...flood.when, op: '!=' } })).toBe(false);
  });
});
