/**
 * The city pack's own buildings, extruded from their heights: what makes a city without a basemap still read
 * as a city (and, with a basemap, replaces the basemap's buildings so they are never drawn twice).
 */
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { BuildingCollection, BuildingFeature } from '../api/city.js';

export const BUILDINGS_LAYER_ID = 'city-buildings';
/** The basemap's building colour (basemap-style.ts), so both kinds of city look alike. */
const BUILDING_COLOR: [number, number, number, number] = [52, 59, 74, 235];

const NO_BUILDINGS: BuildingCollection = { type: 'FeatureCollection', features: [] };

export function buildBuildingLayers(buildings: BuildingCollection | null): Layer[] {
  return [
    new GeoJsonLayer<BuildingFeature['properties']>({
      id: BUILDINGS_LAYER_ID,
      // NOTE: GeoJsonLayer accepts a FeatureCollection; its typings want the `geojson` package's types.
      data: (buildings ?? NO_BUILDINGS) as never,
      visible: Boolean(buildings && buildings.features.length > 0),
      extruded: true,
      filled: true,
      stroked: false,
      wireframe: false,
      getElevation: (f: { properties: { height: number } }) => f.properties.height,
      getFillColor: BUILDING_COLOR,
      material: { ambient: 0.45, diffuse: 0.6, shininess: 16, specularColor: [60, 64, 72] },
      pickable: true,
    }),
  ];
}
