/**
 * Incident-condition rules: an open incident of a category and severity, owned by one of some departments,
 * in an area → each target department that is not the owner and not already assisting is asked to assist.
 * The events are written as the owner's (their `department`), with the rule as actor, and are named after
 * (rule, incident, department), so asking twice is impossible: a repeat is a duplicate id.
 */

import { isOpen } from '../incident-fold.js';
import { ruleActor } from '../incident-source.js';
import type { IncidentState } from '../incident-state.js';
import type { IncidentEvent } from '../schemas.js';
import { inArea, type RulePlace } from './rule-area.js';
import { ruleEventId, ruleIncidentBase } from './rule-ids.js';
import type { IncidentConditionRule, RuleAction, TimerRule } from './rule-schema.js';

export type RuleIncident = Pick<
  IncidentState,
  | 'incidentId'
  | 'status'
  | 'department'
  | 'categoryKey'
  | 'severity'
  | 'assisting'
  | 'openedAt'
  | 'acknowledgedAt'
  | 'units'
  | 'awaitingReport'
>;

/** The filters both incident rule kinds share: category keys, minimum severity, owning departments. */
export function incidentMatchesRule(
  when: IncidentConditionRule['when'] | TimerRule['when'],
  incident: RuleIncident,
): boolean {
  if (incident.awaitingReport || !isOpen(incident)) return false;
  if (when.categoryKeys && !when.categoryKeys.includes(incident.categoryKey ?? '')) return false;
  if (when.minSeverity !== undefined && incident.severity < when.minSeverity) return false;
  if (when.departments && !when.departments.includes(incident.department)) return false;
  return true;
}

/** The assist requests the rule asks for now (none when it does not match or all are asked already). */
export function evaluateIncidentCondition(
  rule: IncidentConditionRule,
  incident: RuleIncident,
  place: RulePlace,
  at: number,
): RuleAction[] {
  if (!incidentMatchesRule(rule.when, incident) || !inArea(rule.when.area, place)) return [];
  const base = ruleIncidentBase(rule.id, incident.incidentId);
  const actions: RuleAction[] = [];
  for (const dept of new Set(rule.action.requestAssistanceFrom)) {
    if (dept === incident.department || incident.assisting.includes(dept)) continue;
    const event: IncidentEvent = {
      eventId: ruleEventId(base, dept),
      incidentId: incident.incidentId,
      type: 'assist_requested',
      ts: at,
      department: incident.department,
      actor: ruleActor(rule.id),
      toDepartment: dept,
      note: rule.action.note ?? `Assistance requested by rule ${rule.id}`,
    };
    actions.push({
      ruleId: rule.id,
      at,
      action: 'assist_requested',
      incidentId: incident.incidentId,
      event,
      summary: `asked ${dept} to assist ${incident.department} on ${incident.incidentId} (${incident.categoryKey ?? 'no category'}, severity ${incident.severity})`,
    });
  }
  return actions;
}
