import { describe, expect, it } from 'vitest';
import { type DecodeOptions, decodeIncidentEvent, decodeMessage } from './decode.js';
import { MAX_ABS_READING_VALUE, MAX_ERRORS_PER_MESSAGE, MAX_SEQ } from './limits.js';
import { capProblems } from './problems.js';
import { type IngestRecord, MAX_ITEMS_PER_MESSAGE } from './records.js';
import type { IncidentEvent } from './schemas.js';
import { firstControlCharacter } from './text.js';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const TS = NOW - 60_000;
const OPTS: DecodeOptions = { topicRoot: 'city', maxPayloadBytes: 262_144, now: NOW };

const enc = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => enc(JSON.stringify(value));
const decode = (topic: string, payload: Uint8Array | string, opts: DecodeOptions = OPTS) =>
  decodeMessage(topic, typeof payload === 'string' ? enc(payload) : payload, opts);

const SENSOR_DATA = 'city/v1/sensors/s1/data';
const GATEWAY = 'city/v1/gateways/gw1/data';
const META = 'city/v1/sensors/s1/meta';
const STATUS = 'city/v1/sensors/s1/status';
const FIRE = 'city/v1/incidents/fire/events';

function onlyEvent(records: IngestRecord[]): IncidentEvent {
  expect(records).toHaveLength(1);
  const record = records[0]!;
  if (record.kind !== 'incident-event') throw new Error(`expected an incident event, got ${record.kind}`);
  return record.event;
}

const reported = {
  eventId: 'e1',
  incidentId: 'i1',
  type: 'reported',
  ts: TS,
  category: 'structure_fire',
  severity: 3,
  lat: 37.76,
  lon: -122.41,
  title: 'Smoke from a building',
};

describe('decodeMessage: envelope', () => {
  it('rejects a payload over the limit before parsing it', () => {
    const opts = { ...OPTS, maxPayloadBytes: 1024 };
    const big = json({ ts: TS, values: { pm25: 1 }, pad: 'x'.repeat(2000) });
    const result = decode(SENSOR_DATA, big, opts);
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/more than the limit of 1024 bytes/);
  });

  it('accepts a payload exactly at the limit', () => {
    const payload = json({ ts: TS, values: { pm25: 1 } });
    const result = decode(SENSOR_DATA, payload, { ...OPTS, maxPayloadBytes: payload.byteLength });
    expect(result.errors).toEqual([]);
    expect(result.records).toHaveLength(1);
  });

  it('rejects an unknown topic, saying what was expected', () => {
    expect(decode('city/v1/sensors/s1/other', json({ ts: TS, values: { pm25: 1 } })).errors).toEqual([
      'topic: must be city/v1/sensors/{id}/data|meta|status, city/v1/gateways/{id}/data or ' +
        'city/v1/incidents/{department}/events (got "city/v1/sensors/s1/other")',
    ]);
    expect(decode('city/v2/sensors/s1/data', '{}').errors[0]).toMatch(
      /^topic: version "v2" is not supported/,
    );
    expect(decode('other/v1/sensors/s1/data', '{}').errors).toEqual([
      'topic: must start with "city/v1/" (got "other/v1/sensors/s1/data")',
    ]);
    expect(decode('city/v1/sensors/a b/data', '{}').errors).toEqual([
      'topic: sensor id "a b" must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
    ]);
  });

  it('rejects malformed JSON on every JSON topic', () => {
    for (const topic of [SENSOR_DATA, GATEWAY, META, FIRE]) {
      for (const bad of ['{', 'not json', '{"ts": 1,}', '{"ts": 1} x']) {
        const result = decode(topic, bad);
        expect(result.records).toEqual([]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatch(/^payload: malformed JSON: /);
      }
    }
  });

  it('rejects an empty payload on every JSON topic', () => {
    for (const topic of [SENSOR_DATA, GATEWAY, META, FIRE]) {
      for (const empty of ['', '   \n']) {
        expect(decode(topic, empty)).toEqual({ records: [], errors: ['payload: empty (expected JSON)'] });
      }
    }
  });

  it('explains NaN and Infinity, which JSON does not have', () => {
    for (const bad of [
      `{"ts": ${TS}, "values": {"pm25": NaN}}`,
      `{"ts": ${TS}, "values": {"pm25": Infinity}}`,
      `{"ts": ${TS}, "values": {"pm25": -Infinity}}`,
      `[{"n": "pm25", "v": NaN}]`,
    ]) {
      expect(decode(SENSOR_DATA, bad).errors).toEqual([
        'payload: malformed JSON: NaN and Infinity are not JSON numbers (leave the value out instead)',
      ]);
    }
  });

  it('escapes control characters that the JSON parser quotes back from the payload', () => {
    const result = decode(SENSOR_DATA, '{"ts": 1,\n "x": \u0007}');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^payload: malformed JSON: /);
    expect(firstControlCharacter(result.errors[0]!)).toBeNull();
    expect(result.errors[0]).toContain('\\u0007');
  });

  it('rejects NUL characters, raw or escaped, which PostgreSQL text cannot store', () => {
    expect(decode(SENSOR_DATA, '\u0000').errors).toEqual(['payload: contains a NUL character (U+0000)']);
    expect(decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"a": 1}, "x": "a\u0000"}`).errors).toEqual([
      'payload: contains a NUL character (U+0000)',
    ]);
    for (const escaped of ['\\u0000', 'a\\\\\\u0000']) {
      const result = decode(
        FIRE,
        `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"note":"${escaped}"}`,
      );
      expect(result.records).toEqual([]);
      expect(result.errors).toEqual(['payload: contains a NUL character (written as \\u0000 in a string)']);
    }
  });

  it('keeps an escaped backslash followed by "u0000", which is not a NUL', () => {
    const payload = `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"note":"C:\\\\u0000"}`;
    const event = onlyEvent(decode(FIRE, payload).records);
    expect(event.note).toBe('C:\\u0000');
  });

  it('rejects a payload that is not valid UTF-8, naming the offset of the first bad byte', () => {
    const prefix = enc(`{"ts": ${TS}, "values": {"a`);
    for (const bad of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe9, 0x61]]) {
      const payload = new Uint8Array([...prefix, ...bad, ...enc('": 1}}')]);
      const result = decode(SENSOR_DATA, payload);
      expect(result.records).toEqual([]);
      expect(result.errors).toEqual([`payload: not valid UTF-8 (first bad byte at offset ${prefix.length})`]);
    }
    const status = decode(STATUS, new Uint8Array([0x6f, 0x6e, 0xff]));
    expect(status.errors).toEqual(['payload: not valid UTF-8 (first bad byte at offset 2)']);
  });

  it('accepts valid multi-byte UTF-8 text', () => {
    const event = onlyEvent(decode(FIRE, json({ ...reported, title: 'Rauch über Straße 🚒 火事' })).records);
    expect(event.title).toBe('Rauch über Straße 🚒 火事');
  });

  it('bounds the JSON parser message in the error', () => {
    const result = decode(SENSOR_DATA, `{"a": ${'x'.repeat(10_000)}}`);
    expect(result.errors[0]!.length).toBeLessThan(200);
  });

  it('refuses a 5 MB payload by its size, before parsing it', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x5b); // "[[[[…": would be slow and deep to parse
    // Refused by size, not by a parse error: parsing it was not attempted. (No wall-clock bound: this
    // machine is shared and noisy.)
    const result = decode(GATEWAY, big);
    expect(result).toEqual({
      records: [],
      errors: [`payload: ${5 * 1024 * 1024} bytes, more than the limit of 262144 bytes`],
    });
  });
});

