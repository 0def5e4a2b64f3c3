/**
 * Pure decoding of wire contract v1 messages: topic + payload bytes → records to store, or reasons to
 * dead-letter. No IO here, so every rule is unit-tested without a broker or a database.
 */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type DecodeResult, type IngestRecord, MAX_ITEMS_PER_MESSAGE } from './records.js';
import {
  GatewayItem,
  INCIDENT_TYPE_FIELDS,
  type IncidentEvent,
  IncidentEventBase,
  ReadingPayload,
  SensorMetaPayload,
} from './schemas.js';
import { parseSenml } from './senml.js';
import { parseTimestamp } from './time.js';
import { parseTopic } from './topics.js';

export interface DecodeOptions {
  topicRoot: string;
  maxPayloadBytes: number;
  /** Injected clock so tests are deterministic. */
  now: number;
}

const checks = new Map<TSchema, TypeCheck<TSchema>>();
function compiled<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** First schema error as a short human sentence: `/values/pm25: Expected number`. */
export function schemaError(schema: TSchema, value: unknown): string | null {
  const check = compiled(schema);
  if (check.Check(value)) return null;
  const first = check.Errors(value).First();
  if (!first) return 'does not match the schema';
  return `${first.path || '/'}: ${first.message}`;
}

function fail(error: string): DecodeResult {
  return { records: [], errors: [error] };
}

// NOTE: TextDecoder rather than Buffer so this module also runs in the browser.
const utf8 = new TextDecoder('utf-8');

