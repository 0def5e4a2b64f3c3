import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { schemaError } from './decode.js';
import { IncidentEventBase, SensorMetaPayload } from './schemas.js';
import { fieldName, schemaProblems } from './validation-messages.js';

describe('fieldName', () => {
  it('turns JSON pointers into names a person reads', () => {
    expect(fieldName('', 'reading')).toBe('reading');
    expect(fieldName('/lat', 'reading')).toBe('lat');
    expect(fieldName('/values/pm25', 'reading')).toBe('values.pm25');
    expect(fieldName('/values/pm2.5', 'reading')).toBe('values["pm2.5"]');
    expect(fieldName('/values/a~1b~0c', 'reading')).toBe('values["a/b~c"]');
    expect(fieldName('/items/3', 'reading')).toBe('items[3]');
    expect(fieldName('/values/a\nb', 'reading')).toBe('values["a\\nb"]');
  });
});

describe('schemaProblems', () => {
  it('is empty for a valid value', () => {
    expect(schemaProblems(Type.Object({ a: Type.Number() }), { a: 1 })).toEqual([]);
  });

  it('words ranges of every shape', () => {
    const meta = { name: 'n', kind: 'k', department: 'water', lat: 1, lon: 1 };
    expect(schemaProblems(SensorMetaPayload, { ...meta, intervalS: 0 })).toEqual([
      'intervalS: must be a number greater than 0 and at most 86400 (got 0)',
    ]);
    expect(schemaProblems(Type.Object({ n: Type.Integer({ minimum: 0 }) }), { n: -1 })).toEqual([
      'n: must be an integer of at least 0 (got -1)',
    ]);
    expect(schemaProblems(Type.Object({ n: Type.Number({ maximum: 9 }) }), { n: 10 })).toEqual([
      'n: must be a number of at most 9 (got 10)',
    ]);
    expect(schemaProblems(SensorMetaPayload, { ...meta, simulated: 'yes' })).toEqual([
      'simulated: must be true or false (got "yes")',
    ]);
  });

  it('lists every problem, never a regular expression', () => {
    const problems = schemaProblems(
      IncidentEventBase,
      { eventId: 'a/b', incidentId: '', type: 'x', ts: null, severity: '3', extra: 1 },
      'incident event',
    );
    expect(problems).toEqual([
      'eventId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "a/b")',
      'incidentId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "")',
      'type: "x" is not one of reported, updated, acknowledged, dispatched, on_scene, assist_requested, handover_offered, handover_accepted, handover_declined, handed_off, escalated, resolved, closed, reope…',
      'ts: must be epoch milliseconds or an ISO-8601 date-time with a zone (got null)',
      'severity: must be an integer from 1 to 5 (got a string)',
    ]);
  });

  it('names the value itself with the subject', () => {
    expect(schemaProblems(SensorMetaPayload, [1], 'meta')).toEqual([
      'meta: must be a JSON object (got an array)',
    ]);
  });
});

describe('schemaError (kept for single-string callers)', () => {
  it('joins every problem with "; ", or returns null', () => {
    const schema = Type.Object({ a: Type.Number(), b: Type.String() }, { additionalProperties: false });
    expect(schemaError(schema, { a: 1, b: 'x' })).toBeNull();
    expect(schemaError(schema, { a: 'x', c: 1 })).toBe(
      'b: missing; c: unexpected field; a: must be a number (got a string)',
    );
  });
});