describe('decodeMessage: sensor readings', () => {
  it('decodes one reading with epoch ms', () => {
    const result = decode(SENSOR_DATA, json({ ts: TS, values: { pm25: 12.5, no2: 3 } }));
    expect(result).toEqual({
      records: [{ kind: 'reading', sensorId: 's1', ts: TS, values: { pm25: 12.5, no2: 3 } }],
      errors: [],
    });
  });

  it('decodes one reading with an ISO timestamp, seq and position', () => {
    const result = decode(
      SENSOR_DATA,
      json({ ts: '2024-06-01T11:59:00Z', values: { pm25: 1 }, seq: 7, lat: 37.7, lon: -122.4 }),
    );
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([
      { kind: 'reading', sensorId: 's1', ts: TS, values: { pm25: 1 }, seq: 7 },
    ]);
  });

  it.each([
    ['no values', { ts: TS }],
    ['empty values', { ts: TS, values: {} }],
    ['string value', { ts: TS, values: { pm25: '12' } }],
    ['null value', { ts: TS, values: { pm25: null } }],
    ['no ts', { values: { pm25: 1 } }],
    ['negative seq', { ts: TS, values: { pm25: 1 }, seq: -1 }],
    ['fractional seq', { ts: TS, values: { pm25: 1 }, seq: 1.5 }],
    ['latitude out of range', { ts: TS, values: { pm25: 1 }, lat: 91 }],
    ['unknown property', { ts: TS, values: { pm25: 1 }, extra: 1 }],
    ['a string body', 'hello'],
    ['null body', null],
    ['a number body', 42],
    [
      'too many metrics',
      { ts: TS, values: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])) },
    ],
  ])('rejects a reading with %s', (_label, body) => {
    const result = decode(SENSOR_DATA, json(body));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it.each([
    [{ ts: TS }, 'values: missing'],
    [{ ts: TS, values: {} }, 'values: must have at least 1 entry (got 0)'],
    [{ ts: TS, values: { pm25: '12' } }, 'values.pm25: must be a number (got a string)'],
    [{ ts: TS, values: { pm25: null } }, 'values.pm25: must be a number (got null)'],
    [{ values: { pm25: 1 } }, 'ts: missing'],
    [{ ts: TS, values: { pm25: 1 }, seq: -1 }, 'seq: must be an integer from 0 to 9007199254740991 (got -1)'],
    [
      { ts: TS, values: { pm25: 1 }, seq: 1.5 },
      'seq: must be an integer from 0 to 9007199254740991 (got 1.5)',
    ],
    [{ ts: TS, values: { pm25: 1 }, lat: 91 }, 'lat: 91 is outside the accepted range of ±90'],
    [{ ts: TS, values: { pm25: 1 }, extra: 1 }, 'extra: unexpected field'],
    [
      { ts: true, values: { pm25: 1 } },
      'ts: must be epoch milliseconds or an ISO-8601 date-time with a zone (got true)',
    ],
    ['hello', 'reading: must be a JSON object (got a string)'],
    [null, 'reading: must be a JSON object (got null)'],
    [
      { ts: TS, values: { 'pm2.5': 1, 'bad key': 1 } },
      'values["bad key"]: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-"',
    ],
  ])('words the problem of %j as a plain sentence', (body, reason) => {
    expect(decode(SENSOR_DATA, json(body)).errors).toEqual([reason]);
  });

  it('lists every problem of one reading', () => {
    const result = decode(
      SENSOR_DATA,
      json({ ts: 'yesterday', values: { pm25: 'high', no2: 1e308, 'a b': 1 }, seq: -2, foo: 1 }),
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'foo: unexpected field',
      'values.pm25: must be a number (got a string)',
      'values.no2: 1e+308 is outside the accepted range of ±1e15',
      'seq: must be an integer from 0 to 9007199254740991 (got -2)',
      'values["a b"]: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-"',
      'ts: not an ISO-8601 date-time with a zone, like 2024-06-01T12:00:00Z (got "yesterday")',
    ]);
  });

  it('rejects a timestamp in seconds, naming ts', () => {
    const seconds = Math.floor(TS / 1000);
    const result = decode(SENSOR_DATA, json({ ts: seconds, values: { pm25: 1 } }));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      `ts: before 2000-01-01 (got ${seconds}; seconds instead of milliseconds?)`,
    ]);
  });

  it('rejects an ISO timestamp without a zone', () => {
    const result = decode(SENSOR_DATA, json({ ts: '2024-06-01T11:59:00', values: { pm25: 1 } }));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toMatch(/^ts: not an ISO-8601 date-time with a zone/);
  });

  it('rejects timestamps in 1970 and in 2100 (existing window rule)', () => {
    for (const ts of [0, 1000, '1970-01-01T00:00:00Z', Date.UTC(2100, 0, 1), '2100-01-01T00:00:00Z']) {
      const result = decode(SENSOR_DATA, json({ ts, values: { pm25: 1 } }));
      expect(result.records, String(ts)).toEqual([]);
      expect(result.errors[0]).toMatch(/^ts: (before 2000-01-01|more than 24 h in the future)/);
    }
  });

  it('rejects a timestamp far in the future', () => {
    const result = decode(SENSOR_DATA, json({ ts: NOW + 2 * 24 * 3600 * 1000, values: { pm25: 1 } }));
    expect(result.records).toEqual([]);
    expect(result.errors[0]).toMatch(/future/);
  });

  it('rejects 1e999 (parsed as Infinity) as non-finite', () => {
    const result = decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"pm25": 1e999}}`);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['values.pm25: Infinity is outside the accepted range of ±1e15']);
    const negative = decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"pm25": -1e999}}`);
    expect(negative.records).toEqual([]);
    expect(negative.errors).toEqual(['values.pm25: -Infinity is outside the accepted range of ±1e15']);
  });

  it('rejects ts of 1e999', () => {
    const result = decode(SENSOR_DATA, `{"ts": 1e999, "values": {"pm25": 1}}`);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'ts: must be epoch milliseconds or an ISO-8601 date-time with a zone (got Infinity)',
    ]);
  });

  it('rejects a hostile very long timestamp string', () => {
    const result = decode(
      SENSOR_DATA,
      json({ ts: `2024-06-01T11:59:00${'0'.repeat(10_000)}Z`, values: { pm25: 1 } }),
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it('rejects metric names that do not match MetricName (single reading)', () => {
    for (const metric of ['bad key', '', 'x'.repeat(300), '<script>']) {
      const result = decode(SENSOR_DATA, json({ ts: TS, values: { [metric]: 1 } }));
      expect(result.records, metric).toEqual([]);
    }
  });

  it('rejects metric names that do not match MetricName (gateway item)', () => {
    const result = decode(GATEWAY, json([{ sensorId: 'a', ts: TS, values: { 'bad key': 1 } }]));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });
});

describe('decodeMessage: SenML on the sensor data topic', () => {
  it('routes a JSON array on a sensor data topic to the SenML parser', () => {
    const bt = Math.floor(TS / 1000);
    const result = decode(SENSOR_DATA, json([{ bn: 'urn:dev:s1:', bt, n: 'pm25', v: 4 }]));
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([{ kind: 'reading', sensorId: 's1', ts: bt * 1000, values: { pm25: 4 } }]);
  });
});

describe('decodeMessage: gateway arrays', () => {
  it('decodes many readings for many sensors', () => {
    const result = decode(
      GATEWAY,
      json([
        { sensorId: 'a', ts: TS, values: { pm25: 1 } },
        { sensorId: 'b', ts: '2024-06-01T11:59:00Z', values: { pm25: 2 }, seq: 3 },
      ]),
    );
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([
      { kind: 'reading', sensorId: 'a', ts: TS, values: { pm25: 1 } },
      { kind: 'reading', sensorId: 'b', ts: TS, values: { pm25: 2 }, seq: 3 },
    ]);
  });

  it('keeps the good items and lists the bad ones by index', () => {
    const result = decode(
      GATEWAY,
      `[{"sensorId":"a","ts":${TS},"values":{"pm25":1}},` +
        `{"sensorId":"b","values":{"pm25":2}},` +
        `{"sensorId":"c","ts":${TS},"values":{"pm25":1e999}},` +
        `{"sensorId":"d","ts":${Math.floor(TS / 1000)},"values":{"pm25":4}},` +
        `{"sensorId":"bad/id","ts":${TS},"values":{"pm25":5}},` +
        `"garbage",` +
        `{"sensorId":"e","ts":${TS},"values":{"pm25":6}}]`,
    );
    expect(result.records.map((r) => (r.kind === 'reading' ? r.sensorId : r.kind))).toEqual(['a', 'e']);
    expect(result.errors).toEqual([
      'item 1: ts: missing',
      'item 2: values.pm25: Infinity is outside the accepted range of ±1e15',
      `item 3: ts: before 2000-01-01 (got ${Math.floor(TS / 1000)}; seconds instead of milliseconds?)`,
      'item 4: sensorId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "bad/id")',
      'item 5: reading: must be a JSON object (got a string)',
    ]);
  });

  it('rejects a non-array, an empty array and an oversized array', () => {
    expect(decode(GATEWAY, json({ sensorId: 'a', ts: TS, values: { pm25: 1 } })).errors).toEqual([
      'payload: must be a JSON array of readings (got an object)',
    ]);
    expect(decode(GATEWAY, '[]').errors).toEqual(['payload: an empty array (expected readings)']);
    const many = `[${Array.from({ length: MAX_ITEMS_PER_MESSAGE + 1 }, () => '0').join(',')}]`;
    const result = decode(GATEWAY, many);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      `payload: an array of ${MAX_ITEMS_PER_MESSAGE + 1} items, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
    ]);
  });

  it('rejects unknown properties on gateway items', () => {
    const result = decode(GATEWAY, json([{ sensorId: 'a', ts: TS, values: { pm25: 1 }, lat: 1 }]));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['item 0: lat: unexpected field']);
  });
});

describe('decodeMessage: sensor meta', () => {
  const meta = {
    name: 'Air quality, Mission & 24th',
    kind: 'air_quality',
    department: 'environment',
    lat: 37.75,
    lon: -122.41,
    units: { pm25: 'µg/m³' },
    intervalS: 10,
  };

  it('accepts a valid registration, stamped with now', () => {
    const result = decode(META, json(meta));
    expect(result).toEqual({ records: [{ kind: 'sensor-meta', sensorId: 's1', ts: NOW, meta }], errors: [] });
  });

  it('accepts the minimal registration', () => {
    const { units: _u, intervalS: _i, ...minimal } = meta;
    expect(decode(META, json(minimal)).records).toHaveLength(1);
  });

  it.each([
    ['missing name', { ...meta, name: undefined }],
    ['empty name', { ...meta, name: '' }],
    ['name too long', { ...meta, name: 'x'.repeat(201) }],
    ['bad kind', { ...meta, kind: 'Air Quality' }],
    ['bad department', { ...meta, department: 'Fire Dept' }],
    ['missing lat', { ...meta, lat: undefined }],
    ['lon out of range', { ...meta, lon: 181 }],
    ['zero interval', { ...meta, intervalS: 0 }],
    ['interval over a day', { ...meta, intervalS: 86_401 }],
    ['unknown property', { ...meta, owner: 'me' }],
    ['unit too long', { ...meta, units: { pm25: 'x'.repeat(33) } }],
    ['an array', [meta]],
  ])('rejects %s', (_label, body) => {
    const result = decode(META, json(body));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it('lists every problem of a registration in plain words', () => {
    const result = decode(
      META,
      json({
        ...meta,
        name: 'Pump\u0007',
        kind: 'Air Quality',
        lat: 91,
        units: { pm25: 'µg\nm³', 'a b': 'x' },
        x: 1,
      }),
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'x: unexpected field',
      'name: contains a control character (U+0007)',
      'kind: must be 1 to 64 lowercase letters, digits, "_" or "-", starting with a letter (got "Air Quality")',
      'lat: 91 is outside the accepted range of ±90',
      'units.pm25: contains a control character (U+000A)',
      'units["a b"]: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-"',
    ]);
  });

  it('refuses reserved metric names in units', () => {
    const result = decode(
      META,
      `{"name":"n","kind":"k","department":"water","lat":1,"lon":1,"units":{"__proto__":"x"}}`,
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['units["__proto__"]: reserved, not allowed as a metric name']);
  });
});

describe('decodeMessage: sensor status', () => {
  it.each([
    ['online', 'online'],
    ['offline', 'offline'],
    ['"online"', 'online'],
    ['  offline\n', 'offline'],
  ] as const)('accepts %j', (payload, status) => {
    expect(decode(STATUS, payload)).toEqual({
      records: [{ kind: 'sensor-status', sensorId: 's1', ts: NOW, status }],
      errors: [],
    });
  });

  it.each(['', 'ONLINE', 'on', 'online offline', '{"status":"online"}', 'true', '\u0000online'])(
    'rejects %j',
    (payload) => {
      const result = decode(STATUS, payload);
      expect(result.records).toEqual([]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(/^status: must be "online" or "offline" \(got ".*"\)$/);
    },
  );
});

describe('decodeMessage: incident events', () => {
  it('decodes a single reported event, adding the department and normalising ts', () => {
    const event = onlyEvent(decode(FIRE, json({ ...reported, ts: '2024-06-01T11:59:00Z' })).records);
    expect(event).toEqual({ ...reported, ts: TS, department: 'fire' });
  });

  it('takes the department from the topic, not from the payload', () => {
    const event = onlyEvent(decode(FIRE, json({ ...reported, department: 'police' })).records);
    expect(event.department).toBe('fire');
  });

  it('decodes an array of events and lists the bad ones by index', () => {
    const result = decode(
      FIRE,
      json([
        reported,
        { eventId: 'e2', incidentId: 'i1', type: 'dispatched', ts: TS + 1 },
        { eventId: 'e3', incidentId: 'i1', type: 'dispatched', ts: TS + 2, unit: 'E12' },
      ]),
    );
    expect(result.records.map((r) => (r.kind === 'incident-event' ? r.event.eventId : ''))).toEqual([
      'e1',
      'e3',
    ]);
    expect(result.errors).toEqual(['item 1: unit: missing (a dispatched event needs it)']);
  });

  it('decodes a unit_status event with its unit and status', () => {
    const event = onlyEvent(
      decode(
        FIRE,
        json({
          eventId: 'u1',
          incidentId: 'i1',
          type: 'unit_status',
          ts: TS,
          unit: 'M85',
          unitStatus: 'at_hospital',
        }),
      ).records,
    );
    expect(event).toMatchObject({
      type: 'unit_status',
      unit: 'M85',
      unitStatus: 'at_hospital',
      department: 'fire',
    });
  });

  it('words an unknown unit status as a plain sentence listing the statuses', () => {
    const result = decode(
      FIRE,
      json({
        eventId: 'u1',
        incidentId: 'i1',
        type: 'unit_status',
        ts: TS,
        unit: 'M85',
        unitStatus: 'lunch',
      }),
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'unitStatus: must be one of available, dispatched, on_scene, transporting, at_hospital, out_of_service (got "lunch")',
    ]);
  });

  it('rejects an empty array and an oversized array', () => {
    expect(decode(FIRE, '[]').errors).toEqual(['payload: an empty array (expected incident events)']);
    const many = `[${Array.from({ length: MAX_ITEMS_PER_MESSAGE + 1 }, () => '0').join(',')}]`;
    const result = decode(FIRE, many);
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it.each([
    ['reported', ['category', 'severity', 'lat', 'lon', 'title']],
    ['dispatched', ['unit']],
    ['assist_requested', ['toDepartment']],
    ['handed_off', ['toDepartment']],
    ['escalated', ['severity']],
    ['unit_status', ['unit', 'unitStatus']],
  ])('%s without its required fields is rejected, naming each', (type, fields) => {
    const result = decode(FIRE, json({ eventId: 'e9', incidentId: 'i1', type, ts: TS }));
    expect(result.records).toEqual([]);
    const article = /^[aeiou]/.test(type) ? 'an' : 'a';
    expect(result.errors).toEqual(fields.map((f) => `${f}: missing (${article} ${type} event needs it)`));
  });

  it.each(['category', 'severity', 'lat', 'lon', 'title'])('reported without %s is rejected', (field) => {
    const body: Record<string, unknown> = { ...reported };
    delete body[field];
    const result = decode(FIRE, json(body));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([`${field}: missing (a reported event needs it)`]);
  });

  it.each(['updated', 'acknowledged', 'on_scene', 'resolved', 'closed', 'reopened', 'comment'])(
    '%s needs only the base fields',
    (type) => {
      const event = onlyEvent(decode(FIRE, json({ eventId: 'e9', incidentId: 'i1', type, ts: TS })).records);
      expect(event).toEqual({ eventId: 'e9', incidentId: 'i1', type, ts: TS, department: 'fire' });
    },
  );

  it.each([0, 6, 2.5, -1])('rejects severity %s', (severity) => {
    const result = decode(FIRE, json({ ...reported, severity }));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([`severity: must be an integer from 1 to 5 (got ${severity})`]);
    const escalated = decode(
      FIRE,
      json({ eventId: 'e2', incidentId: 'i1', type: 'escalated', ts: TS, severity }),
    );
    expect(escalated.records).toEqual([]);
  });

  it('accepts severity at the bounds', () => {
    expect(onlyEvent(decode(FIRE, json({ ...reported, severity: 1 })).records).severity).toBe(1);
    expect(onlyEvent(decode(FIRE, json({ ...reported, severity: 5 })).records).severity).toBe(5);
  });

  it.each([
    ['unknown type', { ...reported, type: 'exploded' }],
    ['missing eventId', { ...reported, eventId: undefined }],
    ['eventId with a slash', { ...reported, eventId: 'a/b' }],
    ['incidentId too long', { ...reported, incidentId: 'x'.repeat(129) }],
    [
      'bad toDepartment',
      { eventId: 'e2', incidentId: 'i1', type: 'handed_off', ts: TS, toDepartment: 'Police' },
    ],
    ['empty unit', { eventId: 'e2', incidentId: 'i1', type: 'dispatched', ts: TS, unit: '' }],
    ['title too long', { ...reported, title: 'x'.repeat(201) }],
    ['note too long', { ...reported, note: 'x'.repeat(2001) }],
    ['lat out of range', { ...reported, lat: -91 }],
    ['ts in seconds', { ...reported, ts: Math.floor(TS / 1000) }],
    ['ts without a zone', { ...reported, ts: '2024-06-01T11:59:00' }],
    ['not an object', 'reported'],
    ['null', null],
  ])('rejects %s', (_label, body) => {
    const result = decode(FIRE, json(body));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it('reports every problem of one event: missing lat and lon and a category with a control character', () => {
    const { lat: _lat, lon: _lon, ...rest } = reported;
    const result = decode(FIRE, json({ ...rest, category: 'Noise\u0007 - Residential' }));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'category: contains a control character (U+0007)',
      'lat: missing (a reported event needs it)',
      'lon: missing (a reported event needs it)',
    ]);
    expectPlain(result.errors);
  });

  it.each([
    [
      { type: 'exploded' },
      'type: "exploded" is not one of reported, updated, acknowledged, dispatched, on_scene, assist_requested, handover_offered, handover_accepted, handover_declined, handed_off, escalated, resolved, closed…',
    ],
    [{ eventId: undefined }, 'eventId: missing'],
    [{ incidentId: 42 }, 'incidentId: must be a string (got a number)'],
    [{ title: '' }, 'title: must not be empty'],
    [{ title: 'x'.repeat(201) }, 'title: must be at most 200 characters (got 201)'],
    [{ title: 'Bell\u0007' }, 'title: contains a control character (U+0007)'],
    [{ title: 'Next\u0085line' }, 'title: contains a control character (U+0085)'],
    [{ title: 'Del\u007f' }, 'title: contains a control character (U+007F)'],
    [{ actor: 'ops\r\nadmin' }, 'actor: contains a control character (U+000D)'],
    [{ note: 'tab\tand\nline ok, bell \u0007 not' }, 'note: contains a control character (U+0007)'],
    [{ lat: '37.7' }, 'lat: must be a number (got a string)'],
    [
      { ts: '2024-06-01T11:59:00' },
      'ts: not an ISO-8601 date-time with a zone, like 2024-06-01T12:00:00Z (got "2024-06-01T11:59:00")',
    ],
  ])('words %j as a plain sentence', (patch, reason) => {
    expect(decode(FIRE, json({ ...reported, ...patch })).errors).toEqual([reason]);
  });

  it('accepts line breaks and tabs in a note', () => {
    const event = onlyEvent(decode(FIRE, json({ ...reported, note: 'first\r\nsecond\tthird' })).records);
    expect(event.note).toBe('first\r\nsecond\tthird');
  });

  it('refuses a unit with a control character on dispatch', () => {
    const result = decode(
      FIRE,
      json({ eventId: 'e2', incidentId: 'i1', type: 'dispatched', ts: TS, unit: 'E1\u001b[2J' }),
    );
    expect(result.errors).toEqual(['unit: contains a control character (U+001B)']);
  });

  it('refuses unpaired UTF-16 surrogates in text, which jsonb cannot store', () => {
    for (const [field, text] of [
      ['title', 'a\\ud800b'],
      ['note', '\\udc00'],
      ['actor', 'x\\ud83d'],
    ] as const) {
      const payload = JSON.stringify({ ...reported }).replace(/}$/, `,"${field}":"${text}"}`);
      const result = decode(FIRE, payload);
      expect(result.records, field).toEqual([]);
      expect(result.errors[0]).toMatch(
        new RegExp(`^${field}: contains an unpaired surrogate \\(U\\+D[89A-F]`),
      );
    }
    // A proper pair (an emoji written as escapes) is fine.
    const ok = JSON.stringify({ ...reported }).replace(/}$/, ',"note":"\\ud83d\\ude92"}');
    expect(onlyEvent(decode(FIRE, ok).records).note).toBe('🚒');
  });

  it('rejects a lat of 1e999', () => {
    const payload = JSON.stringify(reported).replace('"lat":37.76', '"lat":1e999');
    expect(payload).toContain('1e999');
    const result = decode(FIRE, payload);
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });

  it('drops unknown extra properties', () => {
    const event = onlyEvent(
      decode(FIRE, json({ ...reported, extra: 'x'.repeat(1000), nested: { a: 1 }, constructor: 'x' }))
        .records,
    );
    expect(Object.keys(event).sort()).toEqual(
      [
        'category',
        'department',
        'eventId',
        'incidentId',
        'lat',
        'lon',
        'severity',
        'title',
        'ts',
        'type',
      ].sort(),
    );
  });

  it('keeps hostile strings as data (escaping is the renderer’s job) without polluting prototypes', () => {
    const payload =
      `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},` +
      `"note":"<script>alert(1)</script>","actor":"${'a'.repeat(120)}",` +
      `"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    const event = onlyEvent(decode(FIRE, payload).records);
    expect(event.note).toBe('<script>alert(1)</script>');
    expect(event.actor).toHaveLength(120);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.hasOwn(event, '__proto__')).toBe(false);
  });

  it('rejects an actor longer than 120 characters', () => {
    const result = decode(
      FIRE,
      json({ eventId: 'e1', incidentId: 'i1', type: 'comment', ts: TS, actor: 'a'.repeat(121) }),
    );
    expect(result.records).toEqual([]);
  });

  it('handles a payload of very long strings by rejecting, not by throwing', () => {
    const result = decode(FIRE, json({ ...reported, title: '\u0000'.repeat(20_000) }));
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['payload: contains a NUL character (written as \\u0000 in a string)']);
    const bells = decode(FIRE, json({ ...reported, title: '\u0007'.repeat(20_000) }));
    expect(bells.records).toEqual([]);
    expect(bells.errors).toEqual([
      'title: must be at most 200 characters (got 20000)',
      'title: contains a control character (U+0007)',
    ]);
  });
});

