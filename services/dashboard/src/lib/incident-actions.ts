/**
 * What a department lead can do to an incident from the drill-down, and how each action becomes the body
 * of POST /incidents/:id/actions. Pure, so the rules are tested without a browser.
 */
import { INCIDENT_ACTION_TYPES, type IncidentStatus } from '@twin/domain';
import type { ActionType, IncidentActionBody } from '../api/incidents.js';

export type ActionInput = 'unit' | 'department' | 'severity' | 'note' | null;

export interface ActionSpec {
  type: ActionType;
  label: string;
  /** The extra value the action asks for before it is sent. */
  input: ActionInput;
}

export const ACTIONS: readonly ActionSpec[] = [
  { type: 'acknowledged', label: 'Acknowledge', input: null },
  { type: 'dispatched', label: 'Dispatch…', input: 'unit' },
  { type: 'on_scene', label: 'On scene', input: null },
  { type: 'assist_requested', label: 'Request assistance…', input: 'department' },
  { type: 'handover_offered', label: 'Hand over…', input: 'department' },
  { type: 'handover_accepted', label: 'Accept hand-over', input: null },
  { type: 'handover_declined', label: 'Decline hand-over', input: null },
  { type: 'escalated', label: 'Escalate…', input: 'severity' },
  { type: 'resolved', label: 'Resolve', input: null },
  { type: 'closed', label: 'Close', input: null },
  { type: 'reopened', label: 'Reopen', input: null },
  { type: 'comment', label: 'Comment…', input: 'note' },
];

/** An open incident takes every action but `reopened`. */
const WHEN_OPEN: readonly ActionType[] = INCIDENT_ACTION_TYPES.filter((t) => t !== 'reopened');
const WHEN_RESOLVED: readonly ActionType[] = ['closed', 'reopened', 'comment'];
const WHEN_CLOSED: readonly ActionType[] = ['reopened', 'comment'];

/** Offers only what makes sense now; the server still has the final word and its refusals are shown. */
export function availableActions(status: IncidentStatus): ActionSpec[] {
  const allowed = status === 'closed' ? WHEN_CLOSED : status === 'resolved' ? WHEN_RESOLVED : WHEN_OPEN;
  return ACTIONS.filter((action) => allowed.includes(action.type));
}

export interface ActionValues {
  unit?: string;
  toDepartment?: string;
  severity?: number;
  note?: string;
}

/** The request body, or a message saying what is missing. */
export function buildActionBody(
  type: ActionType,
  acting: string | null,
  values: ActionValues,
  currentSeverity: number,
): { body: IncidentActionBody } | { error: string } {
  if (!acting) return { error: 'Choose the department you act for.' };
  const body: IncidentActionBody = { type, department: acting };
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
      if (values.toDepartment === acting && type === 'assist_requested') {
        return { error: 'A department cannot ask itself for assistance.' };
      }
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
