/**
 * A city pack's rules file (`rules` in city.json, e.g. `rules.json`): `{"rules": [...]}`, each rule checked
 * against the rule schema of its kind (domain rules/rule-validation.ts), ids unique, and every department it
 * names one of the pack's own. Every problem is listed in plain words, like city.json's.
 */
import { problem, type Rule, ruleDepartments, ruleProblems } from '@twin/domain';
import { CityPackError } from './city-pack.js';

export function validatePackRules(value: unknown, departmentIds: readonly string[], file: string): Rule[] {
  const problems: string[] = [];
  const list = (value as { rules?: unknown } | null)?.rules;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray(list))
    throw new CityPackError([problem(file, 'must be a JSON object {"rules": [...]}')]);
  const extra = Object.keys(value).filter((k) => k !== 'rules' && k !== '$schema');
  for (const key of extra) problems.push(problem(`${file}: ${key}`, 'unexpected field'));
  const seen = new Map<string, number>();
  list.forEach((rule: unknown, i) => {
    const at = `${file}: rules[${i}]`;
    const own = ruleProblems(rule, at);
    problems.push(...own.map((p) => (p.startsWith(at) ? p : `${at}.${p}`)));
    if (own.length > 0) return;
    const valid = rule as Rule;
    const first = seen.get(valid.id);
    if (first !== undefined) problems.push(problem(`${at}.id`, `"${valid.id}" repeats rules[${first}]`));
    else seen.set(valid.id, i);
    for (const dept of ruleDepartments(valid))
      if (!departmentIds.includes(dept))
        problems.push(problem(at, `names department "${dept}", which the pack does not list`));
  });
  if (problems.length > 0) throw new CityPackError(problems);
  return list as Rule[];
}
