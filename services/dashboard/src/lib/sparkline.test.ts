import { describe, expect, it } from 'vitest';
import { SPARKLINE_BUCKET_S, SPARKLINE_HOURS, sparklineSeries, sparklineWindow } from './sparkline.js';

describe('sparklineWindow', () => {
  it('ends at the next bucket boundary, so renders within a bucket share one request', () => {
    const bucketMs = SPARKLINE_BUCKET_S * 1000;
    const a = sparklineWindow(10 * bucketMs + 1);
    const b = sparklineWindow(11 * bucketMs);
    expect(a).toEqual(b);
    expect(a.to).toBe(11 * bucketMs);
    expect(a.to - a.from).toBe(SPARKLINE_HOURS * 3_600_000);
  });
});

describe('sparklineSeries', () => {
  it('gives uPlot seconds and averages, and the range of the readings', () => {
    const s = sparklineSeries([
      { bucket: 1000, avg: 2, min: 1, max: 3, count: 2 },
      { bucket: 2000, avg: Number.NaN, min: 0, max: 0, count: 0 },
      { bucket: 3000, avg: 5, min: 4, max: 9, count: 3 },
    ]);
    expect(s).toEqual({ times: [1, 3], values: [2, 5], min: 1, max: 9, points: 2 });
  });
});
