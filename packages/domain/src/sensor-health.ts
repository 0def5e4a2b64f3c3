/**
 * A sensor's health, the one rule the wall and the replay both draw by: offline when its device said so (its
 * last will or status message), stale when its last reading is older than it should be, else ok. The wall asks
 * it at now; the replay at the playhead, with the last reading at or before the playhead.
 */
import type { SensorView } from './views.js';

export type SensorHealth = 'ok' | 'stale' | 'offline';

/** A sensor is stale after missing three of its reports (at least a minute when its interval is unknown). */
export function sensorStaleAfterMs(sensor: Pick<SensorView, 'intervalS'>): number {
  return Math.max(60_000, 3 * (sensor.intervalS ?? 0) * 1000);
}

/** What the rule needs to know of a sensor at the instant asked about. */
export type SensorHealthFacts = Pick<SensorView, 'status' | 'lastSeen' | 'intervalS'>;

/**
 * The sensor's health at `at`. `lastSeen` is its last reading at or before `at` (null: none). `slackMs`
 * widens the stale limit when the last reading's time is only known to a bucket's end (replayed aggregates):
 * the reading may have come up to a bucket earlier than the bucket's end says.
 */
export function sensorHealthAt(sensor: SensorHealthFacts, at: number, slackMs = 0): SensorHealth {
  return sensorHealthOf(
    sensor.status === 'offline',
    sensor.lastSeen ?? Number.NaN,
    sensorStaleAfterMs(sensor) + slackMs,
    at,
  );
}

/**
 * The same rule on plain numbers, for loops over many sensors that keep their facts in typed arrays (no object
 * per sensor per frame): `lastSeen` NaN means no reading yet.
 */
export function sensorHealthOf(
  offline: boolean,
  lastSeen: number,
  staleAfterMs: number,
  at: number,
): SensorHealth {
  if (offline) return 'offline';
  // NOTE: written so that NaN (never seen) is stale.
  if (!(at - lastSeen <= staleAfterMs)) return 'stale';
  return 'ok';
}