describe('decodeMessage: text limits count characters, not UTF-16 units', () => {
  const emoji = '🚒';

  it('accepts a title of 150 emoji (300 UTF-16 units) under the 200-character limit', () => {
    const event = onlyEvent(decode(FIRE, json({ ...reported, title: emoji.repeat(150) })).records);
    expect(event.title).toBe(emoji.repeat(150));
  });

  it('refuses 201 emoji and counts them as characters in the reason', () => {
    expect(decode(FIRE, json({ ...reported, title: emoji.repeat(201) })).errors).toEqual([
      'title: must be at most 200 characters (got 201)',
    ]);
  });

  it('refuses very long text with the character count, whatever its units', () => {
    expect(decode(FIRE, json({ ...reported, title: 'x'.repeat(250_000) })).errors).toEqual([
      'title: must be at most 200 characters (got 250000)',
    ]);
    expect(decode(FIRE, json({ ...reported, note: `${emoji}\n`.repeat(1001) })).errors).toEqual([
      'note: must be at most 2000 characters (got 2002)',
    ]);
  });

  it('counts characters in a registration name and its units too', () => {
    const meta = {
      name: emoji.repeat(200),
      kind: 'air_quality',
      department: 'environment',
      lat: 37.7,
      lon: -122.4,
    };
    expect(decode(META, json(meta)).errors).toEqual([]);
    expect(decode(META, json({ ...meta, units: { pm25: 'µ'.repeat(33) } })).errors).toEqual([
      'units.pm25: must be at most 32 characters (got 33)',
    ]);
  });
});

