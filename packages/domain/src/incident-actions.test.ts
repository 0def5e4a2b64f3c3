import { describe, expect, it } from 'vitest';
import type { Principal } from './access.js';
import { type ActionRequest, decideAction, possibleActions } from './incident-actions.js';
import { foldIncident } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import type { IncidentEvent } from './schemas.js';

type Actor = Pick<Principal, 'role' | 'department'>;
const fireLead: Actor = { role: 'lead', department: 'fire' };
const policeLead: Actor = { role: 'lead', department: 'police' };
const worksLead: Actor = { role: 'lead', department: 'public-works' };
const command: Actor = { role: 'command', department: null };

let seq = 0;
function ev(
  type: IncidentEvent['type'],
  department: string,
  extra: Partial<IncidentEvent> = {},
): IncidentEvent {
  seq += 1;
  return { eventId: `e${seq}`, incidentId: 'i1', type, ts: 1_000_000 + seq * 1000, department, ...extra };
}
const report = () =>
  ev('reported', 'fire', { category: 'Fire', severity: 3, title: 'Kitchen fire', lat: 37.7, lon: -122.4 });

function state(...events: IncidentEvent[]): IncidentState {
  const s = foldIncident(events);
  if (!s) throw new Error('no events');
  return s;
}

function decide(s: IncidentState, who: Actor, req: ActionRequest) {
  return decideAction(s, who, req);
}

describe('who may act', () => {
  it('refuses read-only roles with 403', () => {
    const s = state(report());
    for (const role of ['analyst', 'kiosk'] as const) {
      expect(decide(s, { role, department: null }, { type: 'comment', department: 'fire' })).toMatchObject({
        ok: false,
        status: 403,
      });
    }
  });

  it('acts for the lead’s own department and refuses another one named in the request', () => {
    const s = state(report());
    expect(decide(s, fireLead, { type: 'acknowledged' })).toEqual({ ok: true, department: 'fire' });
    expect(decide(s, fireLead, { type: 'acknowledged', department: 'police' })).toMatchObject({
      ok: false,
      status: 403,
      reason: 'department: a lead of "fire" acts only for "fire", not "police"',
    });
  });

  it('refuses a police lead on a fire incident police has no part in', () => {
    const s = state(report());
    const d = decide(s, policeLead, { type: 'resolved' });
    expect(d).toMatchObject({ ok: false, status: 403 });
    expect(d.ok ? '' : d.reason).toContain('owned by fire');
  });

  it('makes command name the department it acts for', () => {
    const s = state(report());
    expect(decide(s, command, { type: 'acknowledged' })).toMatchObject({ ok: false, status: 400 });
    expect(decide(s, command, { type: 'acknowledged', department: 'fire' })).toEqual({
      ok: true,
      department: 'fire',
    });
  });

  it('lets an assisting department dispatch and comment but not resolve', () => {
    const s = state(report(), ev('assist_requested', 'fire', { toDepartment: 'police' }));
    expect(decide(s, policeLead, { type: 'dispatched', unit: 'P7' })).toEqual({
      ok: true,
      department: 'police',
    });
    expect(decide(s, policeLead, { type: 'comment' })).toMatchObject({ ok: true });
    expect(decide(s, policeLead, { type: 'resolved' })).toMatchObject({ ok: false, status: 403 });
    expect(decide(s, policeLead, { type: 'acknowledged' })).toMatchObject({ ok: false, status: 403 });
  });
});

