import { describe, expect, it } from 'vitest';
import {
  fetchAheadMs,
  nextSlicesToFetch,
  planReadingSpans,
  planSlices,
  readingSpanMs,
  sliceIndexAt,
} from './slice-plan.js';

const MIN = 60_000;
const H = 60 * MIN;

describe('slice plan', () => {
  it('cuts a window into a short first slice, then whole hours, contiguous to the end', () => {
    const slices = planSlices(0, 3 * H);
    expect(slices[0]).toEqual({ from: 0, to: 5 * MIN });
    expect(slices[1]).toEqual({ from: 5 * MIN, to: H });
    expect(slices[2]).toEqual({ from: H, to: 2 * H });
    expect(slices.at(-1)).toEqual({ from: 2 * H, to: 3 * H });
    expect(slices).toHaveLength(4);
    // A window off the hour: the slices after the first end on whole (UTC) hours, the last at the window's end.
    const off = planSlices(10 * H + 17 * MIN, 13 * H + 17 * MIN);
    expect(off.map((s) => [s.from, s.to])).toEqual([
      [10 * H + 17 * MIN, 10 * H + 22 * MIN],
      [10 * H + 22 * MIN, 11 * H],
      [11 * H, 12 * H],
      [12 * H, 13 * H],
      [13 * H, 13 * H + 17 * MIN],
    ]);
    for (let i = 1; i < slices.length; i++) expect(slices[i]?.from).toBe(slices[i - 1]?.to);
    expect(planSlices(0, 2 * MIN)).toEqual([{ from: 0, to: 2 * MIN }]);
    expect(planSlices(5, 5)).toEqual([]);
  });

  it('finds the slice that holds an instant', () => {
    const slices = planSlices(0, 3 * H);
    expect(sliceIndexAt(slices, 0)).toBe(0);
    expect(sliceIndexAt(slices, 5 * MIN)).toBe(0);
    expect(sliceIndexAt(slices, 5 * MIN + 1)).toBe(1);
    expect(sliceIndexAt(slices, 3 * H)).toBe(3);
  });

  it('fetches in order ahead of the playhead, a few at a time', () => {
    const slices = planSlices(0, 24 * H);
    // Nothing loaded: the first slice (and the next, as two may be in flight).
    expect(nextSlicesToFetch(slices, 0, 0, 0, H)).toEqual([0, 1]);
    expect(nextSlicesToFetch(slices, 0, 2, 0, H)).toEqual([]);
    // Loaded up to 1 h, playhead at the start, an hour ahead wanted: enough already.
    expect(nextSlicesToFetch(slices, 2, 0, 0, H)).toEqual([]);
    // Playhead at 30 min: the data ends 30 min ahead, less than an hour: the next slice.
    expect(nextSlicesToFetch(slices, 2, 0, 30 * MIN, H)).toEqual([2]);
    // A seek to hour 10: every slice up to it, in order, two at a time.
    expect(nextSlicesToFetch(slices, 2, 0, 10 * H, H)).toEqual([2, 3]);
    expect(slices).toHaveLength(25);
    expect(nextSlicesToFetch(slices, 25, 0, 24 * H, H)).toEqual([]);
  });

  it('looks further ahead at higher speeds', () => {
    expect(fetchAheadMs(1)).toBe(H);
    expect(fetchAheadMs(3600)).toBe(3600 * 20_000);
  });

  it('fetches the readings of a day at hourly buckets in two requests: the first slice, then the rest', () => {
    const from = 10 * H + 17 * MIN;
    const slices = planSlices(from, from + 24 * H);
    const { spans, spanOf } = planReadingSpans(slices, readingSpanMs(H));
    expect(spans).toEqual([
      { from, to: from + 5 * MIN },
      { from: from + 5 * MIN, to: from + 24 * H },
    ]);
    expect(spanOf).toEqual(slices.map((_, i) => (i === 0 ? 0 : 1)));
    // Longer: a new span each time a day of data time is full, always on a slice's edge.
    const week = planSlices(0, 7 * 24 * H);
    const plan = planReadingSpans(week, readingSpanMs(H));
    expect(plan.spans).toHaveLength(1 + 7);
    for (let i = 1; i < plan.spans.length; i++) expect(plan.spans[i]?.from).toBe(plan.spans[i - 1]?.to);
    expect(plan.spans.at(-1)?.to).toBe(7 * 24 * H);
    for (const span of plan.spans.slice(1)) expect(span.to - span.from).toBeLessThanOrEqual(24 * H);
    week.forEach((slice, i) => {
      const span = plan.spans[plan.spanOf[i] as number];
      expect(span && span.from <= slice.from && slice.to <= span.to).toBe(true);
    });
  });

  it('fetches finer buckets a slice at a time (an hour of minutes is already 60 rows per series)', () => {
    const slices = planSlices(0, 6 * H);
    const { spans, spanOf } = planReadingSpans(slices, readingSpanMs(MIN));
    expect(spans).toEqual(slices);
    expect(spanOf).toEqual(slices.map((_, i) => i));
    expect(planReadingSpans([], readingSpanMs(H))).toEqual({ spans: [], spanOf: [] });
  });
});