describe('decodeIncidentEvent', () => {
  it('is the same rule set as the MQTT path', () => {
    const event = decodeIncidentEvent('police', { ...reported }, NOW);
    expect(event).toEqual({ ...reported, department: 'police' });
    expect(decodeIncidentEvent('police', { ...reported, severity: 9 }, NOW)).toBe(
      'severity: must be an integer from 1 to 5 (got 9)',
    );
  });

  it('joins every problem into one reason with "; "', () => {
    expect(
      decodeIncidentEvent(
        'fire',
        { eventId: 'e1', incidentId: 'i1', type: 'dispatched', ts: TS, actor: '' },
        NOW,
      ),
    ).toBe('actor: must not be empty; unit: missing (a dispatched event needs it)');
  });

  it('does not mutate its input', () => {
    const input = { ...reported, ts: '2024-06-01T11:59:00Z', extra: 1 };
    const copy = structuredClone(input);
    decodeIncidentEvent('fire', input, NOW);
    expect(input).toEqual(copy);
  });
});

/** Every reason a person reads: short, no regular expression, no raw control character. */
function expectPlain(errors: readonly string[]) {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_ERRORS_PER_MESSAGE + 1);
  for (const error of errors) {
    expect(error.length, error).toBeLessThanOrEqual(200);
    expect(error, error).not.toMatch(/\^|\$'|\]\{|\[A-Z|\\[dws]|Expected /);
    expect(firstControlCharacter(error), error).toBeNull();
  }
}

