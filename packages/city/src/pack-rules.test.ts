import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CityPackError } from './city-pack.js';
import { validatePackRules } from './pack-rules.js';

const timer = {
  id: 'ack-5-min',
  description: 'Critical not acknowledged within 5 minutes',
  enabled: true,
  kind: 'timer',
  when: { notReached: 'acknowledged', withinS: 300, minSeverity: 4 },
  action: { escalate: true },
};
const assist = {
  id: 'assist',
  description: 'Main breaks ask public works',
  enabled: true,
  kind: 'incident-condition',
  when: { categoryKeys: ['main-break'] },
  action: { requestAssistanceFrom: ['public-works'] },
};

function problemsOf(value: unknown, departments = ['water', 'public-works']): string[] {
  try {
    validatePackRules(value, departments, 'rules.json');
    return [];
  } catch (err) {
    return (err as CityPackError).problems;
  }
}

describe('a city pack’s rules file', () => {
  it('accepts valid rules', () => {
    expect(validatePackRules({ rules: [timer, assist] }, ['public-works'], 'rules.json')).toHaveLength(2);
  });

  it('lists every problem in plain words: fields, repeated ids, departments the pack does not list', () => {
    expect(
      problemsOf({
        rules: [timer, { ...timer, when: { ...timer.when, withinS: 0 } }, timer, { ...assist, enabled: 1 }],
        extra: true,
      }),
    ).toEqual([
      'rules.json: extra: unexpected field',
      'rules.json: rules[1].when.withinS: must be an integer from 1 to 604800 (got 0)',
      'rules.json: rules[2].id: "ack-5-min" repeats rules[0]',
      'rules.json: rules[3].enabled: must be true or false (got 1)',
    ]);
    expect(problemsOf({ rules: [assist] }, ['water'])).toEqual([
      'rules.json: rules[0]: names department "public-works", which the pack does not list',
    ]);
    expect(problemsOf([timer])).toEqual(['rules.json: must be a JSON object {"rules": [...]}']);
  });

  it('the San Francisco pack’s rules are valid', () => {
    const sf = JSON.parse(
      readFileSync(new URL('../../../data/cities/sf/rules.json', import.meta.url), 'utf8'),
    );
    const city = JSON.parse(
      readFileSync(new URL('../../../data/cities/sf/city.json', import.meta.url), 'utf8'),
    );
    const rules = validatePackRules(
      sf,
      city.departments.map((d: { id: string }) => d.id),
      'rules.json',
    );
    expect(rules.map((r) => r.id)).toEqual([
      'flood-watch',
      'main-break-assist',
      'critical-not-acknowledged',
      'critical-not-on-scene',
    ]);
  });
});
