/**
 * SenML (RFC 8428) JSON packs on a sensor's data topic. Base fields (bn, bt, bu, bv) carry forward to the
 * records after them; times are seconds, and values below 2^28 are relative to "now" (RFC 8428 §4.5.3).
 * Records of the same resolved time become one reading. Only numeric values (`v`) are stored in v1.
 */
import { MAX_ABS_READING_VALUE, MAX_ITEMS_PER_MESSAGE } from './limits.js';
import { metricNameProblem } from './metric-names.js';
import { Problems, problem } from './problems.js';
import type { DecodeResult, IngestRecord } from './records.js';
import { describeType, formatLimit, formatNumber } from './text.js';
import { MAX_FUTURE_MS, MIN_TS } from './time.js';
import { isPlainObject } from './validation-messages.js';

const RELATIVE_LIMIT_S = 2 ** 28;
/** Fields holding a value (v, the base value bv, the sum s and base sum bs): all bounded like readings. */
const VALUE_FIELDS = ['bv', 'v', 'bs', 's'] as const;
const TIME_FIELDS = ['bt', 't'] as const;
const NAME_FIELDS = ['bn', 'n'] as const;
const BASE_FIELDS: readonly string[] = ['bn', 'bt', 'bv', 'bs'];

function valueProblem(label: string, value: number): string | null {
  if (Number.isFinite(value) && Math.abs(value) <= MAX_ABS_READING_VALUE) return null;
  return problem(
    label,
    `${formatNumber(value)} is outside the accepted range of ±${formatLimit(MAX_ABS_READING_VALUE)}`,
  );
}

/** Why a field's value is refused, or null. Only called for fields the record carries. */
function fieldProblem(field: string, value: unknown): string | null {
  if ((NAME_FIELDS as readonly string[]).includes(field))
    return typeof value === 'string' ? null : problem(field, `must be a string (got ${describeType(value)})`);
  if (typeof value !== 'number') return problem(field, `must be a number (got ${describeType(value)})`);
  if ((TIME_FIELDS as readonly string[]).includes(field))
    return Number.isFinite(value)
      ? null
      : problem(field, `must be a finite number (got ${formatNumber(value)})`);
  return valueProblem(field, value);
}

const CHECKED_FIELDS = [...NAME_FIELDS, ...TIME_FIELDS, ...VALUE_FIELDS];

/** The fields of a record that are refused, with their problems. */
function brokenFields(r: Record<string, unknown>): Map<string, string> {
  const broken = new Map<string, string>();
  for (const field of CHECKED_FIELDS) {
    if (r[field] === undefined) continue;
    const problem = fieldProblem(field, r[field]);
    if (problem) broken.set(field, problem);
  }
  return broken;
}

/** The first record with a refused base field: base fields reach every later record of the pack. */
function firstBrokenBase(pack: readonly unknown[]): number {
  return pack.findIndex(
    (raw) =>
      isPlainObject(raw) && BASE_FIELDS.some((f) => raw[f] !== undefined && fieldProblem(f, raw[f]) !== null),
  );
}

/** The resolved time in epoch ms, or why it is refused. */
function resolveTime(seconds: number, now: number): number | string {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms)) return problem('bt + t', 'not a finite number');
  if (ms < MIN_TS) return problem('bt + t', `${formatNumber(seconds)} s is before 2000-01-01`);
  if (ms > now + MAX_FUTURE_MS)
    return problem('bt + t', `${formatNumber(seconds)} s is more than 24 h in the future`);
  return Math.round(ms);
}

export function parseSenml(sensorId: string, pack: unknown[], now: number): DecodeResult {
  if (pack.length === 0) return { records: [], errors: [problem('payload', 'an empty SenML pack')] };
  // NOTE: checked before looking at any record, so a huge pack costs one comparison.
  if (pack.length > MAX_ITEMS_PER_MESSAGE) {
    return {
      records: [],
      errors: [
        problem(
          'payload',
          `a SenML pack of ${pack.length} records, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
        ),
      ],
    };
  }
  const problems = Problems.create();
  // A broken base field would silently shift every later record: then none of the pack is stored, and the
  // reason says so first, so the cap on listed problems cannot hide it.
  const brokenBase = firstBrokenBase(pack);
  if (brokenBase >= 0)
    problems.add(
      problem(
        'payload',
        `no record of this pack is stored: the base fields of item ${brokenBase} are invalid`,
      ),
    );
  const byTs = new Map<number, Record<string, number>>();
  let baseName = '';
  let baseTime = 0;
  let baseValue = 0;
  pack.forEach((raw, i) => {
    const at = problems.scoped(`item ${i}: `);
    if (!isPlainObject(raw)) {
      problems.add(problem(`item ${i}`, `must be a JSON object (got ${describeType(raw)})`));
      return;
    }
    const broken = brokenFields(raw);
    for (const problem of broken.values()) at.add(problem);
    if (typeof raw.bn === 'string') baseName = raw.bn;
    if (typeof raw.bt === 'number' && !broken.has('bt')) baseTime = raw.bt;
    if (typeof raw.bv === 'number' && !broken.has('bv')) baseValue = raw.bv;
    if (raw.v === undefined) {
      if (raw.vs !== undefined || raw.vb !== undefined || raw.vd !== undefined)
        at.add(problem('v', 'missing (only numeric values are supported, not vs, vb or vd)'));
      return;
    }
    const name = typeof raw.n === 'string' && raw.n !== '' ? raw.n : (baseName.split(/[:/]/).pop() ?? '');
    // A name of the wrong type was already named; do not blame the empty name it leaves.
    const nameProblem =
      broken.has('n') || broken.has('bn')
        ? null
        : metricNameProblem(name, typeof raw.n === 'string' && raw.n !== '' ? 'n' : 'bn');
    if (nameProblem) at.add(nameProblem);
    if (broken.size > 0 || nameProblem || typeof raw.v !== 'number') return;
    const t = baseTime + (typeof raw.t === 'number' ? raw.t : 0);
    const ts = resolveTime(Math.abs(t) < RELATIVE_LIMIT_S ? now / 1000 + t : t, now);
    if (typeof ts === 'string') {
      at.add(ts);
      return;
    }
    const value = baseValue + raw.v;
    const sumProblem = valueProblem('bv + v', value);
    if (sumProblem) {
      at.add(sumProblem);
      return;
    }
    const values = byTs.get(ts) ?? {};
    // Safe as an assignment: reserved names such as __proto__ were refused above.
    values[name] = value;
    byTs.set(ts, values);
  });
  if (brokenBase >= 0) return { records: [], errors: problems.list() };
  const records: IngestRecord[] = [...byTs].map(([ts, values]) => ({
    kind: 'reading',
    sensorId,
    ts,
    values,
  }));
  return { records, errors: problems.list() };
}
