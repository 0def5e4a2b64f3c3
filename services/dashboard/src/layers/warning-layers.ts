/**
 * Other agencies' CAP warnings as translucent areas with an outline, coloured by CAP severity (the usual
 * warning scale: Extreme purple-red, Severe red, Moderate orange, Minor yellow, Unknown grey). Drawn over the
 * districts, under buildings and incidents, so what is inside a warning area stays readable.
 */
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { CapSeverity, WarningFeature, WarningProperties } from '@twin/domain';
import type { Rgb } from './colors.js';

export const WARNINGS_LAYER_ID = 'warnings';

export const SEVERITY_COLORS: Record<CapSeverity, Rgb> = {
  Extreme: [214, 36, 110],
  Severe: [235, 64, 52],
  Moderate: [245, 150, 40],
  Minor: [240, 220, 60],
  Unknown: [150, 150, 160],
};

const FILL_ALPHA = 64;
const LINE_ALPHA = 230;

export function buildWarningLayers(warnings: readonly WarningFeature[]): Layer[] {
  return [
    new GeoJsonLayer<WarningProperties>({
      id: WARNINGS_LAYER_ID,
      // NOTE: GeoJsonLayer accepts a FeatureCollection; its typings want the `geojson` package's types.
      data: { type: 'FeatureCollection', features: warnings } as never,
      visible: warnings.length > 0,
      stroked: true,
      filled: true,
      getFillColor: (f: { properties: WarningProperties }) => [
        ...SEVERITY_COLORS[f.properties.severity],
        FILL_ALPHA,
      ],
      getLineColor: (f: { properties: WarningProperties }) => [
        ...SEVERITY_COLORS[f.properties.severity],
        LINE_ALPHA,
      ],
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      pickable: true,
    }),
  ];
}
