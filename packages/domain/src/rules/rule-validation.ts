/**
 * A rule checked against the schema of its own kind, so every problem comes out as a plain sentence about a
 * field ("when.forS: must be at least 1") rather than "matches none of three schemas". Used for the city
 * pack's rules.json and the admin API alike.
 */
import { problem } from '../problems.js';
import { schemaProblems } from '../validation-messages.js';
import {
  IncidentConditionRuleSchema,
  type Rule,
  type RuleKind,
  SensorConditionRuleSchema,
  TimerRuleSchema,
} from './rule-schema.js';

const BY_KIND = {
  'sensor-condition': SensorConditionRuleSchema,
  'incident-condition': IncidentConditionRuleSchema,
  timer: TimerRuleSchema,
} as const;

export const RULE_KINDS = Object.keys(BY_KIND) as RuleKind[];

/** Every problem of a rule, in plain words, each starting with its field (`subject` for the whole); empty = valid. */
export function ruleProblems(value: unknown, subject = 'rule'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [problem(subject, 'must be a JSON object')];
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !Object.hasOwn(BY_KIND, kind))
    return [
      problem(
        'kind',
        `must be one of ${RULE_KINDS.map((k) => `"${k}"`).join(', ')} (got ${JSON.stringify(kind ?? null)})`,
      ),
    ];
  return schemaProblems(BY_KIND[kind as RuleKind], value, subject);
}

/** The departments a rule acts for or asks for help (to check they exist). */
export function ruleDepartments(rule: Rule): string[] {
  switch (rule.kind) {
    case 'sensor-condition':
      return [rule.action.department];
    case 'incident-condition':
      return [...rule.action.requestAssistanceFrom, ...(rule.when.departments ?? [])];
    case 'timer':
      return [...(rule.when.departments ?? [])];
  }
}
