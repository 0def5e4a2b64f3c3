import { describe, expect, it } from 'vitest';
import { float8Array, textArray } from './binary-arrays.js';

/** Reads back what array_recv would: the header and each element's bytes. */
function decode(buf: Buffer): {
  ndim: number;
  nulls: number;
  oid: number;
  length: number;
  lower: number;
  items: Buffer[];
} {
  const items: Buffer[] = [];
  let offset = 20;
  const length = buf.readInt32BE(12);
  for (let i = 0; i < length; i++) {
    const size = buf.readInt32BE(offset);
    items.push(buf.subarray(offset + 4, offset + 4 + size));
    offset += 4 + size;
  }
  expect(offset).toBe(buf.length);
  return {
    ndim: buf.readInt32BE(0),
    nulls: buf.readInt32BE(4),
    oid: buf.readInt32BE(8),
    length,
    lower: buf.readInt32BE(16),
    items,
  };
}

describe('binary array parameters', () => {
  it('encodes float8[] as one dimension from 1, element oid 701, every number exact', () => {
    const values = [
      0,
      -0,
      1.5,
      -1e-300,
      Number.MAX_VALUE,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1764633600123,
    ];
    const d = decode(float8Array(values));
    expect([d.ndim, d.nulls, d.oid, d.length, d.lower]).toEqual([1, 0, 701, values.length, 1]);
    expect(d.items.map((b) => b.readDoubleBE(0))).toEqual(values);
    expect(d.items.every((b) => b.length === 8)).toBe(true);
  });

  it('encodes text[] as UTF-8 with element oid 25, repeated strings included each time', () => {
    const values = ['s-1', 'débit', 's-1', '', '水位', 's-1'];
    const d = decode(textArray(values));
    expect([d.ndim, d.nulls, d.oid, d.length, d.lower]).toEqual([1, 0, 25, values.length, 1]);
    expect(d.items.map((b) => b.toString('utf8'))).toEqual(values);
  });

  it('encodes empty arrays with a zero length', () => {
    expect(decode(float8Array([])).length).toBe(0);
    expect(decode(textArray([])).length).toBe(0);
  });
});
