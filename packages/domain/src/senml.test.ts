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
      'item 0: v: missing (only numeric values are supported, not vs, vb or vd)',
      'item 1: v: missing (only numeric values are supported, not vs, vb or vd)',
      'item 2: v: missing (only numeric values are supported, not vs, vb or vd)',
    ]);
  });

  it('rejects a string in v', () => {
    const result = parseSenml('s1', [{ bt: BT, n: 'pm25', v: '3' }], NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['item 0: v: must be a number (got a string)']);
  });

  it('rejects an infinite v (1e999 in JSON)', () => {
    const pack = JSON.parse(`[{"bt": ${BT}, "n": "pm25", "v": 1e999}]`) as unknown[];
    const result = parseSenml('s1', pack, NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual(['item 0: v: Infinity is outside the accepted range of ±1e15']);
  });

  it('rejects a pack whose base value is not finite, storing none of it', () => {
    const pack = JSON.parse(
      `[{"bt": ${BT}, "bv": 1e999, "n": "pm25", "v": 1}, {"n": "pm10", "v": 2}]`,
    ) as unknown[];
    const result = parseSenml('s1', pack, NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'payload: no record of this pack is stored: the base fields of item 0 are invalid',
      'item 0: bv: Infinity is outside the accepted range of ±1e15',
    ]);
  });

  it.each([
    ['v', { bt: BT, n: 'a', v: 1e308 }, 'item 0: v: 1e+308 is outside the accepted range of ±1e15'],
    [
      'v below',
      { bt: BT, n: 'a', v: -2e15 },
      'item 0: v: -2000000000000000 is outside the accepted range of ±1e15',
    ],
    ['s', { bt: BT, n: 'a', v: 1, s: 1e300 }, 'item 0: s: 1e+300 is outside the accepted range of ±1e15'],
  ])('refuses a %s beyond ±1e15, which would overflow database aggregates', (_label, record, reason) => {
    const result = parseSenml('s1', [record], NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([reason]);
  });

  it('refuses bv + v beyond ±1e15 even when each is in range', () => {
    const result = parseSenml('s1', [{ bt: BT, bv: 9e14, n: 'a', v: 9e14 }], NOW);
    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      'item 0: bv + v: 1800000000000000 is outside the accepted range of ±1e15',
    ]);
  });

  it('accepts values at exactly ±1e15', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, n: 'a', v: 1e15 },
        { n: 'b', v: -1e15 },
      ],
      NOW,
    );
    expect(result.errors).toEqual([]);
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { a: 1e15, b: -1e15 } }]);
  });

  it('names fields of the wrong type', () => {
    const result = parseSenml(
      's1',
      [
        { bt: BT, n: 5, v: 1 },
        { n: 'a', t: 'soon', v: 1 },
        { n: 'b', v: 2 },
      ],
      NOW,
    );
    expect(readings(result)).toEqual([{ sensorId: 's1', ts: BT * 1000, values: { b: 2 } }]);
    expect(result.errors).toEqual([
      'item 0: n: must be a string (got a number)',
      'item 1: t: must be a number (got a string)',
    ]);
  });

  it('refuses reserved metric names without touching any prototype', () => {
    const pack = JSON.parse(
      `[{"bt": ${BT}, "n": "__proto__", "v": 1}, {"n": "constructor", "v": 2}, {"n": "prototype", "v": 3}, {"n": "ok", "v": 4}]`,
    ) as unknown[];
    const result = parseSenml('s1', pack, NOW);
    expect(result.errors).toEqual([
      'item 0: n: reserved, not allowed as a metric name (got "__proto__")',
      'item 1: n: reserved, not allowed as a metric name (got "constructor")',
      'item 2: n: reserved, not allowed as a metric name (got "prototype")',
    ]);
    const [record] = readings(result);
    expect(record!.values).toEqual({ ok: 4 });
    expect(Object.getPrototypeOf(record!.values)).toBe(Object.prototype);
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
    expect(result.errors).toEqual([
      'item 0: n: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-" (got "bad name")',
      'item 1: bn: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-" (got "")',
      `item 2: n: not a metric name: it must be 1 to 64 letters, digits, "_", "." or "-" (got "${'x'.repeat(40)}…")`,
    ]);
  });

  it('rejects records that are not objects', () => {
    const result = parseSenml('s1', [null, 1, 'x', [], { bt: BT, n: 'a', v: 1 }], NOW);
    expect(result.records).toHaveLength(1);
    expect(result.errors).toEqual([
      'item 0: must be a JSON object (got null)',
      'item 1: must be a JSON object (got a number)',
      'item 2: must be a JSON object (got a string)',
      'item 3: must be a JSON object (got an array)',
    ]);
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
    expect(parseSenml('s1', [], NOW)).toEqual({ records: [], errors: ['payload: an empty SenML pack'] });
    const big = Array.from({ length: MAX_ITEMS_PER_MESSAGE + 1 }, () => ({ n: 'a', v: 1 }));
    expect(parseSenml('s1', big, NOW)).toEqual({
      records: [],
      errors: [
        `payload: a SenML pack of ${MAX_ITEMS_PER_MESSAGE + 1} records, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
      ],
    });
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
