/**
 * What a rule says, in one line of plain words, built from its definition (packages/domain rules/rule-schema.ts):
 * "level_cm > 120 for 2 min on water-level sensors in the whole city → opens a Flooding incident (severity 4)
 * for Water; resolved after 5 min clear". Department names, never ids. Pure, so every kind and area form is
 * unit-tested; the rules page and its dry-run table read the same words.
 */
import type { Rule, RuleAction, RuleArea, RuleKind, TimerMilestone } from '@twin/domain';
import { formatWindow } from './format.js';
import type { NameOf } from './incidents.js';

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  'sensor-condition': 'Sensor condition',
  'incident-condition': 'Incident condition',
  timer: 'Timer',
};

/** A kind the page does not know yet (a newer server) reads as its humanised id. */
export function ruleKindLabel(kind: string): string {
  return RULE_KIND_LABELS[kind as RuleKind] ?? kind.replaceAll('-', ' ');
}

export const RULE_ACTION_LABELS: Record<RuleAction['action'], string> = {
  opened: 'Opened',
  resolved: 'Resolved',
  assist_requested: 'Assistance requested',
  escalated: 'Escalated',
};

export function ruleActionLabel(action: string): string {
  return RULE_ACTION_LABELS[action as RuleAction['action']] ?? action.replaceAll('_', ' ');
}

const MILESTONE_WORDS: Record<TimerMilestone, string> = {
  acknowledged: 'not acknowledged',
  on_scene: 'with no unit on scene',
};

/** "Fire", "Fire or Police", "Fire, Police or Water" (`joiner` "and" for a list of things all done). */
export function wordList(items: readonly string[], joiner: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

/** "1.5 km", "500 m". */
function distance(meters: number): string {
  if (meters >= 1000) return `${Number((meters / 1000).toFixed(1))} km`;
  return `${Math.round(meters)} m`;
}

/** Where a rule applies: "in the whole city", "in Mission", "in grid cell 12:-3", "within 500 m of 37.77, -122.42". */
export function areaText(area: RuleArea | null | undefined): string {
  if (!area) return 'in the whole city';
  if ('district' in area) return `in ${area.district}`;
  if ('cell' in area) return `in grid cell ${area.cell}`;
  const { lat, lon, radiusM } = area.near;
  return `within ${distance(radiusM)} of ${Number(lat.toFixed(5))}, ${Number(lon.toFixed(5))}`;
}

/** A category key as words: `water-main-break` → "water main break". */
function categoryWords(key: string): string {
  return key.replaceAll('-', ' ');
}

/** "A water main break or flooding incident of severity 3 or more owned by Water" (what an incident rule matches). */
function incidentScope(
  when: { categoryKeys?: string[]; minSeverity?: number; departments?: string[] },
  nameOf: NameOf,
): string {
  const categories = when.categoryKeys?.length ? wordList(when.categoryKeys.map(categoryWords), 'or') : null;
  const parts = [categories ? `A ${categories} incident` : 'Any incident'];
  if (when.minSeverity && when.minSeverity > 1) parts.push(`of severity ${when.minSeverity} or more`);
  if (when.departments?.length) parts.push(`owned by ${wordList(when.departments.map(nameOf), 'or')}`);
  return parts.join(' ');
}

/** The rule's condition and action in one line. */
export function ruleSummary(rule: Rule, nameOf: NameOf): string {
  switch (rule.kind) {
    case 'sensor-condition': {
      const { when, action } = rule;
      const sensors = when.sensorKind ? `${when.sensorKind} sensors` : 'any sensor';
      return (
        `${when.metric} ${when.op} ${when.threshold} for ${formatWindow(when.forS)} on ${sensors} ` +
        `${areaText(when.area)} → opens a ${action.category} incident (severity ${action.severity}) for ` +
        `${nameOf(action.department)}; resolved after ${formatWindow(action.clearForS)} clear`
      );
    }
    case 'incident-condition': {
      const { when, action } = rule;
      return (
        `${incidentScope(when, nameOf)} ${areaText(when.area)} → asks ` +
        `${wordList(action.requestAssistanceFrom.map(nameOf), 'and')} to assist`
      );
    }
    case 'timer': {
      const { when } = rule;
      return (
        `${incidentScope(when, nameOf)} ${MILESTONE_WORDS[when.notReached]} within ` +
        `${formatWindow(when.withinS)} of its report → escalated (severity + 1, at most 5) and command notified`
      );
    }
    default:
      // NOTE: a kind newer than this page still gets a row; its definition is one click away in the editor.
      return `A ${ruleKindLabel((rule as { kind: string }).kind)} rule`;
  }
}
