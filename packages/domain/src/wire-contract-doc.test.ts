/**
 * docs/wire-contract.md documents every field of every message; this keeps it from drifting from the
 * schemas: every field listed, required/optional as the schema says, the bounds and pattern wording the
 * schema's own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TObject, TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import {
  GatewayItem,
  INCIDENT_EVENT_TYPES,
  INCIDENT_TYPE_FIELDS,
  IncidentEventBase,
  ReadingPayload,
  SensorMetaPayload,
} from './schemas.js';
import { formatLimit } from './text.js';

const DOC = readFileSync(fileURLToPath(new URL('../../../docs/wire-contract.md', import.meta.url)), 'utf8');

interface Row {
  required: string;
  rule: string;
}

/** The field table under the `### <title>` heading. */
function fieldTable(title: string): Map<string, Row> {
  const start = DOC.indexOf(`### ${title}`);
  expect(start, `a "### ${title}" section in docs/wire-contract.md`).toBeGreaterThanOrEqual(0);
  const next = DOC.slice(start + 4).search(/\n##/);
  const section = DOC.slice(start, next < 0 ? undefined : start + 4 + next);
  const rows = new Map<string, Row>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| ([^|]+) \| (.+) \|$/gm)) {
    rows.set(match[1]!, { required: match[2]!.trim(), rule: match[3]! });
  }
  return rows;
}

/** A pattern's wording as the doc writes it: quoted characters in backticks. */
const asDoc = (description: string) => description.replace(/"([^"]+)"/g, '`$1`');

function expectBounds(field: string, schema: TSchema, rule: string): void {
  if (schema.type === 'string') {
    if (typeof schema.maxCharacters === 'number')
      expect(rule, field).toContain(`${schema.minLength ?? 0} to ${schema.maxCharacters} characters`);
    if (typeof schema.description === 'string' && schema.maxCharacters === undefined)
      expect(rule, field).toContain(asDoc(schema.description));
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    expect(rule, field).toContain(schema.type === 'integer' ? 'an integer' : 'a number');
    const high = formatLimit(schema.maximum);
    if (schema.exclusiveMinimum !== undefined)
      expect(rule, field).toContain(
        `greater than ${formatLimit(schema.exclusiveMinimum)} and at most ${high}`,
      );
    else if (schema.minimum !== undefined)
      expect(rule, field).toContain(`from ${formatLimit(schema.minimum)} to ${high}`);
  }
}

function expectDocumented(title: string, schema: TObject, requiredBy: (field: string) => string): void {
  const rows = fieldTable(title);
  expect([...rows.keys()].sort(), title).toEqual(Object.keys(schema.properties).sort());
  for (const [field, property] of Object.entries(schema.properties)) {
    const row = rows.get(field)!;
    expect(row.required, `${title}: ${field}`).toBe(requiredBy(field));
    expectBounds(`${title}: ${field}`, property as TSchema, row.rule);
  }
}

const requiredIn = (schema: TObject) => (field: string) => (schema.required?.includes(field) ? 'yes' : 'no');

describe('docs/wire-contract.md', () => {
  it('documents every field of a reading, a gateway item and a sensor registration', () => {
    expectDocumented('Sensor reading', ReadingPayload, requiredIn(ReadingPayload));
    expectDocumented('Gateway readings', GatewayItem, requiredIn(GatewayItem));
    expectDocumented('Sensor registration', SensorMetaPayload, requiredIn(SensorMetaPayload));
  });

  it('documents every field of an incident event, with the event types that require it', () => {
    expectDocumented('Incident event', IncidentEventBase, (field) => {
      if ((IncidentEventBase.required as readonly string[] | undefined)?.includes(field)) return 'yes';
      const types = INCIDENT_EVENT_TYPES.filter((t) => INCIDENT_TYPE_FIELDS[t].includes(field));
      return types.length === 0 ? 'no' : `for ${types.map((t) => `\`${t}\``).join(', ')}`;
    });
    for (const type of INCIDENT_EVENT_TYPES)
      expect(fieldTable('Incident event').get('type')?.rule).toContain(`\`${type}\``);
  });

  it('gives the dead-letter reason format with a "field: plain words" example and no regular expression', () => {
    const example = /Dead-letter reason format\*\*[\s\S]*?```\n(.+)\n```/.exec(DOC)?.[1] ?? '';
    expect(example.split('; ').length).toBeGreaterThan(1);
    for (const problem of example.split('; ')) expect(problem).toMatch(/^[a-zA-Z][\w.[\]"]*: \S/);
    expect(example).not.toMatch(/\^|\$|\[a-z/);
  });
});
