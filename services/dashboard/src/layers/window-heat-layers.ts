/**
 * Where a replayed window's incidents were: a heatmap of every incident the window touched (the analysis
 * panel turns it on), drawn under the districts' outlines and the incidents at the playhead.
 */

import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';

export const WINDOW_HEAT_LAYER_ID = 'window-heat';

/** An incident's place and weight (its severity: a critical call weighs more than a minor one). */
export interface HeatPoint {
  position: [number, number];
  weight: number;
}

export function buildWindowHeatLayers(points: readonly HeatPoint[]): Layer[] {
  return [
    new HeatmapLayer<HeatPoint>({
      id: WINDOW_HEAT_LAYER_ID,
      data: points,
      getPosition: (p) => p.position,
      getWeight: (p) => p.weight,
      radiusPixels: 40,
      intensity: 1,
      threshold: 0.05,
      pickable: false,
    }),
  ];
}