describe('decodeMessage: all problems, in plain words', () => {
  it('caps a message at 20 problems and says how many more there were', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      sensorId: `s${i}`,
      ts: TS,
      values: { pm25: 'x' },
    }));
    const result = decode(GATEWAY, json(items));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(MAX_ERRORS_PER_MESSAGE + 1);
    expect(result.errors[0]).toBe('item 0: values.pm25: must be a number (got a string)');
    expect(result.errors[19]).toBe('item 19: values.pm25: must be a number (got a string)');
    expect(result.errors[20]).toBe('… and 10 more problems');
  });

  it('says "1 more problem" in the singular', () => {
    const items = Array.from({ length: 21 }, (_, i) => ({
      sensorId: `s${i}`,
      ts: TS,
      values: { pm25: 'x' },
    }));
    expect(decode(GATEWAY, json(items)).errors.at(-1)).toBe('… and 1 more problem');
  });

  it('de-duplicates repeated problems', () => {
    expect(capProblems(['a: missing', 'b: missing', 'a: missing'])).toEqual(['a: missing', 'b: missing']);
  });

  it('quotes offending values truncated to 40 characters, control characters escaped', () => {
    const category = `Bad\u0000\n"quoted"\\${'x'.repeat(100)}`;
    const { errors } = decode(
      META,
      json({ name: 'n', kind: category.replace('\u0000', ''), department: 'water', lat: 1, lon: 1 }),
    );
    expect(errors).toEqual([`kind: contains a control character (U+000A)`]);
    const spaced = decode(
      FIRE,
      json({ ...reported, eventId: `Has "quotes" \\ and ${'y'.repeat(60)}` }),
    ).errors;
    expect(spaced).toEqual([
      `eventId: must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit (got "Has \\"quotes\\" \\\\ and ${'y'.repeat(21)}…")`,
    ]);
    expectPlain(spaced);
    const metric = decode(SENSOR_DATA, json({ ts: TS, values: { 'a\u0007\nb\u202e': 1 } })).errors;
    expect(metric).toEqual([
      'values["a\\u0007\\nb\\u202e"]: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-"',
    ]);
  });

  it('never shows a regular expression', () => {
    const bad = [
      decode(FIRE, json({ ...reported, eventId: 'a b', incidentId: '-x', category: 'A', toDepartment: 'X' })),
      decode(META, json({ name: 'n', kind: 'K', department: 'D', lat: 1, lon: 1, units: { 'a b': 'u' } })),
      decode(GATEWAY, json([{ sensorId: '', ts: TS, values: { '': 1 } }])),
      decode('city/v1/incidents/BAD/events', '{}'),
      decode('city/v1/gateways/a+b/data', '[]'),
    ];
    for (const { errors } of bad) expectPlain(errors);
  });
});

