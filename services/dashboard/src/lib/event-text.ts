/**
 * What an incident event says in words, the same on the wall's ticker and in an incident's timeline:
 * "Acknowledged by j.doe (Fire)", "Unit E12 dispatched by Fire", "Assistance asked of Public Works by
 * Police". Department names, never ids; the acting user when the event names one. The service's own actors
 * (packages/domain incident-source.ts) read as what they are: "by rule flood-watch (Water)", "by a member of
 * the public", never the raw `rule:flood-watch` or `public:open311`.
 */
import { type IncidentEventType, PUBLIC_ACTOR_PREFIX, RULE_ACTOR_PREFIX } from '@twin/domain';
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

/** Who an actor is, in words: "j.doe", "rule flood-watch", "a member of the public". */
export function actorWords(actor: string): string {
  if (actor.startsWith(RULE_ACTOR_PREFIX)) return `rule ${actor.slice(RULE_ACTOR_PREFIX.length)}`;
  if (actor.startsWith(PUBLIC_ACTOR_PREFIX)) return 'a member of the public';
  return actor;
}

/**
 * "by j.doe (Fire)" with a user, "by rule flood-watch (Water)" for a rule acting for a department, "by Fire"
 * without an actor. NOTE: a member of the public is not of the department the report went to: no department.
 */
export function byWhom(facts: Pick<EventFacts, 'department' | 'actor'>, nameOf: NameOf): string {
  const department = nameOf(facts.department);
  if (!facts.actor) return `by ${department}`;
  if (facts.actor.startsWith(PUBLIC_ACTOR_PREFIX)) return `by ${actorWords(facts.actor)}`;
  return `by ${actorWords(facts.actor)} (${department})`;
}

export function eventText(facts: EventFacts, nameOf: NameOf): string {
  // A unit arriving is the unit's doing: "Unit M7 on scene (Emergency Medical)".
  if (facts.type === 'on_scene' && facts.unit) {
    const who = facts.actor ? `by ${actorWords(facts.actor)} ` : '';
    return `Unit ${facts.unit} on scene ${who}(${nameOf(facts.department)})`;
  }
  if (facts.type === 'unit_status' && facts.unit && facts.unitStatus) {
    const who = facts.actor ? `by ${actorWords(facts.actor)} ` : '';
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
