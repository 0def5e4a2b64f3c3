/** Sensors: small dots in their department's colour; hollow and dim when offline or silent. */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { SensorView } from '@twin/domain';
import { type ColorOf, withAlpha } from './colors.js';

export type SensorHealth = 'ok' | 'stale' | 'offline';

/** A sensor is stale after missing three of its reports (at least a minute when its interval is unknown). */
export function sensorStaleAfterMs(sensor: SensorView): number {
  return Math.max(60_000, 3 * (sensor.intervalS ?? 0) * 1000);
}

export function sensorHealth(sensor: SensorView, now: number): SensorHealth {
  if (sensor.status === 'offline') return 'offline';
  if (sensor.lastSeen === null || now - sensor.lastSeen > sensorStaleAfterMs(sensor)) return 'stale';
  return 'ok';
}

export interface SensorLayerOptions {
  visible: boolean;
  colorOf: ColorOf;
  /** Clock used for staleness; pass a value that changes coarsely (e.g. every 10 s) to limit recolouring. */
  now: number;
  /** When a department filter is on, other departments' sensors fade out but stay for context. */
  department: string | null;
}

export function buildSensorLayers(sensors: readonly SensorView[], options: SensorLayerOptions): Layer[] {
  const { colorOf, now, department } = options;
  const faded = (sensor: SensorView) => department !== null && sensor.department !== department;
  return [
    new ScatterplotLayer<SensorView>({
      id: 'sensors',
      data: sensors,
      visible: options.visible,
      getPosition: (s) => [s.lon, s.lat],
      radiusUnits: 'pixels',
      getRadius: 4,
      stroked: true,
      filled: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getFillColor: (s) =>
        sensorHealth(s, now) === 'ok' ? withAlpha(colorOf(s.department), faded(s) ? 60 : 220) : [0, 0, 0, 0],
      getLineColor: (s) =>
        sensorHealth(s, now) === 'ok'
          ? [0, 0, 0, faded(s) ? 40 : 160]
          : withAlpha(colorOf(s.department), faded(s) ? 40 : 110),
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 200],
      updateTriggers: {
        getFillColor: [now, department, colorOf],
        getLineColor: [now, department, colorOf],
      },
    }),
  ];
}
