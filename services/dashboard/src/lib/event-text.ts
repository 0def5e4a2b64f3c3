/**
 * What an incident event says in words, the same on the wall's ticker and in an incident's timeline:
 * "Acknowledged by j.doe (Fire)", "Unit E12 dispatched by Fire", "Assistance asked of Public Works by
 * Police". Department names, never ids; the acting user when the event names one.
 */
import type { IncidentEventType } from '@twin/domain';
import type { NameOf } from './incidents.js';

export interface EventFacts {
  /** Known types get their own wording; anything newer reads as its humanised type. */
  type: IncidentEventType | (string & {});
  /** The department that did it. */
  department: string;
  actor?: string | null | undefined;
  unit?: string | null | undefined;
  toDepartment?: string | null | undefined;
  severity?: number | null | undefined;
  unitStatus?: string | null | undefined;
}

const VERBS: Record<string, string> = {
  reported: 'Reported',
  updated: 'Updated',
  acknowledged: 'Acknowledged',
  dispatched: 'Dispatched',
  on_scene: 'On scene',
  assist_requested: 'Assistance requested',
  handed_off: 'Handed over',
  handover_offered: 'Hand-over offered',
  handover_accepted: 'Hand-over accepted',
  handover_declined: 'Hand-over declined',
  escalated: 'Escalated',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
  comment: 'Comment',
};

/** "by j.doe (Fire)" with a user, "by Fire" without one. */
export function byWhom(facts: Pick<EventFacts, 'department' | 'actor'>, nameOf: NameOf): string {
  const department = nameOf(facts.department);
  return facts.actor ? `by ${facts.actor} (${department})` : `by ${department}`;
}

export function eventText(facts: EventFacts, nameOf: NameOf): string {
  // A unit arriving is the unit's doing: "Unit M7 on scene (Emergency Medical)".
  if (facts.type === 'on_scene' && facts.unit) {
    const who = facts.actor ? `by ${facts.actor} ` : '';
    return `Unit ${facts.unit} on scene ${who}(${nameOf(facts.department)})`;
  }
  if (facts.type === 'unit_status' && facts.unit && facts.unitStatus) {
    const who = facts.actor ? `by ${facts.actor} ` : '';
    return `Unit ${facts.unit} ${facts.unitStatus.replaceAll('_', ' ')} ${who}(${nameOf(facts.department)})`;
  }
  const verb = VERBS[facts.type] ?? facts.type.replaceAll('_', ' ');
  const parts = [verb];
  if (facts.unit && facts.type === 'dispatched') parts.push(`unit ${facts.unit}`);
  if (facts.toDepartment)
    parts.push(
      facts.type === 'assist_requested'
        ? `of ${nameOf(facts.toDepartment)}`
        : `to ${nameOf(facts.toDepartment)}`,
    );
  if (facts.type === 'escalated' && facts.severity != null) parts.push(`to severity ${facts.severity}`);
  parts.push(byWhom(facts, nameOf));
  return parts.join(' ');
}