describe('decodeMessage: bounds that aggregates cannot overflow', () => {
  it('exports the limits', () => {
    expect(MAX_ABS_READING_VALUE).toBe(1e15);
    expect(MAX_SEQ).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a reading value beyond ±1e15 and accepts the bound itself', () => {
    const result = decode(SENSOR_DATA, json({ ts: TS, values: { pm25: 1e308 } }));
    expect(result).toEqual({
      records: [],
      errors: ['values.pm25: 1e+308 is outside the accepted range of ±1e15'],
    });
    expect(decode(SENSOR_DATA, json({ ts: TS, values: { a: -1e15 - 1 } })).errors).toEqual([
      'values.a: -1000000000000001 is outside the accepted range of ±1e15',
    ]);
    const bounds = decode(SENSOR_DATA, json({ ts: TS, values: { a: 1e15, b: -1e15 } }));
    expect(bounds.errors).toEqual([]);
    expect(bounds.records).toHaveLength(1);
  });

  it('refuses gateway values beyond ±1e15 and keeps the good items', () => {
    const result = decode(
      GATEWAY,
      json([
        { sensorId: 'a', ts: TS, values: { pm25: 1e308 } },
        { sensorId: 'b', ts: TS, values: { pm25: 1 } },
        { sensorId: 'c', ts: TS, values: { pm25: -1e308 } },
      ]),
    );
    expect(result.records).toEqual([{ kind: 'reading', sensorId: 'b', ts: TS, values: { pm25: 1 } }]);
    expect(result.errors).toEqual([
      'item 0: values.pm25: 1e+308 is outside the accepted range of ±1e15',
      'item 2: values.pm25: -1e+308 is outside the accepted range of ±1e15',
    ]);
  });

  it('refuses a SenML value beyond ±1e15 on the sensor data topic', () => {
    const bt = Math.floor(TS / 1000);
    expect(decode(SENSOR_DATA, json([{ bt, n: 'pm25', v: 1e308 }])).errors).toEqual([
      'item 0: v: 1e+308 is outside the accepted range of ±1e15',
    ]);
  });

  it('accepts seq up to Number.MAX_SAFE_INTEGER and refuses beyond', () => {
    const ok = decode(SENSOR_DATA, json({ ts: TS, values: { a: 1 }, seq: MAX_SEQ }));
    expect(ok.records).toEqual([{ kind: 'reading', sensorId: 's1', ts: TS, values: { a: 1 }, seq: MAX_SEQ }]);
    for (const seq of ['9007199254740992', '1e20', '1e308']) {
      const result = decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"a": 1}, "seq": ${seq}}`);
      expect(result.records, seq).toEqual([]);
      expect(result.errors[0]).toMatch(/^seq: must be an integer from 0 to 9007199254740991 \(got /);
    }
    const gateway = decode(GATEWAY, `[{"sensorId": "a", "ts": ${TS}, "values": {"a": 1}, "seq": 1e20}]`);
    expect(gateway.records).toEqual([]);
  });
});

describe('decodeMessage: prototype keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses the metric name %s', (name) => {
    const single = decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"${name}": 5, "pm25": 1}}`);
    expect(single).toEqual({
      records: [],
      errors: [`values["${name}"]: reserved, not allowed as a metric name`],
    });
    const gateway = decode(GATEWAY, `[{"sensorId": "a", "ts": ${TS}, "values": {"${name}": 5}}]`);
    expect(gateway).toEqual({
      records: [],
      errors: [`item 0: values["${name}"]: reserved, not allowed as a metric name`],
    });
  });

  it('cannot pollute Object.prototype or change a record’s prototype, wherever __proto__ appears', () => {
    const pollute = '{"polluted": true, "pm25": 1}';
    const payloads: [string, string][] = [
      [SENSOR_DATA, `{"ts": ${TS}, "values": {"pm25": 1}, "__proto__": ${pollute}}`],
      [SENSOR_DATA, `{"ts": ${TS}, "values": {"__proto__": ${pollute}}}`],
      [SENSOR_DATA, `[{"bt": ${Math.floor(TS / 1000)}, "n": "__proto__", "v": 1, "__proto__": ${pollute}}]`],
      [GATEWAY, `[{"__proto__": ${pollute}, "sensorId": "a", "ts": ${TS}, "values": {"pm25": 1}}]`],
      [
        GATEWAY,
        `[{"sensorId": "a", "ts": ${TS}, "values": {"pm25": 1, "constructor": {"prototype": ${pollute}}}}]`,
      ],
      [META, `{"name":"n","kind":"k","department":"water","lat":1,"lon":1,"units":{"__proto__":${pollute}}}`],
      [FIRE, `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"__proto__":${pollute}}`],
      [
        FIRE,
        `[{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"constructor":{"prototype":${pollute}}}]`,
      ],
    ];
    for (const [topic, payload] of payloads) {
      const result = decode(topic, payload);
      expect(({} as Record<string, unknown>).polluted, payload).toBeUndefined();
      for (const record of result.records) {
        if (record.kind === 'reading') {
          expect(Object.getPrototypeOf(record.values)).toBe(Object.prototype);
          expect(Object.hasOwn(record.values, '__proto__')).toBe(false);
          expect(Object.keys(record.values)).toEqual(['pm25']);
        }
        if (record.kind === 'incident-event') {
          expect(Object.getPrototypeOf(record.event)).toBe(Object.prototype);
          expect(Object.hasOwn(record.event, '__proto__')).toBe(false);
          expect(Object.hasOwn(record.event, 'constructor')).toBe(false);
        }
      }
    }
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('stores a reading whose values object is a plain copy', () => {
    const [record] = decode(SENSOR_DATA, json({ ts: TS, values: { pm25: 1, no2: 2 } })).records;
    if (record?.kind !== 'reading') throw new Error('expected a reading');
    expect(Object.getPrototypeOf(record.values)).toBe(Object.prototype);
    expect(record.values).toEqual({ pm25: 1, no2: 2 });
  });
});

