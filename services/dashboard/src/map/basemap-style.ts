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
export function basemapLayers(): LayerSpecification[] {
  const base = layers(BASEMAP_SOURCE, namedFlavor('dark'), { lang: 'en' }) as unknown as LayerSpecification[];
  return [...base.filter((layer) => layer.type !== 'symbol'), BUILDINGS_3D_LAYER];
}

/** `tilesUrl` must be absolute (the pmtiles protocol fetches it with HTTP Range requests). */
export function basemapStyle(tilesUrl: string): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASEMAP_SOURCE]: { type: 'vector', url: `pmtiles://${tilesUrl}` },
    },
    layers: basemapLayers(),
  };
}

export function absoluteUrl(url: string, origin: string): string {
  return new URL(url, origin).href;
}
