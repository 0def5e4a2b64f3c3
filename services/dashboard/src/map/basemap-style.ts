/**
 * The offline basemap: Protomaps' dark flavour over the city's PMTiles file, served by our own server.
 * Nothing in this style points off the machine: no glyphs, no sprite, no remote source.
 */
import { layers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const BASEMAP_SOURCE = 'protomaps';

/** Buildings get 3D height from the basemap's `height`/`min_height` (present from zoom 13). */
export const BUILDINGS_3D_LAYER: LayerSpecification = {
  id: 'buildings-3d',
  type: 'fill-extrusion',
  source: BASEMAP_SOURCE,
  'source-layer': 'buildings',
  minzoom: 13,
  paint: {
    'fill-extrusion-color': '#2a2f3a',
    'fill-extrusion-height': ['coalesce', ['get', 'height'], 6],
    'fill-extrusion-base': ['coalesce', ['get', 'min_height'], 0],
    'fill-extrusion-opacity': 0.85,
  },
};

/**
 * NOTE: symbol layers need glyph (and sprite) files, which we neither ship nor may fetch; MapLibre would
 * request them and log errors. Labels come from deck.gl's TextLayer (browser fonts) instead.
 */
export function basemapLayers(options: { buildings?: boolean } = {}): LayerSpecification[] {
  const base = layers(BASEMAP_SOURCE, namedFlavor('dark'), { lang: 'en' }) as unknown as LayerSpecification[];
  const withoutLabels = base.filter((layer) => layer.type !== 'symbol');
  return options.buildings === false ? withoutLabels : [...withoutLabels, BUILDINGS_3D_LAYER];
}

/**
 * `tilesUrl` must be absolute (the pmtiles protocol fetches it with HTTP Range requests). `buildings: false`
 * leaves the basemap's own 3D buildings out, for a pack that brings its own (drawn by deck.gl): one source
 * of buildings, never two overlapping ones.
 */
export function basemapStyle(tilesUrl: string, options: { buildings?: boolean } = {}): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASEMAP_SOURCE]: { type: 'vector', url: `pmtiles://${tilesUrl}` },
    },
    layers: basemapLayers(options),
  };
}

/** The ground colour of a city without a basemap: districts are drawn as land over it. */
export const PLAIN_BACKGROUND = '#05070b';

/** A city without a (working) basemap: a plain dark background; deck.gl draws districts and buildings on it. */
export function plainStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } }],
  };
}

export function absoluteUrl(url: string, origin: string): string {
  return new URL(url, origin).href;
}
