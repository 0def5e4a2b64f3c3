import { describe, expect, it } from 'vitest';
import { MAX_FUTURE_MS, MIN_TS, parseTimestamp } from './time.js';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0); // 2024-06-01T12:00:00Z

describe('parseTimestamp', () => {
  it('accepts epoch milliseconds', () => {
    expect(parseTimestamp(NOW - 1000, NOW)).toBe(NOW - 1000);
    expect(parseTimestamp(MIN_TS, NOW)).toBe(MIN_TS);
  });

  it('rounds fractional milliseconds', () => {
    expect(parseTimestamp(NOW - 1000.4, NOW)).toBe(NOW - 1000);
    expect(parseTimestamp(NOW - 1000.6, NOW)).toBe(NOW - 1001);
  });

  it('accepts ISO-8601 with Z, with and without seconds and fractions', () => {
    expect(parseTimestamp('2024-06-01T10:00:00Z', NOW)).toBe(Date.UTC(2024, 5, 1, 10));
    expect(parseTimestamp('2024-06-01T10:00Z', NOW)).toBe(Date.UTC(2024, 5, 1, 10));
    expect(parseTimestamp('2024-06-01T10:00:00.250Z', NOW)).toBe(Date.UTC(2024, 5, 1, 10, 0, 0, 250));
  });

  it('applies explicit offsets, with or without a colon', () => {
    const expected = Date.UTC(2024, 5, 1, 4, 30);
    expect(parseTimestamp('2024-06-01T10:00:00+05:30', NOW)).toBe(expected);
    expect(parseTimestamp('2024-06-01T10:00:00+0530', NOW)).toBe(expected);
    expect(parseTimestamp('2024-06-01T01:00:00-07:00', NOW)).toBe(Date.UTC(2024, 5, 1, 8));
  });

  it('rejects seconds instead of milliseconds', () => {
    const result = parseTimestamp(Math.floor(NOW / 1000), NOW);
    expect(typeof result).toBe('string');
    expect(result).toMatch(/seconds instead of milliseconds/);
  });

  it('rejects anything before 2000-01-01', () => {
    expect(typeof parseTimestamp(MIN_TS - 1, NOW)).toBe('string');
    expect(typeof parseTimestamp(0, NOW)).toBe('string');
    expect(typeof parseTimestamp(-1, NOW)).toBe('string');
    expect(typeof parseTimestamp('1999-12-31T23:59:59Z', NOW)).toBe('string');
  });

  it('rejects ISO strings without a zone and other non-ISO shapes', () => {
    for (const ts of [
      '2024-06-01T10:00:00',
      '2024-06-01',
      '2024-06-01 10:00:00Z',
      'June 1, 2024 10:00 UTC',
      'Sat, 01 Jun 2024 10:00:00 GMT',
      '1717236000000',
      '',
      ' 2024-06-01T10:00:00Z',
      '2024-06-01T10:00:00Z ',
    ]) {
      const result = parseTimestamp(ts, NOW);
      expect(typeof result, ts).toBe('string');
    }
    expect(parseTimestamp('2024-06-01T10:00:00', NOW)).toMatch(/zone/);
  });

  it('rejects impossible month / hour values', () => {
    expect(typeof parseTimestamp('2024-13-01T00:00:00Z', NOW)).toBe('string');
    expect(typeof parseTimestamp('2024-06-01T25:00:00Z', NOW)).toBe('string');
  });

  // BUG: Date.parse in V8 rolls 2024-02-30 over to 2024-03-01 instead of returning NaN, and parseTimestamp only
  // rejects NaN, so a date that does not exist is silently stored as another day. A validator of ISO-8601
  // date-times must refuse a calendar date that does not exist.
  it('rejects a calendar date that does not exist (2024-02-30)', () => {
    expect(typeof parseTimestamp('2024-02-30T00:00:00Z', NOW)).toBe('string');
  });

  it('accepts up to 24 h in the future and rejects beyond', () => {
    expect(parseTimestamp(NOW + MAX_FUTURE_MS, NOW)).toBe(NOW + MAX_FUTURE_MS);
    const result = parseTimestamp(NOW + MAX_FUTURE_MS + 1, NOW);
    expect(result).toMatch(/future/);
    expect(typeof parseTimestamp('2999-01-01T00:00:00Z', NOW)).toBe('string');
    expect(typeof parseTimestamp(8.64e15, NOW)).toBe('string');
  });

  it('rejects NaN and ±Infinity', () => {
    expect(parseTimestamp(Number.NaN, NOW)).toMatch(/finite/);
    expect(parseTimestamp(Number.POSITIVE_INFINITY, NOW)).toMatch(/finite/);
    expect(parseTimestamp(Number.NEGATIVE_INFINITY, NOW)).toMatch(/finite/);
  });

  it('rejects values that are neither numbers nor strings', () => {
    for (const ts of [null, undefined, true, {}, [], [NOW], { ts: NOW }, BigInt(NOW)]) {
      const result = parseTimestamp(ts, NOW);
      expect(result).toMatch(/epoch milliseconds or an ISO-8601 string/);
    }
  });
});

describe('parseTimestamp reasons', () => {
  it('quote what was sent, in plain words', () => {
    expect(parseTimestamp('yesterday', NOW)).toBe(
      'ts: not an ISO-8601 date-time with a zone, like 2024-06-01T12:00:00Z (got "yesterday")',
    );
    expect(parseTimestamp('2024-02-30T00:00:00Z', NOW)).toBe(
      'ts: not a valid date (got "2024-02-30T00:00:00Z")',
    );
    expect(parseTimestamp(true, NOW)).toBe(
      'ts: must be epoch milliseconds or an ISO-8601 string (got a boolean)',
    );
    expect(parseTimestamp(Number.NaN, NOW)).toBe('ts: not a finite number (got NaN)');
    expect(parseTimestamp('2100-01-01T00:00:00Z', NOW)).toBe(
      'ts: more than 24 h in the future (got "2100-01-01T00:00:00Z")',
    );
  });

  it('suggests seconds instead of milliseconds only when the number fits as seconds', () => {
    expect(parseTimestamp(NOW / 1000, NOW)).toBe(
      `ts: before 2000-01-01 (got ${NOW / 1000}; seconds instead of milliseconds?)`,
    );
    expect(parseTimestamp(0, NOW)).toBe('ts: before 2000-01-01 (got 0)');
    expect(parseTimestamp('1970-01-01T00:00:00Z', NOW)).toBe(
      'ts: before 2000-01-01 (got "1970-01-01T00:00:00Z")',
    );
  });

  it('escapes control characters in the quoted value', () => {
    expect(parseTimestamp('2024\n', NOW)).toMatch(/\(got "2024\\n"\)$/);
  });
});
