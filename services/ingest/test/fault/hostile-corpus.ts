/**
 * A catalogue of hostile MQTT messages and what the service must do with each (docs/wire-contract.md,
 * "Bounds and validation"; docs/ingestion.md for the embedded broker's rules). Pure: no IO, the same inputs
 * give the same bytes. hostile-input.fault.test.ts publishes every case between good messages, on the
 * embedded default and on an external stack, and checks the outcome, the dead letter and its reason.
 *
 * Outcomes, per publication:
 * - `stored`: committed, something new in it (counted in twin_messages_stored_total);
 * - `duplicate`: committed, nothing new (twin_messages_duplicate_total);
 * - `rejected`: dead-lettered with every reason (twin_messages_rejected_total, one dead_letters row); the good
 *   items of an array are still stored (`stores` says which);
 * - `refused-by-broker`: the broker closes the connection (MQTT protocol rules: wildcards in a PUBLISH topic;
 *   Mosquitto also invalid UTF-8 and control characters in topics): never reaches the service, no dead letter.
 *
 * Ids of everything a case may store start with `hx-`, so they never mix with the test's good data (`f-…`,
 * `g-…`).
 */

export type Expect = 'stored' | 'rejected' | 'refused-by-broker' | 'duplicate';
/** Who publishes: no user name, the integration credential, or the sensor credential of {@link OWN_SENSOR}. */
export type Publisher = 'anonymous' | 'integration' | 'sensor';
export type StackName = 'embedded' | 'external';

export interface StoredReading {
  sensorId: string;
  metric: string;
  ts: number;
  value: number;
}

export interface StoredEvent {
  department: string;
  eventId: string;
  incidentId: string;
  /** Fields that must come back exactly so in the incident's timeline. */
  fields?: Record<string, unknown>;
  /** Keys the stored event must not have (unknown fields are dropped). */
  absentKeys?: string[];
}

export interface StoredMeta {
  sensorId: string;
  name: string;
  lat: number;
  lon: number;
}

export interface HostileCase {
  name: string;
  /** A string goes out as UTF-8; a Buffer is the topic's raw bytes (sent with a raw MQTT packet). */
  topic: string | Buffer;
  payload: Buffer;
  qos: 0 | 1;
  retain?: boolean;
  expect: Expect;
  /** Each fragment must be in the dead letter's reason (a message with several problems lists them all). */
  reasonIncludes?: string[];
  /** No fragment may be in the reason (a wrong explanation). */
  reasonExcludes?: string[];
  /**
   * Sent this many times at once, each copy on its own connection (a replay storm). With `stored`: exactly one
   * copy is stored and the others are duplicates, whichever batches they land in.
   */
  burst?: number;
  /**
   * Embedded stack: who publishes it, each once. Default: a rejected or refused case goes out anonymously
   * AND with the integration credential; anything else once, with the integration credential. The external
   * stack (an open Mosquitto) publishes every case once, anonymously.
   */
  via?: Publisher[];
  /** Stacks the case runs on (default both): identity rules exist only on the embedded broker. */
  stacks?: StackName[];
  /** On the external stack the case ends differently (Mosquitto refuses what Aedes passes on). */
  external?: { expect: Expect; reasonIncludes?: string[]; reasonExcludes?: string[] };
  /** The embedded broker's ACL refuses it (counted in twin_mqtt_refused_total{what="publish"}). */
  aclRefused?: boolean;
  /** What the FIRST publication of the case stores (readings, incident events, sensor registrations). */
  stores?: { readings?: StoredReading[]; events?: StoredEvent[]; metas?: StoredMeta[] };
}

export interface HostileCorpus {
  cases: HostileCase[];
  facts: {
    /** Registered, one good reading and two refused extreme values (1e308, -1e308) in the same minute. */
    bigSensor: string;
    bigMetric: string;
    bigMinute: number;
    bigGoodValue: number;
    /** Registered by the integration; an anonymous retained meta then tries to move it. */
    movedSensor: StoredMeta;
    /** Readings with seq 1 then seq 1e15: one counter reset, no gap of 1e15. */
    seqSensor: string;
  };
}

/** The sensor credential the embedded run creates (kind sensor, scope this id). */
export const OWN_SENSOR = 'hx-own';

const MB = 1024 * 1024;
/** MAX_PAYLOAD_BYTES default of the service. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 262_144;

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
const text = (value: string): Buffer => Buffer.from(value, 'utf8');
/** Concatenates text (UTF-8) and raw bytes. */
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** The reason of a payload whose first invalid byte follows `prefix`. */
const badByteAt = (prefix: string): string =>
  `payload: not valid UTF-8 (first bad byte at offset ${Buffer.byteLength(prefix, 'utf8')})`;

const nestedArrays = (depth: number, inner = '1'): string =>
  `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestedObjects = (depth: number, inner = '1'): string =>
  `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

const SF = { lat: 37.7749, lon: -122.4194 };

