import { describe, expect, it } from 'vitest';
import { type LatestValues, mergeLatest, mergeLatestValue } from './latest-values.js';

describe('mergeLatest', () => {
  it('takes every metric into an empty set', () => {
    const into: LatestValues = {};
    expect(mergeLatest(into, { pm25: 12, no2: 3 }, 100)).toBe(true);
    expect(into).toEqual({ pm25: { value: 12, ts: 100 }, no2: { value: 3, ts: 100 } });
  });

  it('replaces a metric only with a newer ts; an older reading changes nothing', () => {
    const into: LatestValues = { pm25: { value: 12, ts: 100 } };
    expect(mergeLatest(into, { pm25: 9 }, 99)).toBe(false);
    expect(into.pm25).toEqual({ value: 12, ts: 100 });
    expect(mergeLatest(into, { pm25: 14 }, 101)).toBe(true);
    expect(into.pm25).toEqual({ value: 14, ts: 101 });
  });

  it('keeps the held value at an equal ts (first arrival wins, as the database does)', () => {
    const into: LatestValues = { pm25: { value: 12, ts: 100 } };
    expect(mergeLatest(into, { pm25: 99 }, 100)).toBe(false);
    expect(into.pm25).toEqual({ value: 12, ts: 100 });
  });

  it('decides per metric and keeps each metric its own ts (no metric inherits a newer ts)', () => {
    const into: LatestValues = {};
    mergeLatest(into, { pm25: 12, no2: 3 }, 200);
    mergeLatest(into, { pm25: 10, o3: 40 }, 100);
    mergeLatest(into, { no2: 4 }, 300);
    expect(into).toEqual({
      pm25: { value: 12, ts: 200 },
      no2: { value: 4, ts: 300 },
      o3: { value: 40, ts: 100 },
    });
  });

  it('gives the same result whatever the arrival order of distinct times', () => {
    const readings: [Record<string, number>, number][] = [
      [{ a: 1, b: 1 }, 10],
      [{ a: 2 }, 30],
      [{ b: 3, c: 3 }, 20],
      [{ c: 4 }, 5],
    ];
    const fold = (list: typeof readings) => {
      const into: LatestValues = {};
      for (const [values, ts] of list) mergeLatest(into, values, ts);
      return into;
    };
    expect(fold([...readings].reverse())).toEqual(fold(readings));
    expect(fold(readings)).toEqual({
      a: { value: 2, ts: 30 },
      b: { value: 3, ts: 20 },
      c: { value: 3, ts: 20 },
    });
  });

  it('does not mistake inherited properties for held values', () => {
    const into: LatestValues = {};
    expect(mergeLatest(into, { toString: 1, valueOf: 2 }, 1)).toBe(true);
    expect(Object.keys(into).sort()).toEqual(['toString', 'valueOf']);
  });
});

describe('mergeLatestValue', () => {
  it('applies the same rule to values that carry their own ts', () => {
    const into: LatestValues = { pm25: { value: 12, ts: 100 }, no2: { value: 3, ts: 100 } };
    const taken = [
      mergeLatestValue(into, 'pm25', 1, 50),
      mergeLatestValue(into, 'no2', 5, 100),
      mergeLatestValue(into, 'o3', 40, 10),
    ];
    expect(taken.some(Boolean)).toBe(true);
    expect(into).toEqual({
      pm25: { value: 12, ts: 100 },
      no2: { value: 3, ts: 100 },
      o3: { value: 40, ts: 10 },
    });
    expect(mergeLatestValue(into, 'pm25', 1, 99)).toBe(false);
  });

  it('does not share objects with its input', () => {
    const from: LatestValues = { a: { value: 1, ts: 1 } };
    const into: LatestValues = {};
    mergeLatestValue(into, 'a', from.a!.value, from.a!.ts);
    expect(into.a).not.toBe(from.a);
    expect(into.a).toEqual(from.a);
  });
});
