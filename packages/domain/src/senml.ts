/**
 * SenML (RFC 8428) JSON packs on a sensor's data topic. Base fields (bn, bt, bu, bv) carry forward to the
 * records after them; times are seconds, and values below 2^28 are relative to "now" (RFC 8428 §4.5.3).
 * Records of the same resolved time become one reading. Only numeric values (`v`) are stored in v1.
 */
import { type DecodeResult, type IngestRecord, MAX_ITEMS_PER_MESSAGE } from './records.js';
import { parseTimestamp } from './time.js';

const RELATIVE_LIMIT_S = 2 ** 28;
const METRIC = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseSenml(sensorId: string, pack: unknown[], now: number): DecodeResult {
  if (pack.length === 0) return { records: [], errors: ['SenML pack is empty'] };
  if (pack.length > MAX_ITEMS_PER_MESSAGE) return { records: [], errors: ['SenML pack is too large'] };
  const errors: string[] = [];
  const byTs = new Map<number, Record<string, number>>();
  let baseName = '';
  let baseTime = 0;
  let baseValue = 0;
  pack.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`SenML record ${i}: not an object`);
      return;
    }
    const r = raw as Record<string, unknown>;
    if (typeof r.bn === 'string') baseName = r.bn;
    if (typeof r.bt === 'number') baseTime = r.bt;
    if (typeof r.bv === 'number') baseValue = r.bv;
    if (r.v === undefined) {
      if (r.vs !== undefined || r.vb !== undefined || r.vd !== undefined) {
        errors.push(`SenML record ${i}: only numeric values (v) are supported`);
      }
      return;
    }
    if (typeof r.v !== 'number' || !Number.isFinite(r.v)) {
      errors.push(`SenML record ${i}: v is not a finite number`);
      return;
    }
    const name = typeof r.n === 'string' && r.n !== '' ? r.n : (baseName.split(/[:/]/).pop() ?? '');
    if (!METRIC.test(name)) {
      errors.push(`SenML record ${i}: name "${name.slice(0, 40)}" is not a valid metric name`);
      return;
    }
    const t = baseTime + (typeof r.t === 'number' ? r.t : 0);
    const seconds = Math.abs(t) < RELATIVE_LIMIT_S ? now / 1000 + t : t;
    const ts = parseTimestamp(seconds * 1000, now);
    if (typeof ts === 'string') {
      errors.push(`SenML record ${i}: ${ts}`);
      return;
    }
    const value = baseValue + r.v;
    if (!Number.isFinite(value)) {
      errors.push(`SenML record ${i}: bv + v is not a finite number`);
      return;
    }
    const values = byTs.get(ts) ?? {};
    values[name] = value;
    byTs.set(ts, values);
  });
  const records: IngestRecord[] = [...byTs].map(([ts, values]) => ({
    kind: 'reading',
    sensorId,
    ts,
    values,
  }));
  return { records, errors };
}
