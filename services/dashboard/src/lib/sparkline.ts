/** The window and the series a sensor sparkline shows. Pure, so unit-tested. */
import type { ReadingBucket } from '@twin/domain';

/** Hours of history a sparkline covers, in buckets of {@link SPARKLINE_BUCKET_S}: 36 points. */
export const SPARKLINE_HOURS = 6;
export const SPARKLINE_BUCKET_S = 600;

/**
 * The window ending at the bucket boundary after `now`: the same window (and so one cached request) for
 * every render within a bucket, instead of a new request every time the clock ticks.
 */
export function sparklineWindow(now: number): { from: number; to: number; bucketS: number; hours: number } {
  const bucketMs = SPARKLINE_BUCKET_S * 1000;
  const to = Math.ceil(now / bucketMs) * bucketMs;
  return { from: to - SPARKLINE_HOURS * 3_600_000, to, bucketS: SPARKLINE_BUCKET_S, hours: SPARKLINE_HOURS };
}

/** uPlot's columns (seconds, values) of the buckets' averages, with their range. */
export function sparklineSeries(buckets: readonly ReadingBucket[]): {
  times: number[];
  values: number[];
  min: number;
  max: number;
  points: number;
} {
  const times: number[] = [];
  const values: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const b of buckets) {
    if (!Number.isFinite(b.avg)) continue;
    times.push(b.bucket / 1000);
    values.push(b.avg);
    min = Math.min(min, b.min);
    max = Math.max(max, b.max);
  }
  return { times, values, min, max, points: values.length };
}
