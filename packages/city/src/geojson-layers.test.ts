import { describe, expect, it } from 'vitest';
import { CityPackError } from './city-pack.js';
import { layerBBox, parseJsonText, readBuildings, readDistricts } from './geojson-layers.js';
import { square, squareBuildings, squareDistricts } from './test-fixtures.js';

function problems(read: () => unknown): string[] {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(CityPackError);
    return (err as CityPackError).problems;
  }
  throw new Error('expected a refusal');
}

describe('readDistricts', () => {
  it('keeps only the name property, from the field the pack names', () => {
    const districts = readDistricts(
      squareDistricts(['Altstadt', 'Au'], 11.5, 48.1, 0.01, 'NAME'),
      'd.geojson',
      'NAME',
    );
    expect(districts.features.map((f) => f.properties)).toEqual([{ name: 'Altstadt' }, { name: 'Au' }]);
    expect(layerBBox(districts)).toEqual([11.5, 48.1, 11.52, 48.11]);
  });

  it('accepts MultiPolygons and numeric names', () => {
    const value = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 7 },
          geometry: { type: 'MultiPolygon', coordinates: [square(1, 1, 1), square(3, 1, 1)] },
        },
      ],
    };
    expect(readDistricts(value, 'd.geojson', 'name').features[0]?.properties.name).toBe('7');
  });

  it.each([
    [
      'a Feature instead of a collection',
      { type: 'Feature', properties: {}, geometry: null },
      'd.geojson: must be a GeoJSON FeatureCollection with a "features" array (got type "Feature")',
    ],
    ['an array', [], 'd.geojson: must be a GeoJSON FeatureCollection with a "features" array (got an array)'],
    ['no features', { type: 'FeatureCollection', features: [] }, 'd.geojson: has no features'],
    [
      'a projected crs',
      {
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } },
        features: [],
      },
      'd.geojson: is in coordinate system "urn:ogc:def:crs:EPSG::3857"',
    ],
  ])('refuses %s', (_what, value, expected) => {
    expect(problems(() => readDistricts(value, 'd.geojson', 'name'))[0]).toContain(expected);
  });

  it('names every broken feature by index: no polygon, no name, projected, unclosed, too short', () => {
    const good = squareDistricts(['A']).features[0]!;
    const value = {
      type: 'FeatureCollection',
      features: [
        good,
        { ...good, geometry: { type: 'Point', coordinates: [11.5, 48.1] } },
        { ...good, properties: { NAME: 'B' } },
        { ...good, geometry: { type: 'Polygon', coordinates: square(1_280_000, 6_130_000, 1000) } },
        {
          ...good,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [11.5, 48.1],
                [11.6, 48.1],
                [11.6, 48.2],
                [11.5, 48.2],
              ],
            ],
          },
        },
        {
          ...good,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [11.5, 48.1],
                [11.6, 48.1],
                [11.5, 48.1],
              ],
            ],
          },
        },
        { ...good, geometry: null },
        'not a feature',
      ],
    };
    const found = problems(() => readDistricts(value, 'd.geojson', 'name'));
    expect(found).toEqual([
      'd.geojson: feature 1 has no polygon geometry: it must be a Polygon or MultiPolygon (got type "Point")',
      'd.geojson: feature 2 has no name in property "name" (its properties: NAME)',
      expect.stringMatching(
        /^d\.geojson: feature 3: position \(1280000, 6130000\) is not longitude\/latitude: the file looks projected \(e\.g\. EPSG:3857 metres\)/,
      ),
      'd.geojson: feature 4: coordinates[0] is not closed (its last position must repeat its first)',
      'd.geojson: feature 5: coordinates[0] must be a ring of at least 4 [longitude, latitude] positions',
      'd.geojson: feature 6 has no polygon geometry: it must be a Polygon or MultiPolygon (got none)',
      'd.geojson: feature 7 must be a GeoJSON Feature (got a string)',
      'd.geojson: feature 7 has no name in property "name" (it has no properties)',
    ]);
  });

  it('lists at most 20 problems of a file and counts the rest', () => {
    const value = squareDistricts(Array.from({ length: 30 }, () => ''));
    const found = problems(() => readDistricts(value, 'd.geojson', 'name'));
    expect(found).toHaveLength(21);
    expect(found[20]).toBe('d.geojson: … and 10 more problems');
  });
});

describe('readBuildings', () => {
  it('keeps only a numeric height in metres (numeric strings are read as numbers)', () => {
    const buildings = readBuildings(
      squareBuildings(
        [
          [11.5, 48.1, 12],
          [11.51, 48.1, '30.5'],
        ],
        0.001,
        'HOEHE',
      ),
      'b.geojson',
      'HOEHE',
    );
    expect(buildings.features.map((f) => f.properties)).toEqual([{ height: 12 }, { height: 30.5 }]);
  });

  it('names buildings without a height or with one that is not a height', () => {
    const value = JSON.parse(
      JSON.stringify(
        squareBuildings([
          [11.5, 48.1, 12],
          [11.5, 48.1, undefined],
          [11.5, 48.1, 'tall'],
          [11.5, 48.1, -3],
        ]),
      ),
    );
    expect(problems(() => readBuildings(value, 'b.geojson', 'height'))).toEqual([
      'b.geojson: feature 1 has no height in property "height" (its properties: osm_id)',
      'b.geojson: feature 2: "height" must be a height in metres from 0 to 1000 (got "tall")',
      'b.geojson: feature 3: "height" must be a height in metres from 0 to 1000 (got -3)',
    ]);
  });
});

describe('parseJsonText', () => {
  it('names the file and says when it looks truncated', () => {
    const text = JSON.stringify(squareDistricts(['A', 'B']));
    const found = problems(() => parseJsonText(text.slice(0, 120), 'districts.geojson'));
    expect(found[0]).toMatch(/^districts\.geojson: is not valid JSON \(the file looks truncated\)/);
    expect(problems(() => parseJsonText('{"type": nope}', 'x.geojson'))[0]).toMatch(
      /^x\.geojson: is not valid JSON: /,
    );
  });
});
