import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { MAX_ABS_READING_VALUE, MAX_SEQ } from './limits.js';
import {
  DEPARTMENT_RULE,
  GatewayItem,
  ID_RULE,
  IncidentEventBase,
  METRIC_NAME_RULE,
  MULTI_LINE_TEXT_RULE,
  ReadingPayload,
  SENSOR_KIND_RULE,
  SensorMetaPayload,
  SINGLE_LINE_TEXT_RULE,
} from './schemas.js';
import { compiled } from './validation-messages.js';

/** Every sub-schema of a TypeBox schema (objects, records, unions). */
function* walk(schema: TSchema): Generator<TSchema> {
  yield schema;
  for (const child of Object.values((schema.properties ?? {}) as Record<string, TSchema>)) yield* walk(child);
  for (const child of Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>))
    yield* walk(child);
  for (const child of (schema.anyOf ?? []) as TSchema[]) yield* walk(child);
}

const WIRE_SCHEMAS = { ReadingPayload, GatewayItem, SensorMetaPayload, IncidentEventBase };

describe('wire schemas', () => {
  it.each(Object.entries(WIRE_SCHEMAS))('%s: every pattern carries its wording', (_name, schema) => {
    for (const sub of walk(schema)) {
      if (sub.pattern !== undefined && sub.type === 'string') {
        expect(typeof sub.description, String(sub.pattern)).toBe('string');
        expect(sub.description).not.toMatch(/[\^$[\]{}\\]/);
      }
    }
  });

  it('stays plain JSON Schema (serialisable, patterns as strings)', () => {
    const text = JSON.stringify(IncidentEventBase);
    expect(text).toContain(ID_RULE.pattern.replaceAll('\\', '\\\\'));
    expect(text).toContain(SINGLE_LINE_TEXT_RULE.description);
  });

  it('bounds reading values to ±1e15 and seq to MAX_SEQ', () => {
    const check = compiled(ReadingPayload);
    const ts = Date.UTC(2024, 0, 1);
    expect(
      check.Check({ ts, values: { a: MAX_ABS_READING_VALUE, b: -MAX_ABS_READING_VALUE }, seq: MAX_SEQ }),
    ).toBe(true);
    expect(check.Check({ ts, values: { a: MAX_ABS_READING_VALUE * 1.0001 } })).toBe(false);
    expect(check.Check({ ts, values: { a: 1 }, seq: MAX_SEQ + 1 })).toBe(false);
    expect(compiled(GatewayItem).Check({ sensorId: 's', ts, values: { a: -1e308 } })).toBe(false);
  });
});

describe('pattern rules', () => {
  const matches = (rule: { pattern: string }, text: string) => new RegExp(rule.pattern).test(text);

  it('ids: letters, digits, ".", "_", ":" and "-", 1 to 128, starting with a letter or digit', () => {
    for (const ok of ['s1', 'urn:dev:ow:10e2', 'A-b_c.d:e', 'x'.repeat(128)])
      expect(matches(ID_RULE, ok), ok).toBe(true);
    for (const bad of ['', 'x'.repeat(129), '.a', '-a', 'a/b', 'a+b', 'a#b', 'a b', '..', 'a\n'])
      expect(matches(ID_RULE, bad), bad).toBe(false);
  });

  it('departments, sensor kinds and metric names', () => {
    expect(matches(DEPARTMENT_RULE, 'public-works')).toBe(true);
    expect(matches(DEPARTMENT_RULE, 'Public')).toBe(false);
    expect(matches(SENSOR_KIND_RULE, 'air_quality')).toBe(true);
    expect(matches(SENSOR_KIND_RULE, 'Air Quality')).toBe(false);
    expect(matches(METRIC_NAME_RULE, 'pm2.5')).toBe(true);
    expect(matches(METRIC_NAME_RULE, 'bad key')).toBe(false);
  });

  it('single-line text refuses C0, DEL and C1 controls; multi-line text allows \\n, \\r and \\t', () => {
    for (const code of [0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f]) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(matches(SINGLE_LINE_TEXT_RULE, text), code.toString(16)).toBe(false);
      expect(matches(MULTI_LINE_TEXT_RULE, text), code.toString(16)).toBe([0x09, 0x0a, 0x0d].includes(code));
    }
    for (const ok of ['Smoke from a building', 'Straße 🚒 火事', "'; drop table readings; --", '\u00a0nbsp'])
      expect(matches(SINGLE_LINE_TEXT_RULE, ok), ok).toBe(true);
  });

  it('text patterns stay linear on long input (no backtracking on a million characters)', () => {
    // NOTE: backtracking on a million characters would take minutes: the test's timeout catches it, with no
    // wall-clock bound to fail on a loaded machine.
    const long = 'a🚒'.repeat(1_000_000);
    expect(matches(SINGLE_LINE_TEXT_RULE, long)).toBe(true);
    expect(matches(MULTI_LINE_TEXT_RULE, `${long}\u0007`)).toBe(false);
  });
});
