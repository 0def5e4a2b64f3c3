/**
 * Timer rules: an open incident that has not reached a milestone (acknowledged, or a unit on scene) within
 * `withinS` of its report is escalated once: severity + 1 (at most 5), with a note for the command role saying
 * why. The event is named after (rule, incident), so it is written once per incident whatever happens later.
 */
import { ruleActor } from '../incident-source.js';
import type { IncidentEvent } from '../schemas.js';
import { incidentMatchesRule, type RuleIncident } from './incident-condition.js';
import { ruleEventId, ruleIncidentBase } from './rule-ids.js';
import type { RuleAction, TimerRule } from './rule-schema.js';

/** When the milestone was reached (epoch ms), or null while it is not. */
export function milestoneAt(
  incident: RuleIncident,
  milestone: TimerRule['when']['notReached'],
): number | null {
  if (milestone === 'acknowledged') return incident.acknowledgedAt;
  const onScene = incident.units.map((u) => u.onSceneAt).filter((t): t is number => t !== null);
  return onScene.length === 0 ? null : Math.min(...onScene);
}

/** The deadline of an incident under the rule (epoch ms). */
export function timerDeadline(rule: TimerRule, incident: Pick<RuleIncident, 'openedAt'>): number {
  return incident.openedAt + rule.when.withinS * 1000;
}

/**
 * The escalation due at `now` (the state being the incident as of `now`), or null: not matching, deadline not
 * passed, milestone reached by the deadline, or no longer open.
 */
export function evaluateTimer(rule: TimerRule, incident: RuleIncident, now: number): RuleAction | null {
  if (!incidentMatchesRule(rule.when, incident)) return null;
  const deadline = timerDeadline(rule, incident);
  if (now < deadline) return null;
  const reached = milestoneAt(incident, rule.when.notReached);
  if (reached !== null && reached <= deadline) return null;
  const what = rule.when.notReached === 'acknowledged' ? 'not acknowledged' : 'no unit on scene';
  const minutes = Math.round((rule.when.withinS / 60) * 10) / 10;
  const why = `${what} within ${minutes} min of the report`;
  const severity = Math.min(5, incident.severity + 1);
  const event: IncidentEvent = {
    eventId: ruleEventId(ruleIncidentBase(rule.id, incident.incidentId), 'escalated'),
    incidentId: incident.incidentId,
    type: 'escalated',
    ts: now,
    department: incident.department,
    actor: ruleActor(rule.id),
    severity,
    note: `${rule.action.note ?? 'Escalated by rule'}: ${why}; notify command`,
  };
  return {
    ruleId: rule.id,
    at: now,
    action: 'escalated',
    incidentId: incident.incidentId,
    event,
    summary: `escalated ${incident.incidentId} of ${incident.department} to severity ${severity}: ${why}`,
  };
}