describe('what makes sense in the incident’s state (409)', () => {
  it('refuses a second acknowledgement', () => {
    const s = state(report(), ev('acknowledged', 'fire'));
    expect(decide(s, fireLead, { type: 'acknowledged' })).toEqual({
      ok: false,
      status: 409,
      reason: 'the incident is already acknowledged by fire',
    });
  });

  it('refuses to resolve a closed incident and to reopen an open one', () => {
    const closed = state(report(), ev('closed', 'fire'));
    expect(decide(closed, fireLead, { type: 'resolved' })).toMatchObject({ ok: false, status: 409 });
    expect(decide(closed, fireLead, { type: 'closed' })).toMatchObject({ ok: false, status: 409 });
    expect(decide(closed, fireLead, { type: 'reopened' })).toMatchObject({ ok: true });
    expect(decide(state(report()), fireLead, { type: 'reopened' })).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses a unit dispatched twice and on scene before dispatch', () => {
    const s = state(report(), ev('dispatched', 'fire', { unit: 'E1' }));
    expect(decide(s, fireLead, { type: 'dispatched', unit: 'E1' })).toMatchObject({ ok: false, status: 409 });
    expect(decide(s, fireLead, { type: 'on_scene', unit: 'E9' })).toMatchObject({ ok: false, status: 409 });
    expect(decide(s, fireLead, { type: 'on_scene', unit: 'E1' })).toMatchObject({ ok: true });
    const onScene = state(
      report(),
      ev('dispatched', 'fire', { unit: 'E1' }),
      ev('on_scene', 'fire', { unit: 'E1' }),
    );
    expect(decide(onScene, fireLead, { type: 'on_scene', unit: 'E1' })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(decide(onScene, fireLead, { type: 'on_scene' })).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses hand-over to yourself, assistance from yourself or twice, escalation that does not raise', () => {
    const s = state(report(), ev('assist_requested', 'fire', { toDepartment: 'police' }));
    expect(decide(s, fireLead, { type: 'handover_offered', toDepartment: 'fire' })).toMatchObject({
      ok: false,
      status: 409,
      reason: 'fire cannot hand an incident over to itself',
    });
    expect(decide(s, fireLead, { type: 'assist_requested', toDepartment: 'fire' })).toMatchObject({
      status: 409,
    });
    expect(decide(s, fireLead, { type: 'assist_requested', toDepartment: 'police' })).toMatchObject({
      status: 409,
    });
    expect(decide(s, fireLead, { type: 'escalated', severity: 3 })).toMatchObject({ status: 409 });
    expect(decide(s, fireLead, { type: 'escalated', severity: 4 })).toMatchObject({ ok: true });
  });
});

describe('hand-over waits for the receiving department', () => {
  const offered = () => state(report(), ev('handover_offered', 'fire', { toDepartment: 'public-works' }));

  it('keeps the owner until the receiver accepts, and only the receiver may answer', () => {
    const s = offered();
    expect(s.department).toBe('fire');
    expect(s.pendingHandover).toMatchObject({ from: 'fire', to: 'public-works' });
    expect(decide(s, policeLead, { type: 'handover_accepted' })).toMatchObject({ ok: false, status: 403 });
    expect(decide(s, fireLead, { type: 'handover_accepted' })).toMatchObject({ ok: false, status: 403 });
    expect(decide(s, worksLead, { type: 'handover_accepted' })).toEqual({
      ok: true,
      department: 'public-works',
    });
    expect(decide(s, fireLead, { type: 'handover_offered', toDepartment: 'police' })).toMatchObject({
      status: 409,
    });
    // The department offered the incident may comment before deciding, but not yet act on it.
    expect(decide(s, worksLead, { type: 'comment' })).toMatchObject({ ok: true });
    expect(decide(s, worksLead, { type: 'dispatched', unit: 'PW1' })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('moves ownership on acceptance and leaves it on refusal', () => {
    const accepted = state(
      report(),
      ev('handover_offered', 'fire', { toDepartment: 'public-works' }),
      ev('handover_accepted', 'public-works'),
    );
    expect(accepted).toMatchObject({
      department: 'public-works',
      handoffs: 1,
      pendingHandover: null,
      awaitingAck: false,
    });
    expect(decide(accepted, worksLead, { type: 'resolved' })).toMatchObject({ ok: true });
    expect(decide(accepted, fireLead, { type: 'resolved' })).toMatchObject({ ok: false, status: 403 });
    const declined = state(
      report(),
      ev('handover_offered', 'fire', { toDepartment: 'public-works' }),
      ev('handover_declined', 'public-works'),
    );
    expect(declined).toMatchObject({ department: 'fire', handoffs: 0, pendingHandover: null });
    expect(decide(declined, worksLead, { type: 'handover_accepted' })).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it('ignores an acceptance by a department that was not offered the incident (events from feeds)', () => {
    const s = state(
      report(),
      ev('handover_offered', 'fire', { toDepartment: 'public-works' }),
      ev('handover_accepted', 'police'),
    );
    expect(s.department).toBe('fire');
    expect(s.pendingHandover?.to).toBe('public-works');
  });

  it('drops a waiting offer when the incident is resolved', () => {
    const s = state(
      report(),
      ev('handover_offered', 'fire', { toDepartment: 'water' }),
      ev('resolved', 'fire'),
    );
    expect(s.pendingHandover).toBeNull();
  });
});

describe('possibleActions', () => {
  it('offers exactly what decideAction would accept', () => {
    const fresh = state(report());
    expect(possibleActions(fresh, fireLead, undefined).sort()).toEqual(
      [
        'acknowledged',
        'assist_requested',
        'comment',
        'dispatched',
        'escalated',
        'handover_offered',
        'resolved',
        'closed',
        'on_scene',
        'unit_status',
      ].sort(),
    );
    expect(possibleActions(fresh, policeLead, undefined)).toEqual([]);
    expect(possibleActions(fresh, { role: 'analyst', department: null }, 'fire')).toEqual([]);
    const closed = state(report(), ev('closed', 'fire'));
    expect(possibleActions(closed, fireLead, undefined).sort()).toEqual(['comment', 'reopened']);
    const offered = state(report(), ev('handover_offered', 'fire', { toDepartment: 'public-works' }));
    expect(possibleActions(offered, worksLead, undefined).sort()).toEqual([
      'comment',
      'handover_accepted',
      'handover_declined',
    ]);
  });
});
