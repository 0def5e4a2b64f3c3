import type { Principal } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { actingDepartment, actingRule, actionRequestBody } from './acting-department.js';

const who = (role: Principal['role'], department: string | null = null) => ({ role, department });

describe('actingRule', () => {
  it('a lead acts as their own department, shown and not chosen', () => {
    expect(actingRule(who('lead', 'fire'))).toEqual({ kind: 'own', department: 'fire' });
  });

  it('command and admin choose', () => {
    expect(actingRule(who('command'))).toEqual({ kind: 'choose' });
    expect(actingRule(who('admin'))).toEqual({ kind: 'choose' });
  });

  it('analysts, kiosks, nobody and a lead without a department get no actions', () => {
    expect(actingRule(who('analyst'))).toEqual({ kind: 'none', reason: 'read-only' });
    expect(actingRule(who('kiosk'))).toEqual({ kind: 'none', reason: 'read-only' });
    expect(actingRule(null)).toEqual({ kind: 'none', reason: 'signed-out' });
    expect(actingRule(who('lead', null))).toEqual({ kind: 'none', reason: 'no-department' });
  });
});

describe('actingDepartment', () => {
  it("ignores a chosen department for a lead (a shared link's ?acting= cannot change it)", () => {
    expect(actingDepartment({ kind: 'own', department: 'fire' }, 'police', 'water')).toBe('fire');
  });

  it('uses the choice for command, else the fallback (filter or owner)', () => {
    expect(actingDepartment({ kind: 'choose' }, 'police', 'water')).toBe('police');
    expect(actingDepartment({ kind: 'choose' }, null, 'water')).toBe('water');
  });

  it('is null when no actions are offered', () => {
    expect(actingDepartment({ kind: 'none', reason: 'read-only' }, 'police', 'water')).toBeNull();
  });
});

describe('actionRequestBody', () => {
  const body = {
    type: 'assist_requested' as const,
    department: 'fire',
    toDepartment: 'public-works',
    note: 'debris',
    actor: 'someone else',
  };

  it('never sends an actor, and a department only for those who choose it', () => {
    expect(actionRequestBody({ kind: 'own', department: 'fire' }, body)).toEqual({
      type: 'assist_requested',
      toDepartment: 'public-works',
      note: 'debris',
    });
    expect(actionRequestBody({ kind: 'choose' }, body)).toEqual({
      type: 'assist_requested',
      department: 'fire',
      toDepartment: 'public-works',
      note: 'debris',
    });
  });

  it('keeps unit and severity', () => {
    expect(
      actionRequestBody({ kind: 'choose' }, { type: 'dispatched', department: 'ems', unit: 'M7' }),
    ).toEqual({
      type: 'dispatched',
      department: 'ems',
      unit: 'M7',
    });
    expect(actionRequestBody({ kind: 'own', department: 'ems' }, { type: 'escalated', severity: 5 })).toEqual(
      {
        type: 'escalated',
        severity: 5,
      },
    );
  });
});
