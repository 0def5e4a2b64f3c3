/** District outlines and names: the spatial frame the wall screen is read against. */
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { DistrictCollection, DistrictFeature } from '../api/city.js';
import { type Rgba, shadeColor } from '../lib/district-shade.js';
import { ringCentroid } from '../lib/geo.js';

export interface DistrictLabel {
  name: string;
  position: [number, number];
}

export interface DistrictLayerOptions {
  visible: boolean;
  /** A district selected by the filter is outlined brighter. */
  highlighted: string | null;
  showLabels: boolean;
  /** Fill every district as land (a city drawn without a basemap); otherwise only the highlighted one. */
  landFill?: boolean;
  /** Open incidents per district: districts are shaded by them (the wall); null = no shading. */
  openCounts?: ReadonlyMap<string, number> | null;
}

/** Land in a city without a basemap: a step above the plain background, below the buildings' grey. */
export const LAND_FILL: Rgba = [22, 28, 40, 255];

export const FONT_FAMILY = "system-ui, 'DejaVu Sans', sans-serif";

const labelCache = new WeakMap<DistrictCollection, DistrictLabel[]>();

function outerRing(feature: DistrictFeature): ReadonlyArray<readonly number[]> {
  const { type, coordinates } = feature.geometry;
  if (type === 'Polygon') return ((coordinates as number[][][])[0] ?? []) as number[][];
  // NOTE: for a multipolygon the largest part carries the name (islands would pull the label into the bay).
  const polygons = coordinates as number[][][][];
  let best: number[][] = [];
  for (const polygon of polygons) {
    const ring = polygon[0] ?? [];
    if (ring.length > best.length) best = ring;
  }
  return best;
}

/** One label point per district, computed once per collection object so TextLayer's data stays stable. */
export function districtLabels(districts: DistrictCollection): DistrictLabel[] {
  const cached = labelCache.get(districts);
  if (cached) return cached;
  const labels: DistrictLabel[] = [];
  for (const feature of districts.features) {
    const position = ringCentroid(outerRing(feature));
    if (position && feature.properties.name) labels.push({ name: feature.properties.name, position });
  }
  labelCache.set(districts, labels);
  return labels;
}

export function buildDistrictLayers(
  districts: DistrictCollection | null,
  options: DistrictLayerOptions,
): Layer[] {
  const data = districts ?? EMPTY_COLLECTION;
  return [
    new GeoJsonLayer<DistrictFeature['properties']>({
      id: 'districts',
      // NOTE: GeoJsonLayer accepts a FeatureCollection; its typings want the `geojson` package's types.
      data: data as never,
      visible: options.visible,
      stroked: true,
      filled: true,
      getFillColor: (f: { properties: { name: string } }) => {
        const base: Rgba = options.landFill ? LAND_FILL : [0, 0, 0, 0];
        if (f.properties.name === options.highlighted)
          return options.landFill ? [44, 52, 70, 255] : [255, 255, 255, 28];
        const counts = options.openCounts;
        return counts ? shadeColor(counts.get(f.properties.name) ?? 0, base) : base;
      },
      getLineColor: (f: { properties: { name: string } }) =>
        f.properties.name === options.highlighted ? [255, 255, 255, 230] : [150, 170, 200, 110],
      getLineWidth: (f: { properties: { name: string } }) =>
        f.properties.name === options.highlighted ? 3 : 1,
      lineWidthUnits: 'pixels',
      pickable: false,
      updateTriggers: {
        getFillColor: [options.highlighted, options.landFill, options.openCounts],
        getLineColor: options.highlighted,
        getLineWidth: options.highlighted,
      },
    }),
    new TextLayer<DistrictLabel>({
      id: 'district-labels',
      data: districts ? districtLabels(districts) : [],
      visible: options.visible && options.showLabels,
      getPosition: (d) => d.position,
      getText: (d) => d.name,
      // City packs name districts in their own language: build the glyphs from the names, not ASCII.
      characterSet: 'auto',
      getSize: 12,
      getColor: [200, 210, 230, 170],
      fontFamily: FONT_FAMILY,
      fontWeight: 600,
      outlineWidth: 3,
      outlineColor: [0, 0, 0, 200],
      fontSettings: { sdf: true },
      billboard: true,
      pickable: false,
    }),
  ];
}

const EMPTY_COLLECTION: DistrictCollection = { type: 'FeatureCollection', features: [] };
