import type { Rule } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { parseRuleText, ruleToText } from './rule-draft.js';

const rule: Rule = {
  id: 'slow-ack',
  description: 'Severe incidents nobody acknowledged in 10 minutes go to command',
  enabled: true,
  kind: 'timer',
  when: { notReached: 'acknowledged', withinS: 600 },
  action: { escalate: true },
};

describe('rule editor text', () => {
  it('gives the definition as formatted JSON and reads it back unchanged', () => {
    const text = ruleToText(rule);
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(parseRuleText(text)).toEqual({ value: rule });
  });

  it('says where the JSON is broken, in plain words', () => {
    const broken = ruleToText(rule).replace('"enabled": true,', '"enabled": true');
    const result = parseRuleText(broken);
    expect(result).toEqual({
      error: expect.stringMatching(/^The definition is not valid JSON near line 5, column \d+: check commas/),
    });
  });

  it('refuses an empty text and anything that is not one object', () => {
    expect(parseRuleText('  ')).toEqual({ error: 'The definition is empty: it must be one JSON object.' });
    expect(parseRuleText('[1, 2]')).toEqual({ error: 'The definition must be one JSON object, { … }.' });
    expect(parseRuleText('null')).toEqual({ error: 'The definition must be one JSON object, { … }.' });
  });
});
