import { beforeAll, describe, expect, it } from 'vitest';
import type { DistrictCollection } from './city-pack.js';
import { createDistrictIndex } from './district-index.js';
import { type CityPack, loadCityPack } from './load-city-pack.js';

const SF_DIR = new URL('../../../data/cities/sf', import.meta.url).pathname;

describe('district index over the real SF neighbourhoods', () => {
  let pack: CityPack;
  beforeAll(async () => {
    pack = await loadCityPack(SF_DIR);
  });

  it('loads every neighbourhood with only its name', () => {
    expect(pack.manifest.id).toBe('sf');
    expect(pack.districts.features).toHaveLength(37);
    expect(pack.districtIndex.names).toContain('Mission');
    expect(pack.districtIndex.names).toContain('Golden Gate Park');
    for (const f of pack.districts.features) expect(Object.keys(f.properties)).toEqual(['name']);
    expect(pack.basemap).toMatchObject({ status: 'ok', file: 'sf.pmtiles' });
    expect(pack.basemap.status === 'ok' && pack.basemap.path.endsWith('/data/cities/sf/sf.pmtiles')).toBe(
      true,
    );
    expect(pack.buildings).toBeNull();
  });

  it.each([
    // [lat, lon, expected] — names as spelled in data/cities/sf/sf-neighborhoods.geojson
    [37.76, -122.415, 'Mission'],
    [37.7694, -122.4862, 'Golden Gate Park'],
    [37.7946, -122.3999, 'Financial District'],
    [37.8087, -122.4098, 'North Beach'],
  ])('locates (%f, %f) in %s', (lat, lon, name) => {
    expect(pack.districtIndex.locate(lon, lat)).toBe(name);
  });

  it('does not confuse lat and lon order', () => {
    expect(pack.districtIndex.locate(37.76, -122.415)).toBeNull();
  });

  it.each([
    ['the Pacific Ocean', 37.75, -122.55],
    ['the Golden Gate strait', 37.8199, -122.4783],
    ['New York', 40.7128, -74.006],
    ['null island', 0, 0],
  ])('returns null in %s', (_label, lat, lon) => {
    expect(pack.districtIndex.locate(lon, lat)).toBeNull();
  });

  it('returns null for non-finite coordinates', () => {
    const { locate } = pack.districtIndex;
    expect(locate(Number.NaN, 37.76)).toBeNull();
    expect(locate(-122.415, Number.NaN)).toBeNull();
    expect(locate(Number.POSITIVE_INFINITY, 37.76)).toBeNull();
    expect(locate(-122.415, Number.NEGATIVE_INFINITY)).toBeNull();
  });

  it('rejects a folder without a city pack, naming the expected file', async () => {
    await expect(loadCityPack('/nonexistent/city')).rejects.toThrow(/city\.json/);
  });
});

describe('createDistrictIndex (synthetic)', () => {
  const square = (x0: number, y0: number, size: number) => [
    [
      [x0, y0],
      [x0 + size, y0],
      [x0 + size, y0 + size],
      [x0, y0 + size],
      [x0, y0],
    ],
  ];
  const collection: DistrictCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'A' },
        geometry: { type: 'Polygon', coordinates: square(0, 0, 1) },
      },
      {
        type: 'Feature',
        properties: { name: 'B' },
        // two islands: the bounding box covers the gap between them, the polygon test must not
        geometry: { type: 'MultiPolygon', coordinates: [square(2, 0, 1), square(4, 0, 1)] },
      },
    ],
  };
  const index = createDistrictIndex(collection);

  it('lists names in file order', () => {
    expect(index.names).toEqual(['A', 'B']);
  });

  it('finds points in polygons and multipolygon parts', () => {
    expect(index.locate(0.5, 0.5)).toBe('A');
    expect(index.locate(2.5, 0.5)).toBe('B');
    expect(index.locate(4.5, 0.5)).toBe('B');
  });

  it('returns null inside a bounding box but outside every polygon', () => {
    expect(index.locate(3.5, 0.5)).toBeNull();
    expect(index.locate(1.5, 0.5)).toBeNull();
    expect(index.locate(0.5, 1.5)).toBeNull();
  });

  it('handles an empty collection', () => {
    const empty = createDistrictIndex({ type: 'FeatureCollection', features: [] });
    expect(empty.names).toEqual([]);
    expect(empty.locate(0, 0)).toBeNull();
  });
});
