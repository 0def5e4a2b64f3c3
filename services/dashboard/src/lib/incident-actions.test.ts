import type { Principal } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import {
  actingDepartmentOf,
  actionErrorText,
  buildActionBody,
  choosesDepartment,
  departmentsToActFor,
  offeredActions,
  UNDO_WINDOW_MS,
} from './incident-actions.js';

type Actor = Pick<Principal, 'role' | 'department'>;
const fireLead: Actor = { role: 'lead', department: 'fire' };
const worksLead: Actor = { role: 'lead', department: 'public-works' };
const command: Actor = { role: 'command', department: null };
const admin: Actor = { role: 'admin', department: null };
const analyst: Actor = { role: 'analyst', department: null };
const kiosk: Actor = { role: 'kiosk', department: null };

const offered = (...args: Parameters<typeof offeredActions>) => offeredActions(...args).map((a) => a.type);

describe('acting department', () => {
  it('is a lead’s own, command’s and admin’s choice, and nobody’s for read-only roles', () => {
    expect(actingDepartmentOf(fireLead, 'police')).toBe('fire');
    expect(actingDepartmentOf(command, 'police')).toBe('police');
    expect(actingDepartmentOf(admin, null)).toBeNull();
    expect(actingDepartmentOf(analyst, 'fire')).toBeNull();
    expect(actingDepartmentOf(kiosk, 'fire')).toBeNull();
    expect(actingDepartmentOf(null, 'fire')).toBeNull();
    expect([fireLead, command, admin, analyst, kiosk].map(choosesDepartment)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it('offers command the departments with a part in the incident, owner first', () => {
    expect(
      departmentsToActFor(
        incident({
          department: 'fire',
          assisting: ['ems'],
          pendingHandover: { from: 'fire', to: 'police', at: 1 },
        }),
      ),
    ).toEqual(['fire', 'ems', 'police']);
  });
});

describe('offeredActions', () => {
  it('offers acknowledge once, and not once the incident is acknowledged or on scene', () => {
    const fresh = incident({ status: 'reported', awaitingAck: true });
    expect(offered(fresh, fireLead, null)).toContain('acknowledged');
    const acked = incident({ status: 'acknowledged', awaitingAck: false, acknowledgedAt: 2 });
    expect(offered(acked, fireLead, null)).not.toContain('acknowledged');
    const onScene = incident({ status: 'on_scene', awaitingAck: false });
    expect(offered(onScene, fireLead, null)).not.toContain('acknowledged');
    expect(offered(onScene, fireLead, null)).not.toContain('on_scene');
  });

  it('offers only reopen and comment on a closed incident, and close/reopen on a resolved one', () => {
    expect(offered(incident({ status: 'closed', awaitingAck: false }), fireLead, null)).toEqual([
      'reopened',
      'comment',
    ]);
    expect(offered(incident({ status: 'resolved', awaitingAck: false }), fireLead, null)).toEqual([
      'closed',
      'reopened',
      'comment',
    ]);
  });

  it('offers nothing to read-only roles, to a signed-out user, or to a department with no part', () => {
    const open = incident();
    expect(offered(open, analyst, 'fire')).toEqual([]);
    expect(offered(open, kiosk, 'fire')).toEqual([]);
    expect(offered(open, null, 'fire')).toEqual([]);
    expect(offered(open, worksLead, null)).toEqual([]);
  });

  it('lets an assisting department work the incident but not take the owner’s steps', () => {
    const assisted = incident({ status: 'dispatched', awaitingAck: false, assisting: ['public-works'] });
    const types = offered(assisted, worksLead, 'fire');
    expect(types).toContain('dispatched');
    expect(types).toContain('comment');
    for (const ownerOnly of ['acknowledged', 'resolved', 'closed', 'handover_offered'])
      expect(types).not.toContain(ownerOnly);
  });

  it('offers Accept and Decline to the department a hand-over is offered to, and only that', () => {
    const offeredTo = incident({ pendingHandover: { from: 'fire', to: 'public-works', at: 5 } });
    expect(offered(offeredTo, worksLead, null)).toEqual([
      'handover_accepted',
      'handover_declined',
      'comment',
    ]);
    // The panel passes the owner as its default choice: a lead acts for its own department regardless.
    expect(offered(offeredTo, worksLead, 'fire')).toEqual(offered(offeredTo, worksLead, null));
    const owner = offered(offeredTo, fireLead, null);
    expect(owner).not.toContain('handover_accepted');
    expect(owner).not.toContain('handover_offered');
  });

  it('gives command the actions of the department it chose', () => {
    const open = incident({ assisting: ['ems'] });
    expect(offered(open, command, null)).toEqual([]);
    expect(offered(open, command, 'fire')).toContain('resolved');
    expect(offered(open, command, 'ems')).not.toContain('resolved');
  });

  it('asks for confirmation before resolving or closing', () => {
    const specs = offeredActions(incident({ status: 'on_scene', awaitingAck: false }), fireLead, null);
    expect(specs.filter((s) => s.confirm).map((s) => s.type)).toEqual(['resolved', 'closed']);
    expect(UNDO_WINDOW_MS).toBeGreaterThanOrEqual(5000);
  });
});

describe('buildActionBody', () => {
  it('never sends an actor, and a department only for command and admin', () => {
    expect(buildActionBody('acknowledged', fireLead, 'fire', {}, 3)).toEqual({
      body: { type: 'acknowledged' },
    });
    expect(buildActionBody('acknowledged', command, 'police', {}, 3)).toEqual({
      body: { type: 'acknowledged', department: 'police' },
    });
    expect(buildActionBody('acknowledged', admin, 'ems', {}, 3)).toEqual({
      body: { type: 'acknowledged', department: 'ems' },
    });
  });

  it('refuses read-only roles and a missing acting department', () => {
    expect(buildActionBody('comment', analyst, 'fire', { note: 'x' }, 3)).toHaveProperty('error');
    expect(buildActionBody('acknowledged', command, null, {}, 3)).toEqual({
      error: 'Choose the department you act for.',
    });
  });

  it('builds a dispatch with a trimmed unit and note', () => {
    expect(buildActionBody('dispatched', fireLead, 'fire', { unit: ' E12 ', note: ' go ' }, 3)).toEqual({
      body: { type: 'dispatched', unit: 'E12', note: 'go' },
    });
    expect(buildActionBody('dispatched', fireLead, 'fire', { unit: '  ' }, 3)).toEqual({
      error: 'Enter the unit to dispatch.',
    });
  });

  it('needs another department for assistance and hand-over', () => {
    expect(buildActionBody('handover_offered', fireLead, 'fire', {}, 3)).toEqual({
      error: 'Choose a department.',
    });
    expect(buildActionBody('assist_requested', fireLead, 'fire', { toDepartment: 'fire' }, 3)).toHaveProperty(
      'error',
    );
    expect(buildActionBody('handover_offered', fireLead, 'fire', { toDepartment: 'fire' }, 3)).toHaveProperty(
      'error',
    );
    expect(buildActionBody('handover_offered', fireLead, 'fire', { toDepartment: 'ems' }, 3)).toEqual({
      body: { type: 'handover_offered', toDepartment: 'ems' },
    });
  });

  it('escalates one level by default, capped at 5', () => {
    expect(buildActionBody('escalated', fireLead, 'fire', {}, 3)).toEqual({
      body: { type: 'escalated', severity: 4 },
    });
    expect(buildActionBody('escalated', fireLead, 'fire', {}, 5)).toMatchObject({ body: { severity: 5 } });
  });

  it('refuses an empty comment', () => {
    expect(buildActionBody('comment', fireLead, 'fire', { note: ' ' }, 3)).toEqual({
      error: 'Write a comment.',
    });
  });
});

describe('actionErrorText', () => {
  it('says what happened in plain words, with the server’s reason', () => {
    expect(actionErrorText(403, 'only fire, the owning department, can resolve this incident')).toBe(
      'Not allowed: only fire, the owning department, can resolve this incident.',
    );
    expect(actionErrorText(409, 'the incident is already acknowledged by fire.')).toBe(
      'Not possible now: the incident is already acknowledged by fire.',
    );
    expect(actionErrorText(401, 'x')).toMatch(/sign in again/);
    expect(actionErrorText(0, 'x')).toMatch(/not sent/);
  });
});
