import { describe, expect, it } from 'vitest';
import {
  FIRST_RETRY_MS,
  isRetried,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelayMs,
} from './retry-policy.js';

const middle = () => 0.5;

describe('which failures are tried again', () => {
  it('retries no answer, a timeout, too many requests and every server error', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504])
      expect(isRetried(status), String(status)).toBe(true);
  });

  it("does not retry the client's own fault: the same request gets the same answer", () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422])
      expect(isRetried(status), String(status)).toBe(false);
  });
});

describe('the retry schedule', () => {
  it('doubles from one second up to the cap, then stays there', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 50].map((n) => retryDelayMs(n, null, middle));
    expect(schedule).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads each wait by a quarter either way, never below a second nor above the cap', () => {
    expect(retryDelayMs(3, null, () => 0)).toBe(3_000);
    expect(retryDelayMs(3, null, () => 1)).toBe(5_000);
    expect(retryDelayMs(1, null, () => 0)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(6, null, () => 1)).toBe(MAX_BACKOFF_MS);
  });

  it('never retries at once, whatever the failure count says', () => {
    for (const n of [0, -1, Number.NaN]) expect(retryDelayMs(n, null, () => 0)).toBeGreaterThanOrEqual(1_000);
  });

  it("waits at least the server's Retry-After, up to a bound", () => {
    expect(retryDelayMs(1, 5_000, middle)).toBe(5_000);
    // The backoff is longer than the server asked: the longer wait wins.
    expect(retryDelayMs(6, 5_000, middle)).toBe(30_000);
    // Retry-After: 0 is not a licence to loop.
    expect(retryDelayMs(1, 0, middle)).toBe(1_000);
    expect(retryDelayMs(1, 3_600_000, middle)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('Retry-After', () => {
  const now = Date.UTC(2026, 11, 2, 18, 0, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP date, and a date already past as no wait', () => {
    expect(parseRetryAfter('Wed, 02 Dec 2026 18:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 17:59:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5'])
      expect(parseRetryAfter(value, now)).toBeNull();
  });
});
