/**
 * Readings on a sensor's data topic (one object) and a gateway's data topic (an array of them). Every
 * problem of a reading is listed; in a gateway array the good items are kept and the bad ones named by index.
 */
import { MAX_ITEMS_PER_MESSAGE } from './limits.js';
import { collectMetricNameProblems, copyValues } from './metric-names.js';
import { Problems, problem } from './problems.js';
import type { DecodeResult, IngestRecord } from './records.js';
import { GatewayItem, ReadingPayload, Timestamp } from './schemas.js';
import { describeType } from './text.js';
import { parseTimestamp } from './time.js';
import { collectSchemaProblems, compiled, isPlainObject } from './validation-messages.js';

/**
 * One reading, or null after adding its problems. Besides the schema: metric names (TypeBox's Record does
 * not refuse keys that miss its pattern) and the accepted window of `ts` (checked only when its type is
 * right, so one mistake gives one sentence). `schema` is ReadingPayload or GatewayItem (with a sensorId).
 */
function readingRecord(
  problems: Problems,
  schema: typeof ReadingPayload | typeof GatewayItem,
  sensorId: string | null,
  body: unknown,
  now: number,
): IngestRecord | null {
  const before = problems.count;
  collectSchemaProblems(problems, schema, body, 'reading');
  if (!isPlainObject(body)) return null;
  if (isPlainObject(body.values)) collectMetricNameProblems(problems, body.values);
  let ts: number | null = null;
  if (compiled(Timestamp).Check(body.ts)) {
    const parsed = parseTimestamp(body.ts, now);
    if (typeof parsed === 'string') problems.add(parsed);
    else ts = parsed;
  }
  if (problems.count > before || ts === null) return null;
  const reading = body as ReadingPayload & { sensorId?: string };
  const record: IngestRecord = {
    kind: 'reading',
    sensorId: sensorId ?? reading.sensorId!,
    ts,
    values: copyValues(reading.values),
  };
  if (reading.seq !== undefined) record.seq = reading.seq;
  return record;
}

export function decodeReading(sensorId: string, body: unknown, now: number): DecodeResult {
  const problems = Problems.create();
  const record = readingRecord(problems, ReadingPayload, sensorId, body, now);
  return record ? { records: [record], errors: [] } : { records: [], errors: problems.list() };
}

export function decodeGateway(body: unknown, now: number): DecodeResult {
  if (!Array.isArray(body))
    return fail(problem('payload', `must be a JSON array of readings (got ${describeType(body)})`));
  if (body.length === 0) return fail(problem('payload', 'an empty array (expected readings)'));
  // NOTE: checked before looking at any item, so a huge array costs one comparison, not 100,000 validations.
  if (body.length > MAX_ITEMS_PER_MESSAGE)
    return fail(
      problem('payload', `an array of ${body.length} items, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`),
    );
  const records: IngestRecord[] = [];
  const problems = Problems.create();
  body.forEach((item, i) => {
    const record = readingRecord(problems.scoped(`item ${i}: `), GatewayItem, null, item, now);
    if (record) records.push(record);
  });
  return { records, errors: problems.list() };
}

function fail(error: string): DecodeResult {
  return { records: [], errors: [error] };
}
