import { describe, expect, it } from 'vitest';
import { absoluteUrl, basemapStyle } from './basemap-style.js';

describe('basemapStyle', () => {
  const style = basemapStyle('http://127.0.0.1:8080/tiles/sf.pmtiles');

  it('reads the local PMTiles file and nothing remote', () => {
    expect(style.sources).toEqual({
      protomaps: { type: 'vector', url: 'pmtiles://http://127.0.0.1:8080/tiles/sf.pmtiles' },
    });
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  it('has no symbol layers (they would need glyphs) and extrudes buildings', () => {
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
    const buildings = style.layers.find((l) => l.type === 'fill-extrusion');
    expect(buildings).toMatchObject({ source: 'protomaps', 'source-layer': 'buildings' });
    expect(JSON.stringify(buildings)).toContain('"height"');
    expect(JSON.stringify(buildings)).toContain('"min_height"');
    expect(style.layers.length).toBeGreaterThan(30);
  });

  it('resolves the server-relative tiles URL against the page origin', () => {
    expect(absoluteUrl('/tiles/sf.pmtiles', 'http://wall.local:8080')).toBe(
      'http://wall.local:8080/tiles/sf.pmtiles',
    );
  });
});