function parseJson(payload: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = utf8.decode(payload);
  // NOTE: PostgreSQL text and jsonb cannot hold NUL: refuse it here with a reason instead of at the database.
  if (text.includes('\u0000') || text.includes('\\u0000'))
    return { ok: false, error: 'payload contains NUL characters' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message.slice(0, 120)}` };
  }
}

export function decodeMessage(topic: string, payload: Uint8Array, opts: DecodeOptions): DecodeResult {
  if (payload.byteLength > opts.maxPayloadBytes) {
    return fail(`payload of ${payload.byteLength} bytes exceeds the limit of ${opts.maxPayloadBytes} bytes`);
  }
  const match = parseTopic(opts.topicRoot, topic);
  if (!match) return fail('unknown topic shape (see wire contract v1)');

  if (match.kind === 'sensor-status') {
    const text = utf8.decode(payload).trim().replace(/^"|"$/g, '');
    if (text !== 'online' && text !== 'offline') return fail('status must be "online" or "offline"');
    return {
      records: [{ kind: 'sensor-status', sensorId: match.sensorId, ts: opts.now, status: text }],
      errors: [],
    };
  }

  const json = parseJson(payload);
  if (!json.ok) return fail(json.error);
  const body = json.value;

  switch (match.kind) {
    case 'sensor-data':
      return Array.isArray(body)
        ? parseSenml(match.sensorId, body, opts.now)
        : decodeReading(match.sensorId, body, opts.now);
    case 'gateway-data':
      return decodeGateway(body, opts.now);
    case 'sensor-meta': {
      const error = schemaError(SensorMetaPayload, body);
      if (error) return fail(`meta ${error}`);
      return {
        records: [
          { kind: 'sensor-meta', sensorId: match.sensorId, ts: opts.now, meta: body as SensorMetaPayload },
        ],
        errors: [],
      };
    }
    case 'incident-events':
      return decodeIncidentEvents(match.department, body, opts.now);
  }
}

function decodeReading(sensorId: string, body: unknown, now: number): DecodeResult {
  const error = schemaError(ReadingPayload, body);
  if (error) return fail(`reading ${error}`);
  const reading = body as ReadingPayload;
  const ts = parseTimestamp(reading.ts, now);
  if (typeof ts === 'string') return fail(`reading /ts: ${ts}`);
  const values = finiteValues(reading.values);
  if (typeof values === 'string') return fail(`reading ${values}`);
  const record: IngestRecord = { kind: 'reading', sensorId, ts, values };
  if (reading.seq !== undefined) record.seq = reading.seq;
  return { records: [record], errors: [] };
}

const METRIC_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Checks what the schema cannot: metric names (TypeBox's Record does not enforce a key pattern) and finite
 * values (JSON cannot carry NaN/Infinity, but 1e999 parses to Infinity).
 */
function finiteValues(values: Record<string, number>): Record<string, number> | string {
  for (const [metric, value] of Object.entries(values)) {
    if (!METRIC_NAME.test(metric))
      return `/values: metric name "${metric.slice(0, 40)}" is not [A-Za-z0-9_.-]{1,64}`;
    if (!Number.isFinite(value)) return `/values/${metric}: not a finite number`;
  }
  return values;
}

function decodeGateway(body: unknown, now: number): DecodeResult {
  if (!Array.isArray(body)) return fail('gateway payload must be a JSON array of readings');
  if (body.length === 0) return fail('gateway payload is an empty array');
  if (body.length > MAX_ITEMS_PER_MESSAGE)
    return fail(`gateway payload has more than ${MAX_ITEMS_PER_MESSAGE} items`);
  const result: DecodeResult = { records: [], errors: [] };
  body.forEach((item, i) => {
    const error = schemaError(GatewayItem, item);
    if (error) {
      result.errors.push(`item ${i} ${error}`);
      return;
    }
    const reading = item as GatewayItem;
    const ts = parseTimestamp(reading.ts, now);
    if (typeof ts === 'string') {
      result.errors.push(`item ${i} /ts: ${ts}`);
      return;
    }
    const values = finiteValues(reading.values);
    if (typeof values === 'string') {
      result.errors.push(`item ${i} ${values}`);
      return;
    }
    const record: IngestRecord = { kind: 'reading', sensorId: reading.sensorId, ts, values };
    if (reading.seq !== undefined) record.seq = reading.seq;
    result.records.push(record);
  });
  return result;
}

function decodeIncidentEvents(department: string, body: unknown, now: number): DecodeResult {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return fail('incident payload is an empty array');
  if (items.length > MAX_ITEMS_PER_MESSAGE)
    return fail(`incident payload has more than ${MAX_ITEMS_PER_MESSAGE} items`);
  const result: DecodeResult = { records: [], errors: [] };
  items.forEach((item, i) => {
    const decoded = decodeIncidentEvent(department, item, now);
    const where = Array.isArray(body) ? `item ${i} ` : '';
    if (typeof decoded === 'string') result.errors.push(`${where}${decoded}`);
    else result.records.push({ kind: 'incident-event', event: decoded });
  });
  return result;
}

/** Validates one incident event; used by the MQTT path and by the HTTP actions, so both apply one rule set. */
export function decodeIncidentEvent(department: string, item: unknown, now: number): IncidentEvent | string {
  const error = schemaError(IncidentEventBase, item);
  if (error) return `incident event ${error}`;
  const raw = item as Record<string, unknown> & { type: keyof typeof INCIDENT_TYPE_FIELDS; ts: unknown };
  const missing = INCIDENT_TYPE_FIELDS[raw.type].filter((field) => raw[field] === undefined);
  if (missing.length > 0) return `incident event of type ${raw.type} needs ${missing.join(', ')}`;
  const ts = parseTimestamp(raw.ts, now);
  if (typeof ts === 'string') return `incident event /ts: ${ts}`;
  const event = { ...(raw as object), ts, department } as IncidentEvent;
  // NOTE: unknown extra properties are dropped rather than stored, so a hostile producer cannot bloat rows.
  return pickKnown(event);
}

const EVENT_KEYS = [
  'eventId',
  'incidentId',
  'type',
  'ts',
  'department',
  'actor',
  'note',
  'category',
  'severity',
  'lat',
  'lon',
  'title',
  'unit',
  'toDepartment',
] as const;

function pickKnown(event: IncidentEvent): IncidentEvent {
  const out: Record<string, unknown> = {};
  for (const key of EVENT_KEYS) if (event[key] !== undefined) out[key] = event[key];
  return out as unknown as IncidentEvent;
}
