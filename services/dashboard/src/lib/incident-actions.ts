/**
 * What the signed-in user can do to an incident from the drill-down, and how each action becomes the body
 * of POST /incidents/:id/actions. Which actions are offered is the domain's rule (possibleActions, the
 * same decideAction the server enforces), so a button is shown only when the server would accept it; the
 * server still has the final word and its refusals are shown in plain words. Pure, so it is unit-tested.
 */
import {
  type IncidentActionType,
  type IncidentView,
  type Principal,
  possibleActions,
  canAct as roleCanAct,
} from '@twin/domain';
import type { ActionType, IncidentActionBody } from '../api/incidents.js';

export type ActionInput = 'unit' | 'department' | 'severity' | 'note' | null;

export interface ActionSpec {
  type: ActionType;
  label: string;
  /** The extra value the action asks for before it is sent. */
  input: ActionInput;
  /** Ends the incident's work: asks "are you sure?" and is sent only after an undo window. */
  confirm?: boolean;
}

/** In the order the buttons are shown: the usual next step first. */
export const ACTIONS: readonly ActionSpec[] = [
  { type: 'handover_accepted', label: 'Accept hand-over', input: null },
  { type: 'handover_declined', label: 'Decline hand-over', input: null },
  { type: 'acknowledged', label: 'Acknowledge', input: null },
  { type: 'dispatched', label: 'Dispatch…', input: 'unit' },
  { type: 'on_scene', label: 'On scene', input: null },
  { type: 'assist_requested', label: 'Request assistance…', input: 'department' },
  { type: 'handover_offered', label: 'Hand over…', input: 'department' },
  { type: 'escalated', label: 'Escalate…', input: 'severity' },
  { type: 'resolved', label: 'Resolve…', input: null, confirm: true },
  { type: 'closed', label: 'Close…', input: null, confirm: true },
  { type: 'reopened', label: 'Reopen', input: null },
  { type: 'comment', label: 'Comment…', input: 'note' },
];

/**
 * How long a confirmed resolve or close waits before it is sent, with an Undo button. Chosen over "send,
 * then offer Reopen": an undone action then never reaches the server, so it leaves no resolve/reopen pair
 * in the timeline, the response-time figures or the other screens.
 */
export const UNDO_WINDOW_MS = 5_000;

type Actor = Pick<Principal, 'role' | 'department'>;

/** Whether the principal chooses the department it acts for (command, admin) rather than having one. */
export function choosesDepartment(p: Actor | null): boolean {
  return p !== null && roleCanAct(p) && p.role !== 'lead';
}

/**
 * The department the principal acts for: a lead's own; command's and admin's choice (null until made);
 * nobody for read-only roles or when signed out.
 */
export function actingDepartmentOf(p: Actor | null, chosen: string | null): string | null {
  if (!p || !roleCanAct(p)) return null;
  if (p.role === 'lead') return p.department;
  return chosen;
}

/**
 * The departments command or admin may choose to act for on this incident: those with a part in it (owner,
 * assisting, offered a hand-over), owner first. Any other department could do nothing with it.
 */
export function departmentsToActFor(
  incident: Pick<IncidentView, 'department' | 'assisting' | 'pendingHandover'>,
) {
  const list = [incident.department, ...incident.assisting];
  if (incident.pendingHandover && !list.includes(incident.pendingHandover.to))
    list.push(incident.pendingHandover.to);
  return list;
}

/**
 * The actions the server would accept now from this principal acting for `chosen` (command's choice; a
 * lead acts for its own department whatever is chosen).
 */
export function offeredActions(incident: IncidentView, p: Actor | null, chosen: string | null): ActionSpec[] {
  if (!p) return [];
  // NOTE: the panel's default choice is the owner; passed on for a lead of another department, the domain
  // would read it as the lead naming a department not its own and offer nothing (not even Accept).
  const acting = actingDepartmentOf(p, chosen);
  const allowed = new Set<IncidentActionType>(possibleActions(incident, p, acting ?? undefined));
  return ACTIONS.filter((action) => allowed.has(action.type));
}

export interface ActionValues {
  unit?: string;
  toDepartment?: string;
  severity?: number;
  note?: string;
}

/**
 * The request body, or a message saying what is missing. NOTE: never an `actor` (the server records the
 * signed-in user), and a `department` only for the roles that choose one: a lead's department is the
 * server's to know, from the session.
 */
export function buildActionBody(
  type: ActionType,
  p: Actor | null,
  acting: string | null,
  values: ActionValues,
  currentSeverity: number,
): { body: IncidentActionBody } | { error: string } {
  if (!p || !roleCanAct(p)) return { error: 'Your role reads only: it cannot act on incidents.' };
  if (!acting) return { error: 'Choose the department you act for.' };
  const body: IncidentActionBody = { type };
  if (choosesDepartment(p)) body.department = acting;
  const note = values.note?.trim();
  if (note) body.note = note;
  switch (type) {
    case 'dispatched': {
      const unit = values.unit?.trim();
      if (!unit) return { error: 'Enter the unit to dispatch.' };
      body.unit = unit;
      break;
    }
    case 'assist_requested':
    case 'handover_offered':
      if (!values.toDepartment) return { error: 'Choose a department.' };
      if (values.toDepartment === acting)
        return {
          error:
            type === 'assist_requested'
              ? 'A department cannot ask itself for assistance.'
              : 'A department cannot hand an incident over to itself.',
        };
      body.toDepartment = values.toDepartment;
      break;
    case 'escalated': {
      const severity = values.severity ?? Math.min(5, currentSeverity + 1);
      if (!Number.isInteger(severity) || severity < 1 || severity > 5)
        return { error: 'Severity is 1 to 5.' };
      body.severity = severity;
      break;
    }
    case 'comment':
      if (!note) return { error: 'Write a comment.' };
      break;
    default:
      break;
  }
  return { body };
}

/** A refusal as a person reads it: what happened, then the server's reason. */
export function actionErrorText(status: number, message: string): string {
  if (status === 0) return 'Cannot reach the server: the action was not sent.';
  if (status === 401) return 'You are signed out: sign in again, then repeat the action.';
  if (status === 403) return `Not allowed: ${message}.`.replace(/\.\.$/, '.');
  if (status === 409) return `Not possible now: ${message}.`.replace(/\.\.$/, '.');
  if (status === 400) return `The action is incomplete: ${message}.`.replace(/\.\.$/, '.');
  if (status === 404) return 'This incident no longer exists on the server.';
  return `The server could not record the action (${status}): ${message}`;
}
