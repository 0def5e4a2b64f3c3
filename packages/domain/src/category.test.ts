import { describe, expect, it } from 'vitest';
import { categoryKey } from './category.js';
import { decodeMessage } from './decode.js';
import { MAX_CATEGORY_CHARS } from './limits.js';
import { SENSOR_KIND_PATTERN } from './patterns.js';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const OPTS = { topicRoot: 'city', maxPayloadBytes: 262_144, now: NOW };
const FIRE = 'city/v1/incidents/fire/events';
const reported = {
  eventId: 'e1',
  incidentId: 'i1',
  type: 'reported',
  ts: NOW - 60_000,
  severity: 2,
  lat: 37.76,
  lon: -122.41,
  title: 'Loud music',
};
const decodeCategory = (category: unknown) =>
  decodeMessage(FIRE, new TextEncoder().encode(JSON.stringify({ ...reported, category })), OPTS);

describe('categoryKey', () => {
  it.each([
    ['Noise - Residential', 'noise-residential'],
    ['Street & Sidewalk Cleaning', 'street-sidewalk-cleaning'],
    ['Graffiti – Private', 'graffiti-private'],
    ['structure_fire', 'structure-fire'],
    ['  Café  Terrasse!! ', 'cafe-terrasse'],
    ['Ärger über Lärm', 'arger-uber-larm'],
    ['ＦＵＬＬ　ＷＩＤＴＨ', 'full-width'],
    ['İstanbul', 'istanbul'],
    ['Шум — ночью', 'шум-ночью'],
    ['311: Pothole (Class 2)', '311-pothole-class-2'],
    ['---', ''],
  ])('%s → %s', (text, key) => {
    expect(categoryKey(text)).toBe(key);
  });

  it('is its own key, so a filter may be given the text or the key', () => {
    for (const text of ['Noise - Residential', 'Graffiti – Private', 'Ärger über Lärm', '㎒ band', 'ǅemal']) {
      const key = categoryKey(text);
      expect(categoryKey(key), text).toBe(key);
      expect(key, text).toMatch(/^[\p{Ll}\p{Lo}\p{N}]+(-[\p{Ll}\p{Lo}\p{N}]+)*$/u);
    }
  });

  it('gives the same key to the same category however the source spelled it', () => {
    const spellings = [
      'Noise - Residential',
      'NOISE – RESIDENTIAL',
      'noise_residential',
      ' Noise/Residential ',
    ];
    expect(new Set(spellings.map(categoryKey))).toEqual(new Set(['noise-residential']));
  });
});

describe('category on the wire', () => {
  it.each([
    'Noise - Residential',
    'Street & Sidewalk Cleaning',
    'Graffiti – Private',
    'structure_fire',
    'x'.repeat(MAX_CATEGORY_CHARS),
  ])('accepts real-world category %s as written', (category) => {
    const result = decodeCategory(category);
    expect(result.errors).toEqual([]);
    expect(result.records).toHaveLength(1);
    const record = result.records[0]!;
    expect(record.kind === 'incident-event' && record.event.category).toBe(category);
  });

  it('stores the category trimmed', () => {
    const record = decodeCategory('  Noise - Residential  ').records[0]!;
    expect(record.kind === 'incident-event' && record.event.category).toBe('Noise - Residential');
  });

  it.each([
    ['', 'category: must not be empty'],
    ['   ', 'category: must not be blank'],
    ['– / –', 'category: must contain at least one letter or digit'],
    ['Noise\u0007 Residential', 'category: contains a control character (U+0007)'],
    ['Noise\nResidential', 'category: contains a control character (U+000A)'],
    [
      'x'.repeat(MAX_CATEGORY_CHARS + 1),
      `category: must be at most ${MAX_CATEGORY_CHARS} characters (got ${MAX_CATEGORY_CHARS + 1})`,
    ],
    [42, 'category: must be a string (got a number)'],
  ])('refuses %j: %s', (category, reason) => {
    const result = decodeCategory(category);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([reason]);
  });

  it('counts characters, not UTF-16 units: 120 emoji fit', () => {
    expect(decodeCategory('🚒'.repeat(MAX_CATEGORY_CHARS)).errors).toEqual([
      'category: must contain at least one letter or digit',
    ]);
    expect(decodeCategory(`A${'🚒'.repeat(MAX_CATEGORY_CHARS - 1)}`).errors).toEqual([]);
  });

  it('sensor kinds keep their slug rule (they are chosen by whoever registers the device)', () => {
    expect(new RegExp(SENSOR_KIND_PATTERN).test('air_quality')).toBe(true);
    expect(new RegExp(SENSOR_KIND_PATTERN).test('Air Quality')).toBe(false);
  });
});

describe('every error of a message, in plain words', () => {
  it('lists each as "field: words", in the order of the contract, never a regular expression', () => {
    const { lat: _lat, lon: _lon, ...rest } = reported;
    const body = { ...rest, category: 'Noise\u0007', severity: 9, eventId: 'a/b', extra: true };
    const { records, errors } = decodeMessage(FIRE, new TextEncoder().encode(JSON.stringify(body)), OPTS);
    expect(records).toEqual([]);
    expect(errors).toEqual([
      'eventId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "a/b")',
      'category: contains a control character (U+0007)',
      'severity: must be an integer from 1 to 5 (got 9)',
      'lat: missing (a reported event needs it)',
      'lon: missing (a reported event needs it)',
    ]);
    for (const error of errors) {
      expect(error).toMatch(/^[A-Za-z][\w.[\]"]*: \S/);
      expect(error).not.toMatch(/\^|\$|\\[dws]|\[a-z|\{0,/);
    }
  });

  it('does so for readings, gateway items, SenML records and sensor meta too', () => {
    const cases: [string, unknown, string[]][] = [
      [
        'city/v1/sensors/s1/data',
        { values: { pm25: 'high', 'a b': 1 }, lat: 91 },
        [
          'ts: missing',
          'values.pm25: must be a number (got a string)',
          'lat: 91 is outside the accepted range of ±90',
          'values["a b"]: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-"',
        ],
      ],
      [
        'city/v1/gateways/g1/data',
        [
          { sensorId: 's1', values: { pm25: 1 } },
          { sensorId: '+', ts: NOW, values: {} },
        ],
        [
          'item 0: ts: missing',
          'item 1: sensorId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "+")',
          'item 1: values: must have at least 1 entry (got 0)',
        ],
      ],
      [
        'city/v1/sensors/s1/data',
        [
          { n: 'pm25', v: 'x' },
          { n: 'a b', v: 1 },
        ],
        [
          'item 0: v: must be a number (got a string)',
          'item 1: n: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-" (got "a b")',
        ],
      ],
      [
        'city/v1/sensors/s1/meta',
        { name: '', kind: 'Air Quality', department: 'water', lat: 1 },
        [
          'lon: missing',
          'name: must not be empty',
          'kind: must be 1 to 64 lowercase letters, digits, "_" or "-", starting with a letter (got "Air Quality")',
        ],
      ],
    ];
    for (const [topic, body, expected] of cases) {
      const { errors } = decodeMessage(topic, new TextEncoder().encode(JSON.stringify(body)), OPTS);
      expect(errors, topic).toEqual(expected);
    }
  });
});