export function buildHostileCorpus(opts: { root: string; now: number }): HostileCorpus {
  const { root, now } = opts;
  const v1 = `${root}/v1`;
  const sensorTopic = (id: string) => `${v1}/sensors/${id}/data`;
  const metaTopic = (id: string) => `${v1}/sensors/${id}/meta`;
  const gatewayTopic = (id: string) => `${v1}/gateways/${id}/data`;
  const eventsTopic = (department: string) => `${v1}/incidents/${department}/events`;
  /** Hostile readings live in one minute, ten minutes ago: every ts below is unique within it. */
  const minute = Math.floor((now - 10 * 60_000) / 60_000) * 60_000;
  const at = (second: number) => minute + second * 1000;
  const reported = (eventId: string, incidentId: string, extra: Record<string, unknown> = {}) => ({
    eventId,
    incidentId,
    type: 'reported',
    ts: at(1),
    category: 'structure_fire',
    severity: 3,
    lat: SF.lat,
    lon: SF.lon,
    title: 'Smoke seen',
    ...extra,
  });
  const comment = (eventId: string, incidentId: string, extra: Record<string, unknown> = {}) => ({
    eventId,
    incidentId,
    type: 'comment',
    ts: at(2),
    ...extra,
  });
  const reading = (
    ts: number | string,
    values: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    ts,
    values,
    ...extra,
  });

  const bigSensor = 'hx-big';
  const bigGoodValue = 21.5;
  const movedSensor: StoredMeta = { sensorId: 'hx-moved', name: 'Moved? never', lat: 37.78, lon: -122.41 };
  const seqSensor = 'hx-seq';
  const meta = (m: StoredMeta, extra: Record<string, unknown> = {}) => ({
    name: m.name,
    kind: 'air_quality',
    department: 'environment',
    lat: m.lat,
    lon: m.lon,
    units: { v: 'µg/m³' },
    ...extra,
  });

  const unicodeTitle = 'Fumée 🔥 حريق שריפה — e\u0301te\u0301 (combining) 👩🏽‍🚒';
  const unicodeNote = 'Line one\nLine two\twith a tab\r\n🚒 on the way';
  const sqlTitle = "Robert'); DROP TABLE incident_events;--";
  const sqlNote = "1' OR '1'='1'; delete from readings where ''='";
  const rtlTitle = 'exe.\u202Etxt.pdf — bidi override is not a control character';
  const escapedNotNul = 'C:\\u0000dir is a backslash, not a NUL';
  /** 150 characters, 300 UTF-16 code units: within the documented 200 characters of a title. */
  const emojiTitle = '🔥'.repeat(150);
  /** Every character an id may hold, at the longest an id may be (128). */
  const longIncidentId = `9${':._-'.repeat(31)}end`;
  const longEventId = `A${'b.c_d:e-'.repeat(15)}xyz`;
  const longSensorId = `Z${'.:_-9'.repeat(25)}xy`;

  const cases: HostileCase[] = [
    // ----- the envelope: size, syntax, encoding ------------------------------------------------------------
    {
      name: 'empty payload',
      topic: sensorTopic('hx-a'),
      payload: Buffer.alloc(0),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: empty'],
    },
    {
      name: 'truncated JSON object',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(3)}, "values": {"v": 1`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: malformed JSON'],
    },
    {
      name: 'truncated JSON array on a gateway topic',
      topic: gatewayTopic('hx-gw'),
      payload: text(`[{"sensorId": "hx-a", "ts": ${at(3)}, "values": {"v"`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: malformed JSON'],
    },
    {
      name: 'XML instead of JSON',
      topic: sensorTopic('hx-a'),
      payload: text('<reading><v>1</v></reading>'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: malformed JSON'],
    },
    {
      name: 'NaN literal',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(4)}, "values": {"v": NaN}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['NaN and Infinity are not JSON numbers'],
    },
    {
      name: '-Infinity literal',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(4)}, "values": {"v": -Infinity}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['NaN and Infinity are not JSON numbers'],
    },
    {
      name: '1e999 (parses to Infinity)',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(5)}, "values": {"v": 1e999}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values.v: Infinity is outside the accepted range of ±1e15'],
    },
    {
      name: `${bigSensor} registered (retained meta)`,
      topic: metaTopic(bigSensor),
      payload: json(meta({ sensorId: bigSensor, name: 'Extreme values', lat: 37.76, lon: -122.43 })),
      qos: 1,
      retain: true,
      expect: 'stored',
      stores: { metas: [{ sensorId: bigSensor, name: 'Extreme values', lat: 37.76, lon: -122.43 }] },
    },
    {
      name: `${bigSensor}: a good reading`,
      topic: sensorTopic(bigSensor),
      payload: json(reading(at(10), { v: bigGoodValue })),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: bigSensor, metric: 'v', ts: at(10), value: bigGoodValue }] },
    },
    {
      name: `${bigSensor}: 1e308 in the same minute`,
      topic: sensorTopic(bigSensor),
      payload: text(`{"ts": ${at(20)}, "values": {"v": 1e308}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values.v: 1e+308 is outside the accepted range of ±1e15'],
    },
    {
      name: `${bigSensor}: -1e308 in the same minute`,
      topic: sensorTopic(bigSensor),
      payload: text(`{"ts": ${at(30)}, "values": {"v": -1e308}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values.v: -1e+308 is outside the accepted range of ±1e15'],
    },
    {
      name: 'gateway: one good item, one 1e308 item (the good one is stored)',
      topic: gatewayTopic('hx-gw'),
      payload: text(
        `[{"sensorId": "hx-gw-ok", "ts": ${at(11)}, "values": {"v": 7}},` +
          ` {"sensorId": "hx-gw-bad", "ts": ${at(11)}, "values": {"v": 1e308}}]`,
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 1: values.v: 1e+308 is outside the accepted range of ±1e15'],
      stores: { readings: [{ sensorId: 'hx-gw-ok', metric: 'v', ts: at(11), value: 7 }] },
    },
    {
      name: '5 MB payload',
      topic: gatewayTopic('hx-gw'),
      payload: Buffer.concat([text('['), Buffer.alloc(5 * MB - 2, 0x20), text(']')]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [`payload: ${5 * MB} bytes, more than the limit of ${DEFAULT_MAX_PAYLOAD_BYTES} bytes`],
    },
    {
      name: '100,000-item gateway array (tiny items, under the size limit)',
      topic: gatewayTopic('hx-gw'),
      payload: text(`[${new Array(100_000).fill('0').join(',')}]`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: an array of 100000 items, more than the limit of 10000'],
    },
    {
      name: '100,000 real readings in one gateway message (over the size limit)',
      topic: gatewayTopic('hx-gw'),
      payload: json(
        Array.from({ length: 100_000 }, (_, i) => ({
          sensorId: `hx-flood-${i % 100}`,
          ts: at(12) + i,
          values: { v: i },
        })),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['bytes, more than the limit of 262144 bytes'],
    },
    {
      name: '10,001-record SenML pack',
      topic: sensorTopic('hx-a'),
      payload: text(`[${new Array(10_001).fill('{"n":"v","v":1}').join(',')}]`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: a SenML pack of 10001 records, more than the limit of 10000'],
    },
    {
      name: '100,000-item incident array',
      topic: eventsTopic('fire'),
      payload: text(`[${new Array(100_000).fill('0').join(',')}]`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: an array of 100000 items, more than the limit of 10000'],
    },

    // ----- 10,000 levels of nesting ------------------------------------------------------------------------
    {
      name: '10,000 nested arrays as the whole payload (sensor topic: a SenML pack)',
      topic: sensorTopic('hx-a'),
      payload: text(nestedArrays(10_000)),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 0: must be a JSON object (got an array)'],
    },
    {
      name: '10,000 nested objects as the whole payload',
      topic: sensorTopic('hx-a'),
      payload: text(nestedObjects(10_000)),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['ts: missing', 'values: missing', 'a: unexpected field'],
    },
    {
      name: '10,000 nested arrays as a reading value',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(13)}, "values": {"v": ${nestedArrays(10_000)}}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values.v: must be a number (got an array)'],
    },
    {
      name: '10,000 nested objects as a gateway item value',
      topic: gatewayTopic('hx-gw'),
      payload: text(`[{"sensorId": "hx-a", "ts": ${at(13)}, "values": {"v": ${nestedObjects(10_000)}}}]`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 0: values.v: must be a number (got an object)'],
    },
    {
      name: '10,000 nested arrays as an incident array',
      topic: eventsTopic('fire'),
      payload: text(nestedArrays(10_000)),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 0: incident event: must be a JSON object (got an array)'],
    },
    {
      name: '10,000 nested objects as an incident title',
      topic: eventsTopic('fire'),
      payload: text(
        JSON.stringify(reported('hx-e-deep-title', 'hx-rej-deep', { title: 0 })).replace(
          '"title":0',
          `"title":${nestedObjects(10_000)}`,
        ),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['title: must be a string (got an object)'],
    },
    {
      name: '10,000 nested arrays in an unknown field of an event (dropped, the event is stored)',
      topic: eventsTopic('fire'),
      payload: text(
        JSON.stringify(reported('hx-e-deep-extra', 'hx-inc-deep', { extra: 0 })).replace(
          '"extra":0',
          `"extra":${nestedArrays(10_000)}`,
        ),
      ),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'fire',
            eventId: 'hx-e-deep-extra',
            incidentId: 'hx-inc-deep',
            absentKeys: ['extra'],
          },
        ],
      },
    },

    // ----- UTF-8 ------------------------------------------------------------------------------------------
    {
      name: 'invalid UTF-8 byte 0xFF in a payload',
      topic: sensorTopic('hx-a'),
      payload: bytes(`{"ts": ${at(14)}, "values": {"v": 1}, "x": "`, [0xff], '"}'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [badByteAt(`{"ts": ${at(14)}, "values": {"v": 1}, "x": "`)],
    },
    {
      name: 'overlong UTF-8 encoding of "/" (C0 AF) in a title',
      topic: eventsTopic('fire'),
      payload: bytes('{"eventId": "hx-e-overlong", "title": "a', [0xc0, 0xaf], '"}'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [badByteAt('{"eventId": "hx-e-overlong", "title": "a')],
    },
    {
      name: 'UTF-8-encoded surrogate (ED A0 80) in a title',
      topic: eventsTopic('fire'),
      payload: bytes('{"title": "', [0xed, 0xa0, 0x80], '"}'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [badByteAt('{"title": "')],
    },
    {
      name: 'multi-byte sequence cut at the end of the payload',
      topic: sensorTopic('hx-a'),
      payload: bytes('{"ts": 1, "values": {"v": 1}} ', [0xe2, 0x82]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [badByteAt('{"ts": 1, "values": {"v": 1}} ')],
    },
    {
      name: 'invalid UTF-8 in the topic (raw packet)',
      topic: bytes(`${v1}/sensors/hx-`, [0xff, 0xfe], '/data'),
      payload: json(reading(at(15), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      // NOTE: only "UTF-8" is required: the service sees the topic already decoded (bad bytes → U+FFFD).
      reasonIncludes: ['topic', 'UTF-8'],
      aclRefused: true,
      external: { expect: 'refused-by-broker' },
    },

    // ----- NUL and control characters ---------------------------------------------------------------------
    {
      name: 'raw NUL byte inside a JSON string',
      topic: eventsTopic('fire'),
      payload: bytes('{"eventId": "hx-e-nul", "title": "a', [0x00], 'b"}'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: contains a NUL character (U+0000)'],
    },
    {
      name: 'NUL written as \\u0000 in a title',
      topic: eventsTopic('fire'),
      payload: text(JSON.stringify(reported('hx-e-nul2', 'hx-rej-nul', { title: 'a\u0000b' }))),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: contains a NUL character (written as \\u0000 in a string)'],
    },
    {
      name: 'an escaped backslash before "u0000" is not a NUL (stored)',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-e-not-nul', 'hx-inc-text', { note: escapedNotNul })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'fire',
            eventId: 'hx-e-not-nul',
            incidentId: 'hx-inc-text',
            fields: { note: escapedNotNul },
          },
        ],
      },
    },
    {
      name: 'NUL in the topic (raw packet)',
      topic: bytes(`${v1}/sensors/hx-`, [0x00], 'a/data'),
      payload: json(reading(at(15), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['topic: contains a NUL character'],
      aclRefused: true,
      external: { expect: 'refused-by-broker' },
    },
    {
      name: 'BEL (U+0007) in the topic (raw packet)',
      topic: bytes(`${v1}/sensors/hx-`, [0x07], 'a/data'),
      payload: json(reading(at(15), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['topic: contains a control character (U+0007)'],
      aclRefused: true,
      external: { expect: 'refused-by-broker' },
    },
    {
      name: 'BEL (U+0007) in a title',
      topic: eventsTopic('fire'),
      payload: json(reported('hx-e-bel', 'hx-rej-bel', { title: 'ding\u0007dong' })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['title: contains a control character (U+0007)'],
    },
    {
      name: 'ESC sequence in a note, C1 control (U+0085) in actor',
      topic: eventsTopic('fire'),
      payload: json(
        comment('hx-e-esc', 'hx-rej-esc', { note: 'red \u001b[31malert\u001b[0m', actor: 'next\u0085line' }),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'note: contains a control character (U+001B)',
        'actor: contains a control character (U+0085)',
      ],
    },
    {
      name: 'unpaired surrogate "\\ud800" in a title',
      topic: eventsTopic('fire'),
      payload: text(
        JSON.stringify(reported('hx-e-sur', 'hx-rej-sur', { title: 'X' })).replace(
          '"title":"X"',
          '"title":"a\\ud800b"',
        ),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['title: contains an unpaired surrogate (U+D800)'],
    },
    {
      name: 'control character in a sensor name (retained meta)',
      topic: metaTopic('hx-ctl'),
      payload: json(meta({ sensorId: 'hx-ctl', name: 'tab\there', lat: 37.7, lon: -122.4 })),
      qos: 1,
      retain: true,
      via: ['integration'],
      expect: 'rejected',
      reasonIncludes: ['name: contains a control character (U+0009)'],
    },

    // ----- text that is fine: unicode, SQL look-alikes ----------------------------------------------------
    {
      name: 'emoji, RTL scripts, combining marks, line breaks in an event (stored verbatim)',
      topic: eventsTopic('fire'),
      payload: json(
        reported('hx-e-unicode', 'hx-inc-text', {
          title: unicodeTitle,
          note: unicodeNote,
          actor: 'Zoë 🧑‍🚒 עדי',
        }),
      ),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: {
        events: [
          {
            department: 'fire',
            eventId: 'hx-e-unicode',
            incidentId: 'hx-inc-text',
            fields: { title: unicodeTitle, note: unicodeNote, actor: 'Zoë 🧑‍🚒 עדי' },
          },
        ],
      },
    },
    {
      name: 'the same event again from the integration (duplicate)',
      topic: eventsTopic('fire'),
      payload: json(
        reported('hx-e-unicode', 'hx-inc-text', {
          title: unicodeTitle,
          note: unicodeNote,
          actor: 'Zoë 🧑‍🚒 עדי',
        }),
      ),
      qos: 1,
      expect: 'duplicate',
      via: ['integration'],
    },
    {
      name: 'right-to-left override (U+202E) in a title (not a control character: stored)',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-e-rtl', 'hx-inc-text', { title: rtlTitle })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          { department: 'fire', eventId: 'hx-e-rtl', incidentId: 'hx-inc-text', fields: { title: rtlTitle } },
        ],
      },
    },
    {
      name: 'SQL-looking title and note (stored verbatim)',
      topic: eventsTopic('police'),
      payload: json(reported('hx-e-sql', 'hx-inc-sql', { title: sqlTitle, note: sqlNote })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'police',
            eventId: 'hx-e-sql',
            incidentId: 'hx-inc-sql',
            fields: { title: sqlTitle, note: sqlNote },
          },
        ],
      },
    },
    {
      name: 'sensor registration with emoji and Hebrew in its name (stored)',
      topic: metaTopic('hx-uni'),
      payload: json(meta({ sensorId: 'hx-uni', name: 'Capteur 🌫️ מד אוויר', lat: 37.75, lon: -122.45 })),
      qos: 1,
      retain: true,
      expect: 'stored',
      stores: { metas: [{ sensorId: 'hx-uni', name: 'Capteur 🌫️ מד אוויר', lat: 37.75, lon: -122.45 }] },
    },
    {
      name: 'SQL-looking sensor id in the topic',
      topic: sensorTopic("x';DROP TABLE readings;--"),
      payload: json(reading(at(16), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: [`topic: sensor id "x';DROP TABLE readings;--" must be 1 to 128 letters, digits`],
    },
    {
      name: 'SQL-looking metric name',
      topic: sensorTopic('hx-a'),
      payload: json(reading(at(16), { 'v; drop table readings': 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'values["v; drop table readings"]: not a metric name: it must be 1 to 64 letters, digits',
      ],
    },

    // ----- ids with + # / .. --------------------------------------------------------------------------------
    {
      name: 'gateway items with sensorId "a/b", "+", "#" and ".."',
      topic: gatewayTopic('hx-gw'),
      payload: json(['a/b', '+', '#', '..'].map((sensorId) => ({ sensorId, ts: at(17), values: { v: 1 } }))),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: sensorId: must be 1 to 128 letters',
        'item 1: sensorId: must be 1 to 128 letters',
        'item 2: sensorId: must be 1 to 128 letters',
        'item 3: sensorId: must be 1 to 128 letters',
        '(got "a/b")',
        '(got "..")',
      ],
    },
    {
      name: 'incidentId "..", eventId "a#b", toDepartment "../police"',
      topic: eventsTopic('fire'),
      payload: json({
        eventId: 'a#b',
        incidentId: '..',
        type: 'handed_off',
        ts: at(17),
        toDepartment: '../police',
      }),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'eventId: must be 1 to 128 letters',
        'incidentId: must be 1 to 128 letters',
        'toDepartment: must be 1 to 40 lowercase letters',
      ],
    },
    {
      name: 'topic with ".." as the sensor id',
      topic: sensorTopic('..'),
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: ['topic: sensor id ".." must be 1 to 128 letters'],
    },
    {
      name: 'topic with an extra level (sensor id "a/b")',
      topic: `${v1}/sensors/a/b/data`,
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: [`topic: must be ${v1}/sensors/{id}/data|meta|status`],
    },
    {
      name: 'topic with an empty sensor level',
      topic: `${v1}/sensors//data`,
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: ['topic: sensor id "" must be 1 to 128 letters'],
    },
    {
      name: 'topic with "+" (wildcard) in the sensor level',
      topic: sensorTopic('hx+a'),
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'refused-by-broker',
    },
    {
      name: 'topic with "#" as the sensor level',
      topic: sensorTopic('#'),
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'refused-by-broker',
    },
    {
      name: 'department in upper case in the topic',
      topic: eventsTopic('FIRE'),
      payload: json(comment('hx-e-upper', 'hx-inc-text')),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: ['topic: department "FIRE" must be 1 to 40 lowercase letters'],
    },
    {
      name: 'topic of 600 characters',
      topic: sensorTopic(`hx-${'x'.repeat(600)}`),
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: ['topic: longer than 512 characters'],
    },
    {
      name: 'sensor id of 129 characters in the topic',
      topic: sensorTopic(`hx-${'y'.repeat(126)}`),
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      reasonIncludes: ['must be 1 to 128 letters, digits'],
    },
    {
      name: 'topic of another wire version (v2)',
      topic: `${root}/v2/sensors/hx-a/data`,
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      // NOTE: the external service subscribes to {root}/v1/# only; Mosquitto drops this for lack of a subscriber.
      stacks: ['embedded'],
      reasonIncludes: ['topic: version "v2" is not supported'],
    },
    {
      name: 'topic outside the contract root',
      topic: `outside-${root}/v1/sensors/hx-a/data`,
      payload: json(reading(at(17), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      stacks: ['embedded'],
      reasonIncludes: [`topic: must start with "${v1}/"`],
    },

    // ----- wrong types everywhere ---------------------------------------------------------------------------
    {
      name: 'reading with every field of the wrong type',
      topic: sensorTopic('hx-a'),
      payload: json({ ts: true, values: '12.5', seq: '1', lat: 'north', lon: [] }),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'ts: must be epoch milliseconds or an ISO-8601 date-time with a zone (got true)',
        'values: must be a JSON object (got a string)',
        'seq: must be an integer',
        'lat: must be a number (got a string)',
        'lon: must be a number (got an array)',
      ],
    },
    {
      name: 'reading that is a JSON string',
      topic: sensorTopic('hx-a'),
      payload: json('12.5'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['reading: must be a JSON object (got a string)'],
    },
    {
      name: 'reading that is JSON null',
      topic: sensorTopic('hx-a'),
      payload: text('null'),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['reading: must be a JSON object (got null)'],
    },
    {
      name: 'reading with 65 metrics and an unknown field',
      topic: sensorTopic('hx-a'),
      payload: json(
        reading(at(18), Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])), {
          colour: 'red',
        }),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values: must have at most 64 entries (got 65)', 'colour: unexpected field'],
    },
    {
      name: 'gateway payload that is an object',
      topic: gatewayTopic('hx-gw'),
      payload: json({ sensorId: 'hx-a', ts: at(18), values: { v: 1 } }),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['payload: must be a JSON array of readings (got an object)'],
    },
    {
      name: 'gateway items of every wrong type',
      topic: gatewayTopic('hx-gw'),
      payload: json([null, 5, 'x', [], { sensorId: 5, ts: 'yesterday', values: { v: '1' } }]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: reading: must be a JSON object (got null)',
        'item 1: reading: must be a JSON object (got a number)',
        'item 2: reading: must be a JSON object (got a string)',
        'item 3: reading: must be a JSON object (got an array)',
        'item 4: sensorId: must be a string (got a number)',
        'item 4: values.v: must be a number',
      ],
    },
    {
      name: 'incident event with every field of the wrong type',
      topic: eventsTopic('fire'),
      payload: json({
        eventId: 1,
        incidentId: null,
        type: 'exploded',
        ts: 'noon',
        severity: 'high',
        lat: 'x',
        lon: 500,
        title: 5,
        category: ['Noise - Residential'],
      }),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'eventId: must be a string (got a number)',
        'incidentId: must be a string (got null)',
        'type: "exploded" is not one of reported, updated',
        'severity: must be an integer from 1 to 5 (got a string)',
        'lat: must be a number (got a string)',
        'lon: 500 is outside the accepted range of ±180',
        'title: must be a string (got a number)',
        'category: must be a string (got an array)',
        'ts: not an ISO-8601 date-time with a zone',
      ],
    },
    {
      name: 'reported event missing everything a report needs',
      topic: eventsTopic('fire'),
      payload: json({ eventId: 'hx-e-bare', incidentId: 'hx-rej-bare', type: 'reported', ts: at(18) }),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'category: missing (a reported event needs it)',
        'severity: missing (a reported event needs it)',
        'lat: missing (a reported event needs it)',
        'lon: missing (a reported event needs it)',
        'title: missing (a reported event needs it)',
      ],
    },
    {
      name: 'sensor registration with every field of the wrong type',
      topic: metaTopic('hx-badmeta'),
      payload: json({
        name: 7,
        kind: 'Air Quality',
        department: 'Environment',
        lat: 91,
        lon: 'west',
        intervalS: 0,
      }),
      qos: 1,
      retain: true,
      via: ['integration'],
      expect: 'rejected',
      reasonIncludes: [
        'name: must be a string (got a number)',
        'kind: must be 1 to 64 lowercase letters',
        'department: must be 1 to 40 lowercase letters',
        'lat: 91 is outside the accepted range of ±90',
        'lon: must be a number (got a string)',
        'intervalS: must be a number greater than 0 and at most 86400 (got 0)',
      ],
    },
    {
      name: 'status that is neither online nor offline',
      topic: `${v1}/sensors/hx-a/status`,
      payload: text('maybe'),
      qos: 1,
      via: ['integration'],
      expect: 'rejected',
      reasonIncludes: ['status: must be "online" or "offline" (got "maybe")'],
    },
    {
      name: 'SenML pack with broken base fields',
      topic: sensorTopic('hx-a'),
      payload: json([
        { bn: 5, bt: 'yesterday' },
        { n: 'v', v: 1 },
      ]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'payload: no record of this pack is stored: the base fields of item 0 are invalid',
        'item 0: bn: must be a string (got a number)',
        'item 0: bt: must be a number (got a string)',
      ],
    },

    // ----- timestamps ---------------------------------------------------------------------------------------
    {
      name: 'ts in 1970 (epoch 0)',
      topic: sensorTopic('hx-a'),
      payload: json(reading(0, { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['ts: before 2000-01-01 (got 0)'],
    },
    {
      name: 'ts in seconds instead of milliseconds',
      topic: sensorTopic('hx-a'),
      payload: json(reading(Math.floor(at(19) / 1000), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['ts: before 2000-01-01', 'seconds instead of milliseconds?'],
    },
    {
      name: 'ts in 2100 (ISO-8601)',
      topic: sensorTopic('hx-a'),
      payload: json(reading('2100-01-01T00:00:00Z', { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['ts: more than 24 h in the future (got "2100-01-01T00:00:00Z")'],
    },
    {
      name: 'ts on a day that does not exist (2024-02-30)',
      topic: sensorTopic('hx-a'),
      payload: json(reading('2024-02-30T12:00:00Z', { v: 1 })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['ts: not a valid date (got "2024-02-30T12:00:00Z")'],
    },
    {
      name: 'events dated 2100 and 1979 in one incident array',
      topic: eventsTopic('fire'),
      payload: json([
        comment('hx-e-2100', 'hx-rej-2100', { ts: Date.UTC(2100, 0, 1) }),
        comment('hx-e-1979', 'hx-rej-2100', { ts: 300_000_000_000 }),
      ]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 0: ts: more than 24 h in the future', 'item 1: ts: before 2000-01-01'],
    },
    {
      name: 'SenML base time in 1979',
      topic: sensorTopic('hx-a'),
      payload: json([{ bt: 300_000_000, n: 'v', v: 1 }]),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['item 0: bt + t: 300000000 s is before 2000-01-01'],
    },

    // ----- prototype keys -----------------------------------------------------------------------------------
    {
      name: '__proto__ as a metric name',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(21)}, "values": {"__proto__": 1}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values["__proto__"]: reserved, not allowed as a metric name'],
    },
    {
      name: '__proto__ object and constructor / prototype metrics in a gateway item',
      topic: gatewayTopic('hx-gw'),
      payload: text(
        `[{"sensorId": "hx-a", "ts": ${at(21)}, "values": {"__proto__": {"polluted": 1}, "constructor": 1, "prototype": 2}}]`,
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: values["__proto__"]: reserved, not allowed as a metric name',
        'item 0: values["constructor"]: reserved, not allowed as a metric name',
        'item 0: values["prototype"]: reserved, not allowed as a metric name',
      ],
    },
    {
      name: '"constructor" as a unit name in a registration',
      topic: metaTopic('hx-proto'),
      payload: json(
        meta(
          { sensorId: 'hx-proto', name: 'proto', lat: 37.7, lon: -122.4 },
          { units: { constructor: 'x' } },
        ),
      ),
      qos: 1,
      retain: true,
      via: ['integration'],
      expect: 'rejected',
      reasonIncludes: ['units["constructor"]: reserved, not allowed as a metric name'],
    },
    {
      name: '__proto__ and constructor keys in an incident event (dropped, the event is stored)',
      topic: eventsTopic('fire'),
      payload: text(
        JSON.stringify(comment('hx-e-proto', 'hx-inc-text', { note: 'proto keys' })).replace(
          /}$/,
          ',"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}',
        ),
      ),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'fire',
            eventId: 'hx-e-proto',
            incidentId: 'hx-inc-text',
            fields: { note: 'proto keys' },
            absentKeys: ['__proto__', 'constructor', 'isAdmin', 'polluted'],
          },
        ],
      },
    },

    // ----- seq ------------------------------------------------------------------------------------------------
    {
      name: `${seqSensor}: seq 1`,
      topic: sensorTopic(seqSensor),
      payload: json(reading(at(22), { v: 1 }, { seq: 1 })),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: seqSensor, metric: 'v', ts: at(22), value: 1 }] },
    },
    {
      name: `${seqSensor}: seq jumps from 1 to 1e15 (stored; a counter reset, not 1e15 lost readings)`,
      topic: sensorTopic(seqSensor),
      payload: json(reading(at(23), { v: 2 }, { seq: 1e15 })),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: seqSensor, metric: 'v', ts: at(23), value: 2 }] },
    },
    {
      name: 'seq 2^53 (beyond Number.MAX_SAFE_INTEGER) and seq 1.5 in a gateway',
      topic: gatewayTopic('hx-gw'),
      payload: text(
        `[{"sensorId": "${seqSensor}", "ts": ${at(24)}, "values": {"v": 3}, "seq": 9007199254740992},` +
          ` {"sensorId": "${seqSensor}", "ts": ${at(25)}, "values": {"v": 3}, "seq": 1.5}]`,
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: seq: must be an integer from 0 to 9007199254740991 (got 9007199254740992)',
        'item 1: seq: must be an integer from 0 to 9007199254740991 (got 1.5)',
      ],
    },

    // ----- event identity: (department, eventId) ------------------------------------------------------------
    {
      name: 'fire reports hx-inc-dup (eventId hx-dup-1)',
      topic: eventsTopic('fire'),
      payload: json(reported('hx-dup-1', 'hx-inc-dup')),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { events: [{ department: 'fire', eventId: 'hx-dup-1', incidentId: 'hx-inc-dup' }] },
    },
    {
      name: 'fire sends eventId hx-dup-1 again, with another title (duplicate: changes nothing)',
      topic: eventsTopic('fire'),
      payload: json(reported('hx-dup-1', 'hx-inc-dup', { title: 'Rewritten by a replay' })),
      qos: 1,
      expect: 'duplicate',
    },
    {
      name: 'police uses eventId hx-dup-1 too (another department: a different event, stored)',
      topic: eventsTopic('police'),
      payload: json(comment('hx-dup-1', 'hx-inc-dup', { note: 'police on the same id' })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'police',
            eventId: 'hx-dup-1',
            incidentId: 'hx-inc-dup',
            fields: { note: 'police on the same id' },
          },
        ],
      },
    },
    {
      name: 'fire claims eventId hx-claim-1 before police uses it',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-claim-1', 'hx-inc-dup', { note: 'fire took the id first' })),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { events: [{ department: 'fire', eventId: 'hx-claim-1', incidentId: 'hx-inc-dup' }] },
    },
    {
      name: "police's real event hx-claim-1 (claimed earlier by fire) is stored",
      topic: eventsTopic('police'),
      payload: json(reported('hx-claim-1', 'hx-inc-claim', { title: 'Police report' })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'police',
            eventId: 'hx-claim-1',
            incidentId: 'hx-inc-claim',
            fields: { title: 'Police report' },
          },
        ],
      },
    },

    // ----- edges that must be accepted, replays, caps on reasons --------------------------------------------
    {
      name: 'UTF-8 byte order mark before the JSON (accepted)',
      topic: sensorTopic('hx-bom'),
      payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(reading(at(31), { v: 31 }))]),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: 'hx-bom', metric: 'v', ts: at(31), value: 31 }] },
    },
    {
      name: 'values of exactly +1e15 and -1e15 (the bounds are accepted)',
      topic: sensorTopic('hx-bounds'),
      payload: text(`{"ts": ${at(32)}, "values": {"hi": 1e15, "lo": -1e15}}`),
      qos: 1,
      expect: 'stored',
      stores: {
        readings: [
          { sensorId: 'hx-bounds', metric: 'hi', ts: at(32), value: 1e15 },
          { sensorId: 'hx-bounds', metric: 'lo', ts: at(32), value: -1e15 },
        ],
      },
    },
    {
      name: 'value 1e15 + 1',
      topic: sensorTopic('hx-bounds'),
      payload: text(`{"ts": ${at(33)}, "values": {"hi": 1000000000000001}}`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['values.hi: 1000000000000001 is outside the accepted range of ±1e15'],
    },
    {
      name: 'a SenML pack with base name, time, unit and value (stored)',
      topic: sensorTopic('hx-senml'),
      payload: json([
        { bn: 'urn:dev:hx-senml:', bt: at(34) / 1000, bu: 'Cel', bv: 10, n: 'temp', v: 1.5 },
        { n: 'temp', t: 1, v: 2 },
      ]),
      qos: 1,
      expect: 'stored',
      stores: {
        readings: [
          { sensorId: 'hx-senml', metric: 'temp', ts: at(34), value: 11.5 },
          { sensorId: 'hx-senml', metric: 'temp', ts: at(35), value: 12 },
        ],
      },
    },
    {
      name: 'a gateway array holding the same reading twice (one row, stored)',
      topic: gatewayTopic('hx-gw'),
      payload: json([
        { sensorId: 'hx-twice', ts: at(36), values: { v: 36 } },
        { sensorId: 'hx-twice', ts: at(36), values: { v: 36 } },
      ]),
      qos: 1,
      expect: 'stored',
      stores: { readings: [{ sensorId: 'hx-twice', metric: 'v', ts: at(36), value: 36 }] },
    },
    {
      name: 'the same reading 20 times at once, 20 connections (1 stored, 19 duplicates)',
      topic: sensorTopic('hx-storm'),
      payload: json(reading(at(37), { v: 37 })),
      qos: 1,
      burst: 20,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: 'hx-storm', metric: 'v', ts: at(37), value: 37 }] },
    },
    {
      name: 'the same event 20 times at once, 20 connections (1 stored, 19 duplicates)',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-e-storm', 'hx-inc-text', { note: 'storm' })),
      qos: 1,
      burst: 20,
      expect: 'stored',
      stores: {
        events: [
          { department: 'fire', eventId: 'hx-e-storm', incidentId: 'hx-inc-text', fields: { note: 'storm' } },
        ],
      },
    },
    {
      name: 'ids of 128 characters using every allowed character (stored, readable through the API)',
      topic: eventsTopic('fire'),
      payload: json(reported(longEventId, longIncidentId, { title: 'Longest ids' })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'fire',
            eventId: longEventId,
            incidentId: longIncidentId,
            fields: { title: 'Longest ids' },
          },
        ],
      },
    },
    {
      name: 'a sensor id of 128 characters using every allowed character: registration',
      topic: metaTopic(longSensorId),
      payload: json(meta({ sensorId: longSensorId, name: 'Longest id', lat: 37.74, lon: -122.44 })),
      qos: 1,
      retain: true,
      expect: 'stored',
      stores: { metas: [{ sensorId: longSensorId, name: 'Longest id', lat: 37.74, lon: -122.44 }] },
    },
    {
      name: 'a sensor id of 128 characters using every allowed character: reading',
      topic: sensorTopic(longSensorId),
      payload: json(reading(at(42), { v: 42 })),
      qos: 1,
      expect: 'stored',
      via: ['anonymous'],
      stores: { readings: [{ sensorId: longSensorId, metric: 'v', ts: at(42), value: 42 }] },
    },
    {
      name: 'a title of 150 emoji (150 characters, within the 200 allowed)',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-e-emoji', 'hx-inc-text', { title: emojiTitle })),
      qos: 1,
      expect: 'stored',
      stores: {
        events: [
          {
            department: 'fire',
            eventId: 'hx-e-emoji',
            incidentId: 'hx-inc-text',
            fields: { title: emojiTitle },
          },
        ],
      },
    },
    {
      name: 'a title of 250,000 characters',
      topic: eventsTopic('fire'),
      payload: json(comment('hx-e-long', 'hx-rej-long', { title: 'a'.repeat(250_000) })),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: ['title: must be at most 200 characters (got 250000)'],
    },
    {
      name: 'unpaired surrogates as a sensor id and as a metric name',
      topic: gatewayTopic('hx-gw'),
      payload: text(`[{"sensorId": "\\udc00x", "ts": ${at(38)}, "values": {"\\ud800": 1}}]`),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: sensorId: must be 1 to 128 letters',
        '(got "\\udc00x")',
        'item 0: values["\\ud800"]: not a metric name: it must be',
      ],
    },
    {
      name: '30 bad gateway items (20 reasons listed, then a count)',
      topic: gatewayTopic('hx-gw'),
      payload: json(
        Array.from({ length: 30 }, (_, i) => ({ sensorId: `hx-bad-${i}`, ts: at(39), values: { v: 'x' } })),
      ),
      qos: 1,
      expect: 'rejected',
      reasonIncludes: [
        'item 0: values.v: must be a number (got a string)',
        'item 19: values.v: must be a number',
        '… and 10 more problems',
      ],
      reasonExcludes: ['item 20:'],
    },
    {
      name: 'truncated JSON at QoS 0',
      topic: sensorTopic('hx-a'),
      payload: text(`{"ts": ${at(40)}, "values": {"v": 4`),
      qos: 0,
      expect: 'rejected',
      reasonIncludes: ['payload: malformed JSON'],
    },
    {
      name: "empty retained registration (MQTT's way to clear a retained message)",
      topic: metaTopic('hx-cleared'),
      payload: Buffer.alloc(0),
      qos: 1,
      retain: true,
      via: ['integration'],
      expect: 'rejected',
      reasonIncludes: ['payload: empty'],
    },
    {
      name: 'a valid U+FFFD (replacement character, EF BF BD) in the topic: refused, but not for bad UTF-8',
      topic: sensorTopic('hx-\uFFFD'),
      payload: json(reading(at(41), { v: 1 })),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      // The service sees the topic already decoded: it cannot tell this U+FFFD from one that replaced bad bytes,
      // so it must not claim the topic was not UTF-8.
      reasonExcludes: ['topic: is not valid UTF-8'],
    },
    {
      name: '$SYS topic',
      topic: '$SYS/broker/clients/total',
      payload: text('0'),
      qos: 1,
      expect: 'rejected',
      aclRefused: true,
      // NOTE: Mosquitto refuses client publishes to $SYS itself (acknowledged, dropped, never delivered).
      stacks: ['embedded'],
      reasonIncludes: [`topic: must start with "${v1}/"`],
    },

    // ----- the embedded broker's rules (identities) --------------------------------------------------------
    {
      name: `${movedSensor.sensorId} registered by the integration`,
      topic: metaTopic(movedSensor.sensorId),
      payload: json(meta(movedSensor)),
      qos: 1,
      retain: true,
      via: ['integration'],
      stacks: ['embedded'],
      expect: 'stored',
      stores: { metas: [movedSensor] },
    },
    {
      name: `anonymous retained meta trying to move ${movedSensor.sensorId}`,
      topic: metaTopic(movedSensor.sensorId),
      payload: json(meta({ ...movedSensor, name: 'Hijacked', lat: -33.86, lon: 151.2 })),
      qos: 1,
      retain: true,
      via: ['anonymous'],
      stacks: ['embedded'],
      aclRefused: true,
      expect: 'rejected',
      reasonIncludes: ['refused by the broker', 'anonymous clients may not publish retained messages'],
    },
    {
      name: 'anonymous registration, not retained',
      topic: metaTopic(movedSensor.sensorId),
      payload: json(meta({ ...movedSensor, name: 'Hijacked again', lat: 0, lon: 0 })),
      qos: 1,
      via: ['anonymous'],
      stacks: ['embedded'],
      aclRefused: true,
      expect: 'rejected',
      reasonIncludes: ['refused by the broker', `anonymous clients may only publish to ${v1}/sensors/+/data`],
    },
    {
      name: 'anonymous status',
      topic: `${v1}/sensors/${movedSensor.sensorId}/status`,
      payload: text('offline'),
      qos: 1,
      via: ['anonymous'],
      stacks: ['embedded'],
      aclRefused: true,
      expect: 'rejected',
      reasonIncludes: ['refused by the broker', 'anonymous clients may only publish'],
    },
    {
      name: 'retained reading (data is never retained)',
      topic: sensorTopic('hx-a'),
      payload: json(reading(at(26), { v: 1 })),
      qos: 1,
      retain: true,
      stacks: ['embedded'],
      aclRefused: true,
      expect: 'rejected',
      reasonIncludes: ['refused by the broker', 'may not publish retained messages'],
    },
    {
      name: `sensor credential ${OWN_SENSOR} publishes its own reading`,
      topic: sensorTopic(OWN_SENSOR),
      payload: json(reading(at(27), { v: 5 })),
      qos: 1,
      via: ['sensor'],
      stacks: ['embedded'],
      expect: 'stored',
      stores: { readings: [{ sensorId: OWN_SENSOR, metric: 'v', ts: at(27), value: 5 }] },
    },
    {
      name: `sensor credential ${OWN_SENSOR} publishes another sensor's data`,
      topic: sensorTopic('hx-victim'),
      payload: json(reading(at(27), { v: 666 })),
      qos: 1,
      via: ['sensor'],
      stacks: ['embedded'],
      aclRefused: true,
      expect: 'rejected',
      reasonIncludes: [
        'refused by the broker',
        `sensor "${OWN_SENSOR}" may only publish to ${v1}/sensors/${OWN_SENSOR}/data`,
      ],
    },
  ];
  return {
    cases,
    facts: { bigSensor, bigMetric: 'v', bigMinute: minute, bigGoodValue, movedSensor, seqSensor },
  };
}

/** The publications of a case on a stack, in order ([] when the case does not run there). */
export function publishersOf(c: HostileCase, stack: StackName): Publisher[] {
  if (c.stacks && !c.stacks.includes(stack)) return [];
  if (stack === 'external') return ['anonymous'];
  if (c.via) return c.via;
  return c.expect === 'rejected' || c.expect === 'refused-by-broker'
    ? ['anonymous', 'integration']
    : ['integration'];
}

/** The expectation of a case on a stack. */
export function expectationOf(
  c: HostileCase,
  stack: StackName,
): { expect: Expect; reasonIncludes: string[]; reasonExcludes: string[] } {
  if (stack === 'external' && c.external)
    return {
      expect: c.external.expect,
      reasonIncludes: c.external.reasonIncludes ?? [],
      reasonExcludes: c.external.reasonExcludes ?? [],
    };
  return { expect: c.expect, reasonIncludes: c.reasonIncludes ?? [], reasonExcludes: c.reasonExcludes ?? [] };
}
