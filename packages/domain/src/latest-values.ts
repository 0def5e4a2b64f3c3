/**
 * "Newest value wins", per metric: the one rule for a sensor's latest values wherever they are kept — the
 * ingest's batch preparation (the `sensor_latest` rows of a batch), the commit event and the live hub that
 * coalesces readings for the browser, and the browser's cache of latest values.
 *
 * Per metric, a value with a newer `ts` replaces the held one; an older one is ignored, so late and
 * out-of-order readings never move a latest value back in time. Metrics are independent: a reading that
 * carries only `no2` leaves the held `pm25` (and its own, older or newer, `ts`) alone.
 *
 * Equal `ts`: the value already held stays (the first arrival wins). NOTE: this is the storage's rule —
 * `(sensor_id, metric, ts)` is the readings key, the first copy is stored and later copies are duplicates,
 * and the `sensor_latest` upsert replaces only `where sensor_latest.ts < excluded.ts` — so the latest value
 * shown live is always the value stored for that instant.
 */
import type { MetricValue } from './views.js';

/** Held values per metric. Metric names are decoder-checked (`__proto__` & co. are refused: limits.ts). */
export type LatestValues = Record<string, MetricValue>;

function takes(into: LatestValues, metric: string, ts: number): boolean {
  const held = Object.hasOwn(into, metric) ? into[metric] : undefined;
  return held === undefined || held.ts < ts;
}

/**
 * Folds one metric's value at `ts` into `into`, in place; true when it was taken. The rule itself:
 * `mergeLatest` below and the dashboard's typed-array readings (one number at a time, no object per reading)
 * both call it.
 */
export function mergeLatestValue(into: LatestValues, metric: string, value: number, ts: number): boolean {
  if (!takes(into, metric, ts)) return false;
  into[metric] = { value, ts };
  return true;
}

/**
 * Folds one reading (its `values` at `ts`) into `into`, in place; true when any metric changed. Pure apart
 * from `into`: no clock, no IO.
 */
export function mergeLatest(
  into: LatestValues,
  values: Readonly<Record<string, number>>,
  ts: number,
): boolean {
  let changed = false;
  for (const [metric, value] of Object.entries(values))
    changed = mergeLatestValue(into, metric, value, ts) || changed;
  return changed;
}
