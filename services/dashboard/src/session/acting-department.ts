/**
 * Which department the user acts for on an incident, as the UI shows it. The server decides for real (it
 * takes a lead's department from the session and refuses any other); this only keeps the screen honest:
 * a lead sees their department, command and admin choose one, everyone else gets no actions at all.
 */
import { canAct, type Principal } from '@twin/domain';
import type { IncidentActionBody } from '../api/incidents.js';

export type ActingRule =
  /** No actions offered: not signed in, a read-only role, or a lead whose account names no department. */
  | { kind: 'none'; reason: 'signed-out' | 'read-only' | 'no-department' }
  /** A lead: always their own department, shown, not chosen. */
  | { kind: 'own'; department: string }
  /** Command and admin: choose the department they act for, per action. */
  | { kind: 'choose' };

export function actingRule(me: Pick<Principal, 'role' | 'department'> | null): ActingRule {
  if (!me) return { kind: 'none', reason: 'signed-out' };
  if (!canAct(me)) return { kind: 'none', reason: 'read-only' };
  if (me.role === 'lead') {
    return me.department
      ? { kind: 'own', department: me.department }
      : { kind: 'none', reason: 'no-department' };
  }
  return { kind: 'choose' };
}

/**
 * The department the actions go out under: the lead's own; for command/admin the one chosen (in the URL),
 * else `fallback` (the department filter or the incident's owner: usually who works it).
 */
export function actingDepartment(rule: ActingRule, chosen: string | null, fallback: string): string | null {
  if (rule.kind === 'own') return rule.department;
  if (rule.kind === 'choose') return chosen ?? fallback;
  return null;
}

/**
 * What is actually sent: never an `actor` (the server records the signed-in user), and a `department` only
 * from those who choose it. A lead's is left to the server, which knows it from the session.
 */
export function actionRequestBody(rule: ActingRule, body: IncidentActionBody): IncidentActionBody {
  const request: IncidentActionBody = { type: body.type };
  if (rule.kind === 'choose' && body.department) request.department = body.department;
  if (body.note !== undefined) request.note = body.note;
  if (body.unit !== undefined) request.unit = body.unit;
  if (body.toDepartment !== undefined) request.toDepartment = body.toDepartment;
  if (body.severity !== undefined) request.severity = body.severity;
  return request;
}
