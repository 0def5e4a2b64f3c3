/**
 * Pure decoding of wire contract v1 messages: topic + payload bytes → records to store, or reasons to
 * dead-letter. No IO here, so every rule is unit-tested without a broker or a database.
 *
 * A reason is a list of plain sentences, one per problem, each `field: plain words` ("lat: missing",
 * "item 3: values.pm25: must be a number (got a string)"), de-duplicated and capped (problems.ts). The ingest joins them with
 * "; " into the dead letter. Envelope problems (size, topic, encoding, JSON) stop at the first one: past
 * them there is nothing to read.
 */
import type { TSchema } from '@sinclair/typebox';
import { decodeIncidentEvents } from './decode-incident.js';
import { decodeGateway, decodeReading } from './decode-readings.js';
import { collectMetricNameProblems } from './metric-names.js';
import { capProblems, Problems, problem } from './problems.js';
import type { DecodeResult } from './records.js';
import { SensorMetaPayload, UnitText } from './schemas.js';
import { parseSenml } from './senml.js';
import { escapeForDisplay, quote } from './text.js';
import { explainTopic, parseTopic, type TopicMatch } from './topics.js';
import { decodeUtf8 } from './utf8.js';
import {
  collectSchemaProblems,
  collectTextProblems,
  isPlainObject,
  schemaProblems,
} from './validation-messages.js';

export { decodeIncidentEvent } from './decode-incident.js';

export interface DecodeOptions {
  topicRoot: string;
  maxPayloadBytes: number;
  /** Injected clock so tests are deterministic. */
  now: number;
}

/**
 * Every schema problem of `value` as one reason (sentences joined by "; "), or null when it is valid.
 * Kept for callers that want a single string; {@link schemaProblems} gives the list.
 */
export function schemaError(schema: TSchema, value: unknown): string | null {
  const problems = schemaProblems(schema, value);
  return problems.length === 0 ? null : capProblems(problems).join('; ');
}

function fail(error: string): DecodeResult {
  return { records: [], errors: [error] };
}

/** A JSON string escape for NUL (`\u0000`), but not an escaped backslash followed by `u0000`. */
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  // NOTE: PostgreSQL text and jsonb cannot hold NUL: refuse it here with a reason instead of at the database.
  if (text.includes('\u0000'))
    return { ok: false, error: problem('payload', 'contains a NUL character (U+0000)') };
  // NOTE: every message passes here; the regex runs only on the rare text that holds its literal.
  if (text.includes('\\u0000') && ESCAPED_NUL.test(text))
    return {
      ok: false,
      error: problem('payload', 'contains a NUL character (written as \\u0000 in a string)'),
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    if (text.trim() === '') return { ok: false, error: problem('payload', 'empty (expected JSON)') };
    return { ok: false, error: malformed(text, err) };
  }
}

/** JSON.parse's message, bounded and with the payload excerpt it quotes made safe to display. */
function malformed(text: string, err: unknown): string {
  if (/[:[,]\s*-?(NaN|Infinity)\b/.test(text.slice(0, 100_000)))
    return problem(
      'payload',
      'malformed JSON: NaN and Infinity are not JSON numbers (leave the value out instead)',
    );
  const message = err instanceof Error ? err.message : String(err);
  return problem('payload', `malformed JSON: ${escapeForDisplay(message, 150)}`);
}

export function decodeMessage(topic: string, payload: Uint8Array, opts: DecodeOptions): DecodeResult {
  return decodeParsedTopic(parseTopic(opts.topicRoot, topic), topic, payload, opts);
}

/**
 * {@link decodeMessage} for a topic the caller has parsed already with {@link parseTopic} (`match`, null when
 * it did not match): the ingest counts each message by kind first, and parses its topic once.
 */
export function decodeParsedTopic(
  match: TopicMatch | null,
  topic: string,
  payload: Uint8Array,
  opts: DecodeOptions,
): DecodeResult {
  if (payload.byteLength > opts.maxPayloadBytes) {
    return fail(
      problem('payload', `${payload.byteLength} bytes, more than the limit of ${opts.maxPayloadBytes} bytes`),
    );
  }
  if (!match)
    return fail(explainTopic(opts.topicRoot, topic) ?? problem('topic', 'does not match the wire contract'));
  const text = decodeUtf8(payload);
  if (!text.ok) return fail(problem('payload', `not valid UTF-8 (first bad byte at offset ${text.offset})`));

  if (match.kind === 'sensor-status') {
    const status = text.text.trim().replace(/^"|"$/g, '');
    if (status !== 'online' && status !== 'offline')
      return fail(problem('status', `must be "online" or "offline" (got ${quote(status)})`));
    return {
      records: [{ kind: 'sensor-status', sensorId: match.sensorId, ts: opts.now, status }],
      errors: [],
    };
  }

  const json = parseJson(text.text);
  if (!json.ok) return fail(json.error);
  const body = json.value;

  switch (match.kind) {
    case 'sensor-data':
      return Array.isArray(body)
        ? parseSenml(match.sensorId, body, opts.now)
        : decodeReading(match.sensorId, body, opts.now);
    case 'gateway-data':
      return decodeGateway(body, opts.now);
    case 'sensor-meta':
      return decodeMeta(match.sensorId, body, opts.now);
    case 'incident-events':
      return decodeIncidentEvents(match.department, body, opts.now);
  }
}

/** Text fields of a sensor's meta that are shown on screens. */
const META_TEXT_FIELDS = { name: SensorMetaPayload.properties.name };

function decodeMeta(sensorId: string, body: unknown, now: number): DecodeResult {
  const problems = Problems.create();
  collectSchemaProblems(problems, SensorMetaPayload, body, 'meta');
  if (isPlainObject(body)) {
    collectTextProblems(problems, body, META_TEXT_FIELDS);
    if (isPlainObject(body.units)) {
      collectMetricNameProblems(problems, body.units, 'units');
      const units = body.units;
      collectTextProblems(
        problems,
        units,
        Object.fromEntries(Object.keys(units).map((k) => [k, UnitText])),
        'units.',
      );
    }
  }
  if (problems.count > 0) return { records: [], errors: problems.list() };
  return {
    records: [{ kind: 'sensor-meta', sensorId, ts: now, meta: body as SensorMetaPayload }],
    errors: [],
  };
}
