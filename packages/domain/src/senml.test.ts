import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_MESSAGE } from './records.js';
import { parseSenml } from './senml.js';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const BT = NOW / 1000 - 600; // an absolute SenML base time, seconds

function readings(result: ReturnType<typeof parseSenml>) {
  return result.records.map((r) => {
    if (r.kind !== 'reading') throw new Error(`unexpected ${r.kind}`);
    return { sensorId: r.sensorId, ts: r.ts, values: r.values };
  });
}

describe('parseSenml (RFC 8428 packs)', () => {
  it('groups records of the same resolved time into one reading', () => {
    const result = parseSenml(
      's1',
      [
        { bn: 'urn:dev:ow:10e2073a01080063:', bt: BT, n: 'temp', v: 23.1, u: 'Cel' },
        { n: 'hum', v: 41, u: '%RH' },
        { n: 'temp', t: 60, v: 23.4 },
        { n: 'hum', t: 60, v: 40 },
      ],
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(readings(result)).toEqual([
      { sensorId: 's1', ts: BT * 1000, values: { temp: 23.1, hum: 41 } },
      { sensorId: 's1', ts: (BT + 60) * 1000, values: { temp: 23.4, hum: 40 } },
    ]);
  });

  it('carries the base time from a record that has no value', () => {
    const result = parseSenml(
      's1',
      [
        { bn: 'dev1/', bt: BT },
        { n: 'pm25', v: 5 },
        { n: 'pm10', t: 1.5, v: 9 },
      ],
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(readings(result)).toEqual([
      { sensorId: 's1', ts: BT * 1000, values: { pm25: 5 } },
      { sensorId: 's1', ts: BT * 1000 + 1500, values: { pm10: 9 } },
    ]);
  });

  it('adds the base value to every value after it', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, bv: 100, n: 'level', v: 1 },
        { n: 'level', t: 1, v: -2 },
      ],
      NOW,
    );
    expect(readings(result).map((r) => r.values.level)).toEqual([101, 98]);
  });

  it('lets a later base field replace an earlier one', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, bv: 10, n: 'a', v: 1 },
        { bt: BT + 10, bv: 20, n: 'a', v: 1 },
      ],
      NOW,
    );
    expect(readings(result)).toEqual([
      { sensorId: 's1', ts: BT * 1000, values: { a: 11 } },
      { sensorId: 's1', ts: (BT + 10) * 1000, values: { a: 21 } },
    ]);
  });

  it('treats times below 2^28 as relative to now', () => {
    const result = parseSenml(
      's1',
      [
        { n: 'a', v: 1 },
        { n: 'b', t: -30, v: 2 },
        { bt: -60, n: 'c', t: -30, v: 3 },
      ],
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(readings(result)).toEqual([
      { sensorId: 's1', ts: NOW, values: { a: 1 } },
      { sensorId: 's1', ts: NOW - 30_000, values: { b: 2 } },
      { sensorId: 's1', ts: NOW - 90_000, values: { c: 3 } },
    ]);
  });

  it('uses the last segment of the base name when a record has no name', () => {
    const result = parseSenml(
      's1',
      [
        { bn: 'urn:dev:s1:pm25', bt: BT, v: 7 },
        { bn: 'dev/no2', v: 8 },
      ],
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { pm25: 7, no2: 8 } }]);
  });

  it('rejects string, boolean and data values with an error, keeping the numeric ones', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, n: 'label', vs: 'hello' },
        { n: 'door', vb: true },
        { n: 'blob', vd: 'aGk=' },
        { n: 'pm25', v: 3 },
      ],
      NOW,
    );
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { pm25: 3 } }]);
    expect(result.errors).toEqual([
      'SenML record 0: only numeric values (v) are supported',
      'SenML record 1: only numeric values (v) are supported',
      'SenML record 2: only numeric values (v) are supported',
    ]);
  });

  it('rejects a string in v', () => {
    const result = parseSenml('s1', [{ bt: BT, n: 'pm25', v: '3' }], NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['SenML record 0: v is not a finite number']);
  });

  it('rejects an infinite v (1e999 in JSON)', () => {
    const pack = JSON.parse(`[{"bt": ${BT}, "n": "pm25", "v": 1e999}]`) as unknown[];
    const result = parseSenml('s1', pack, NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['SenML record 0: v is not a finite number']);
  });

  // BUG: only `v` is checked for finiteness; `bv` is not, so `[{"bv":1e999,"n":"pm25","v":1}]` yields a reading
  // whose value is Infinity (decode.ts says 1e999 must be rejected rather than stored). The same happens when two
  // finite values overflow, e.g. bv 1e308 + v 1e308.
  it('rejects a reading whose value is not finite because of bv', () => {
    const pack = JSON.parse(`[{"bt": ${BT}, "bv": 1e999, "n": "pm25", "v": 1}]`) as unknown[];
    const result = parseSenml('s1', pack, NOW);
    for (const r of readings(result)) expect(Number.isFinite(r.values.pm25)).toBe(true);
    expect(result.errors).toHaveLength(1);
  });

  it('rejects invalid metric names', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, n: 'bad name', v: 1 },
        { bn: 'urn:dev:s1:', v: 2 },
        { n: 'x'.repeat(65), v: 3 },
        { n: 'ok', v: 4 },
      ],
      NOW,
    );
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { ok: 4 } }]);
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toMatch(/^SenML record 0: name "bad name"/);
    expect(result.errors[1]).toMatch(/^SenML record 1: name ""/);
    expect(result.errors[2]).toMatch(/^SenML record 2: name "x{40}" is not/);
  });

  it('rejects records that are not objects', () => {
    const result = parseSenml('s1', [null, 1, 'x', [], { bt: BT, n: 'a', v: 1 }], NOW);
    expect(result.records).toHaveLength(1);
    expect(result.errors).toEqual([0, 1, 2, 3].map((i) => `SenML record ${i}: not an object`));
  });

  it('rejects absolute times too far in the future or before 2000', () => {
    const result = parseSenml(
      's1',
      [
        { bt: NOW / 1000 + 2 * 86_400, n: 'a', v: 1 },
        { bt: 2 ** 28, n: 'a', v: 1 },
      ],
      NOW,
    );
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/future/);
    expect(result.errors[1]).toMatch(/before 2000/);
  });

  it('rejects an empty or oversized pack', () => {
    expect(parseSenml('s1', [], NOW)).toEqual({ records: [], errors: ['SenML pack is empty'] });
    const big = Array.from({ length: MAX_ITEMS_PER_MESSAGE + 1 }, () => ({ n: 'a', v: 1 }));
    expect(parseSenml('s1', big, NOW)).toEqual({ records: [], errors: ['SenML pack is too large'] });
  });

  it('lets the last value win for the same name at the same time', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, n: 'a', v: 1 },
        { n: 'a', v: 2 },
      ],
      NOW,
    );
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { a: 2 } }]);
  });
});
