/**
 * Sensors on the map from the live sensor store's typed arrays (deck.gl binary attributes): no accessor
 * runs per sensor, and a readings delta that changes no marker does not touch the layer at all. Each is
 * drawn as its kind's shape.
 */
import type { Layer } from '@deck.gl/core';
import type { SensorLayerData } from '../live/sensor-store.js';
import { SensorShapeLayer } from './sensor-shape-layer.js';
import { SENSOR_RADIUS_PX, SENSOR_RING_PX } from './sensor-style.js';

export { type SensorHealth, sensorHealth, sensorStaleAfterMs } from './sensor-style.js';

export const SENSORS_LAYER_ID = 'sensors';

export interface SensorLayerOptions {
  visible: boolean;
}

export function buildSensorLayers(data: SensorLayerData, options: SensorLayerOptions): Layer[] {
  return [
    // Each kind its shape (sensor-shapes.ts), the ring its department's colour.
    new SensorShapeLayer({
      id: SENSORS_LAYER_ID,
      data,
      visible: options.visible,
      radiusUnits: 'pixels',
      getRadius: SENSOR_RADIUS_PX,
      stroked: true,
      filled: true,
      lineWidthUnits: 'pixels',
      getLineWidth: SENSOR_RING_PX,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 200],
    }),
  ];
}
