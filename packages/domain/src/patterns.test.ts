import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import * as patterns from './patterns.js';
import {
  DEPARTMENT_RULE,
  DepartmentIdSchema,
  ID_RULE,
  IdSchema,
  METRIC_NAME_RULE,
  MetricSchema,
  MULTI_LINE_TEXT_RULE,
  SENSOR_KIND_RULE,
  SensorKindSchema,
  SINGLE_LINE_TEXT_RULE,
} from './schemas.js';

// Pins what each pattern accepts and refuses: a change to one of them is a change of the wire contract,
// the HTTP API or the configuration, and must show up here.
const cases: Record<string, { pattern: string; regex: RegExp; accept: string[]; refuse: string[] }> = {
  ID: {
    pattern: patterns.ID_PATTERN,
    regex: patterns.ID_REGEX,
    accept: ['a', '7', 'aq-0001', 'sensor.1', 'ns:room_2', 'A'.repeat(128), 'x-'],
    refuse: ['', '-a', '.a', '_a', ':a', 'a/b', 'a+', 'a#', 'a b', 'a@b', 'é', 'a\n', 'A'.repeat(129)],
  },
  METRIC_NAME: {
    pattern: patterns.METRIC_NAME_PATTERN,
    regex: patterns.METRIC_NAME_REGEX,
    accept: ['pm2.5', 'no2', 'water_level', '-', '.', 'x'.repeat(64)],
    refuse: ['', 'pm 25', 'a:b', 'a/b', 'µg', 'x'.repeat(65)],
  },
  DEPARTMENT_ID: {
    pattern: patterns.DEPARTMENT_ID_PATTERN,
    regex: patterns.DEPARTMENT_ID_REGEX,
    accept: ['fire', 'public-works', 'd2', `a${'b'.repeat(39)}`],
    refuse: ['', 'Fire', '2fire', '-fire', 'public_works', 'fire.1', 'a b', `a${'b'.repeat(40)}`],
  },
  SENSOR_KIND: {
    pattern: patterns.SENSOR_KIND_PATTERN,
    regex: patterns.SENSOR_KIND_REGEX,
    accept: ['structure_fire', 'noise-residential', 'aq2', `a${'b'.repeat(63)}`],
    refuse: ['', 'Noise - Residential', '_fire', '1fire', 'fire.1', `a${'b'.repeat(64)}`],
  },
  SINGLE_LINE_TEXT: {
    pattern: patterns.SINGLE_LINE_TEXT_PATTERN,
    regex: patterns.SINGLE_LINE_TEXT_REGEX,
    accept: ['', 'Road closed both ways', 'Café «ß» 🚒', '<b>x</b>'],
    refuse: ['a\nb', 'a\tb', 'a\u0000', 'a\u001F', 'a\u007F', 'a\u009F'],
  },
  MULTI_LINE_TEXT: {
    pattern: patterns.MULTI_LINE_TEXT_PATTERN,
    regex: patterns.MULTI_LINE_TEXT_REGEX,
    accept: ['', 'line 1\nline 2', 'a\tb', 'a\r\nb', 'Café 🚒'],
    refuse: ['a\u0000', 'a\u0008', 'a\u000B', 'a\u000C', 'a\u001B', 'a\u007F', 'a\u0085'],
  },
  TOPIC_LEVEL: {
    pattern: patterns.TOPIC_LEVEL_PATTERN,
    regex: patterns.TOPIC_LEVEL_REGEX,
    accept: ['city', 'City_2', 'it-1234', 'ingest'],
    refuse: ['', 'city/v1', '+', '#', '$share', 'a.b', 'a b', 'é'],
  },
  CITY_ID: {
    pattern: patterns.CITY_ID_PATTERN,
    regex: patterns.CITY_ID_REGEX,
    accept: ['sf', 'new-york', 'c2'],
    refuse: ['', 'SF', '2sf', '-sf', 'sf_2', '../sf', 'sf/x'],
  },
  CREDENTIAL_USERNAME: {
    pattern: patterns.CREDENTIAL_USERNAME_PATTERN,
    regex: patterns.CREDENTIAL_USERNAME_REGEX,
    accept: ['ops@fire', 'aq-0001', 'demo:feed', 'u'.repeat(128)],
    refuse: ['', '@ops', 'a b', 'a/b', 'a#', 'u'.repeat(129)],
  },
  FIELD_NAME: {
    pattern: patterns.FIELD_NAME_PATTERN,
    regex: patterns.FIELD_NAME_REGEX,
    accept: ['values', '_x', 'pm25', 'a-b', `a${'b'.repeat(63)}`],
    refuse: ['', '1a', '-a', 'pm 25', 'pm2.5', `a${'b'.repeat(64)}`],
  },
};

describe('validation patterns (patterns.ts)', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: the RegExp is the string pattern`, () => {
      expect(c.regex.source).toBe(new RegExp(c.pattern).source);
      expect(c.regex.flags).toBe('');
    });
    it(`${name}: accepts ${c.accept.length} and refuses ${c.refuse.length} pinned values`, () => {
      for (const value of c.accept) expect(c.regex.test(value), JSON.stringify(value)).toBe(true);
      for (const value of c.refuse) expect(c.regex.test(value), JSON.stringify(value)).toBe(false);
    });
  }

  it('keeps the credential username distinct from ids: only a username may contain "@"', () => {
    expect(patterns.CREDENTIAL_USERNAME_REGEX.test('ops@fire')).toBe(true);
    expect(patterns.ID_REGEX.test('ops@fire')).toBe(false);
    expect(patterns.CREDENTIAL_USERNAME_PATTERN).not.toBe(patterns.ID_PATTERN);
  });

  it('gives the contract rules and the TypeBox schemas exactly these patterns', () => {
    expect(ID_RULE.pattern).toBe(patterns.ID_PATTERN);
    expect(METRIC_NAME_RULE.pattern).toBe(patterns.METRIC_NAME_PATTERN);
    expect(DEPARTMENT_RULE.pattern).toBe(patterns.DEPARTMENT_ID_PATTERN);
    expect(SENSOR_KIND_RULE.pattern).toBe(patterns.SENSOR_KIND_PATTERN);
    expect(SINGLE_LINE_TEXT_RULE.pattern).toBe(patterns.SINGLE_LINE_TEXT_PATTERN);
    expect(MULTI_LINE_TEXT_RULE.pattern).toBe(patterns.MULTI_LINE_TEXT_PATTERN);
    expect(IdSchema.pattern).toBe(patterns.ID_PATTERN);
    expect(MetricSchema.pattern).toBe(patterns.METRIC_NAME_PATTERN);
    expect(DepartmentIdSchema.pattern).toBe(patterns.DEPARTMENT_ID_PATTERN);
    expect(SensorKindSchema.pattern).toBe(patterns.SENSOR_KIND_PATTERN);
  });

  it('the TypeBox schemas accept and refuse what their RegExps do', () => {
    const pairs = [
      [IdSchema, cases.ID!],
      [MetricSchema, cases.METRIC_NAME!],
      [DepartmentIdSchema, cases.DEPARTMENT_ID!],
      [SensorKindSchema, cases.SENSOR_KIND!],
    ] as const;
    for (const [schema, c] of pairs) {
      for (const value of c.accept) expect(Value.Check(schema, value), JSON.stringify(value)).toBe(true);
      for (const value of c.refuse) expect(Value.Check(schema, value), JSON.stringify(value)).toBe(false);
    }
  });
});