/** Runs `fn` and fails when it takes longer than a second (they all take milliseconds). */
/**
 * Hostile shapes must not blow up (quadratic work, deep recursion). NOTE: no wall-clock bound here — on a
 * shared, loaded machine a 1 s bound failed with nothing wrong; the test's own timeout still catches a
 * blow-up, which would take minutes, not seconds.
 */
function fast<T>(fn: () => T): T {
  return fn();
}

describe('decodeMessage: hostile shapes', () => {
  const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;

  it.each([SENSOR_DATA, GATEWAY, META, FIRE])('refuses 10,000-level nested payloads on %s', (topic) => {
    for (const deep of [deepArray, deepObject]) {
      const result = fast(() => decode(topic, deep));
      expect(result.records).toEqual([]);
      expectPlain(result.errors);
    }
  });

  it('refuses 10,000-level nesting inside values, ts, units and an event', () => {
    const cases: [string, string, string][] = [
      [
        SENSOR_DATA,
        `{"ts": ${TS}, "values": {"pm25": ${deepArray}}}`,
        'values.pm25: must be a number (got an array)',
      ],
      [SENSOR_DATA, `{"ts": ${TS}, "values": ${deepArray}}`, 'values: must be a JSON object (got an array)'],
      [
        SENSOR_DATA,
        `{"ts": ${deepObject}, "values": {"a": 1}}`,
        'ts: must be epoch milliseconds or an ISO-8601 date-time with a zone (got an object)',
      ],
      [
        GATEWAY,
        `[{"sensorId": "a", "ts": ${TS}, "values": {"pm25": ${deepObject}}}]`,
        'item 0: values.pm25: must be a number (got an object)',
      ],
      [
        META,
        `{"name":"n","kind":"k","department":"water","lat":1,"lon":1,"units":{"a":${deepArray}}}`,
        'units.a: must be a string (got an array)',
      ],
      [
        FIRE,
        `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"note":${deepObject}}`,
        'note: must be a string (got an object)',
      ],
    ];
    for (const [topic, payload, reason] of cases)
      expect(fast(() => decode(topic, payload)).errors).toEqual([reason]);
    // Unknown fields of an event are dropped without being walked.
    const extra = fast(() =>
      decode(FIRE, `{"eventId":"e1","incidentId":"i1","type":"comment","ts":${TS},"x":${deepArray}}`),
    );
    expect(extra.errors).toEqual([]);
    expect(Object.keys(onlyEvent(extra.records))).not.toContain('x');
  });

  it('refuses a gateway array of 100,000 items by its length, without validating each item', () => {
    const payload = `[${'0,'.repeat(99_999)}0]`;
    expect(payload.length).toBeLessThan(OPTS.maxPayloadBytes);
    const result = fast(() => decode(GATEWAY, payload));
    expect(result).toEqual({
      records: [],
      errors: [`payload: an array of 100000 items, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`],
    });
    expect(fast(() => decode(FIRE, payload)).errors).toEqual([
      `payload: an array of 100000 items, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
    ]);
    expect(fast(() => decode(SENSOR_DATA, payload)).errors).toEqual([
      `payload: a SenML pack of 100000 records, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
    ]);
  });

  it('lists the problems of a full gateway array of bad items quickly, capped', () => {
    const item = `{"sensorId":"a b","ts":"x","values":{${Array.from({ length: 10 }, (_, i) => `"m${i}":"v"`).join(',')}}}`;
    const payload = `[${Array.from({ length: MAX_ITEMS_PER_MESSAGE }, () => item).join(',')}]`;
    const result = fast(() => decode(GATEWAY, payload, { ...OPTS, maxPayloadBytes: 4 * 1024 * 1024 }));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(MAX_ERRORS_PER_MESSAGE + 1);
    expect(result.errors.at(-1)).toMatch(/^… and \d+ more problems$/);
    expectPlain(result.errors);
  });

  it('treats 1e999 as out of range wherever a number goes', () => {
    expect(decode(FIRE, JSON.stringify(reported).replace('"severity":3', '"severity":1e999')).errors).toEqual(
      ['severity: must be an integer from 1 to 5 (got Infinity)'],
    );
    expect(decode(SENSOR_DATA, `{"ts": ${TS}, "values": {"a": 1}, "seq": 1e999}`).errors).toEqual([
      'seq: must be an integer from 0 to 9007199254740991 (got Infinity)',
    ]);
  });

  const WRONG = [null, true, false, 0, -1, 1.5, 1e300, '', 'x', '\u0007', [], [1], {}, { a: 1 }];

  it.each([
    ['reading', SENSOR_DATA, { ts: TS, values: { pm25: 1 }, seq: 1, lat: 1, lon: 1 }],
    ['gateway item', GATEWAY, { sensorId: 'a', ts: TS, values: { pm25: 1 }, seq: 1 }],
    [
      'meta',
      META,
      {
        name: 'n',
        kind: 'k',
        department: 'water',
        lat: 1,
        lon: 1,
        units: { a: 'u' },
        intervalS: 5,
        simulated: true,
      },
    ],
    ['event', FIRE, { ...reported, actor: 'a', note: 'n', unit: 'u', toDepartment: 'police' }],
  ] as const)('never throws on wrong types in any field of a %s', (_label, topic, valid) => {
    const wrap = (body: unknown) => (topic === GATEWAY ? [body] : body);
    expect(decode(topic, json(wrap(valid))).errors).toEqual([]);
    for (const field of Object.keys(valid)) {
      for (const wrong of WRONG) {
        const body = { ...valid, [field]: wrong };
        const result = decode(topic, json(wrap(body)));
        // Some wrong values are valid for some fields (0 as lat); anything refused must say so plainly.
        if (result.records.length === 0) expectPlain(result.errors);
      }
    }
    for (const wrong of WRONG) {
      const result = decode(topic, json(wrap(wrong)));
      expect(result.records).toEqual([]);
      expectPlain(result.errors);
    }
  });

  it('stores SQL-looking text as text', () => {
    const title = "'; drop table readings; --";
    const event = onlyEvent(
      decode(FIRE, json({ ...reported, title, note: 'Robert"); DROP TABLE incidents;--' })).records,
    );
    expect(event.title).toBe(title);
  });

  it.each([
    [
      'gateway sensorId',
      GATEWAY,
      (id: string) => [{ sensorId: id, ts: TS, values: { a: 1 } }],
      'item 0: sensorId',
    ],
    ['eventId', FIRE, (id: string) => ({ ...reported, eventId: id }), 'eventId'],
    ['incidentId', FIRE, (id: string) => ({ ...reported, incidentId: id }), 'incidentId'],
  ] as const)(
    'refuses an %s with MQTT wildcards, separators or a leading dot',
    (_label, topic, body, field) => {
      for (const id of ['a+b', '+', 'a#b', '#', 'a/b', '../x', '..', '.hidden', 'a b', '']) {
        const result = decode(topic, json(body(id)));
        expect(result.records, id).toEqual([]);
        expect(result.errors[0], id).toMatch(
          new RegExp(`^${field.replace('.', '\\.')}: must be 1 to 128 letters`),
        );
      }
    },
  );
});
