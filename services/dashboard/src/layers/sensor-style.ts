/**
 * Sensors' own visual language, apart from incidents: small dark markers whose thin ring carries the
 * department's colour (incidents are larger discs filled in it). A sensor past its expected interval turns
 * grey and faint; an offline one is a faint hollow ring. The wall's legend explains the same three looks.
 */
import { type SensorHealth, type SensorHealthFacts, sensorHealthAt, sensorStaleAfterMs } from '@twin/domain';
import type { Rgb, Rgba } from './colors.js';

// NOTE: the health rule itself is the domain's (packages/domain/src/sensor-health.ts), shared with the replay.
export { type SensorHealth, sensorStaleAfterMs };

/** The sensor's health now, as the wall draws it. */
export function sensorHealth(sensor: SensorHealthFacts, now: number): SensorHealth {
  return sensorHealthAt(sensor, now);
}

/** The marker's body: near the map's own dark, so hundreds of sensors never read as incidents. */
export const SENSOR_BODY: Rgb = [16, 20, 28];
/** Stale and offline sensors lose their department colour: grey says "do not trust this value". */
export const SENSOR_STALE: Rgb = [150, 156, 168];
// NOTE: large enough for a sensor's shape (its kind) to read on a wall from 5 m; still smaller than incidents.
export const SENSOR_RADIUS_PX = 4.5;
export const SENSOR_RING_PX = 1.5;

export interface SensorMarkerStyle {
  fill: Rgba;
  line: Rgba;
}

export function sensorMarkerStyle(health: SensorHealth, department: Rgb, faded: boolean): SensorMarkerStyle {
  const dim = (alpha: number) => (faded ? Math.round(alpha / 3) : alpha);
  if (health === 'ok')
    return {
      fill: [...SENSOR_BODY, dim(210)],
      line: [department[0], department[1], department[2], dim(235)],
    };
  if (health === 'stale') return { fill: [...SENSOR_BODY, dim(120)], line: [...SENSOR_STALE, dim(140)] };
  return { fill: [0, 0, 0, 0], line: [...SENSOR_STALE, dim(70)] };
}
