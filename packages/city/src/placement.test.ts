import { describe, expect, it } from 'vitest';
import type { DistrictCollection } from './city-pack.js';
import { createDistrictIndex } from './district-index.js';
import { cellBounds } from './grid.js';
import { createPlacer, UNPLACED } from './placement.js';

/** 1° cells: the arithmetic of every expected cell below can be checked by hand. */
const ONE_DEGREE = 111_320;

const rect = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];

// West and East share the boundary lon = 1.5, which cuts grid column 1 (lon 1.000038 … 2.000076 in row 0)
// in two.
const city: DistrictCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'West' },
      geometry: { type: 'Polygon', coordinates: rect(0, 0, 1.5, 2) },
    },
    {
      type: 'Feature',
      properties: { name: 'East' },
      geometry: { type: 'Polygon', coordinates: rect(1.5, 0, 3, 2) },
    },
  ],
};
const places = createPlacer(createDistrictIndex(city), ONE_DEGREE);

describe('createPlacer', () => {
  it.each([
    // [lon, lat, district, cell]
    [0.5, 0.5, 'West', '0:0'],
    [1.2, 0.5, 'West', '0:1'],
    // same cell, other side of the boundary: a second unit
    [1.8, 0.5, 'East', '0:1'],
    // row 1 is 1 / cos(1.5°) = 1.000343° wide: 2.5 / 1.000343 = 2.499 → column 2
    [2.5, 1.5, 'East', '1:2'],
  ])('places (%f, %f) in %s, cell %s', (lon, lat, district, cell) => {
    expect(places.place(lon, lat)).toEqual({ district, cell, outsideCity: false });
  });

  it('keeps a point outside every district, with its cell, flagged outsideCity', () => {
    // row 5 is 1 / cos(5.5°) = 1.004625° wide: 5 / 1.004625 = 4.977 → column 4
    expect(places.place(5, 5)).toEqual({ district: null, cell: '5:4', outsideCity: true });
    expect(places.place(-0.5, 0.5)).toEqual({ district: null, cell: '0:-1', outsideCity: true });
  });

  it('tells a missing position apart from one outside the city', () => {
    expect(places.place(null, null)).toEqual(UNPLACED);
    expect(places.place(undefined, 0.5)).toEqual(UNPLACED);
    expect(places.place(Number.NaN, 0.5)).toEqual(UNPLACED);
    expect(UNPLACED.outsideCity).toBe(false);
  });

  it('places a point exactly on a cell edge in the cell north of it, in its district', () => {
    // latitude 1 is the south edge of row 1 and inside West
    expect(places.place(0.5, 1)).toEqual({ district: 'West', cell: '1:0', outsideCity: false });
  });

  it('refuses a grid size that is not a positive number of metres', () => {
    expect(() => createPlacer(createDistrictIndex(city), 0)).toThrow(/cellMeters/);
    expect(() => createPlacer(createDistrictIndex(city), Number.NaN)).toThrow(/cellMeters/);
  });
});

describe('cells nest in districts', () => {
  // A deterministic scatter over and around the city (a linear congruential generator, so a failure
  // reproduces).
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const points = Array.from({ length: 5_000 }, () => [-1 + random() * 5, -1 + random() * 4] as const);
  const placed = points.map(([lon, lat]) => ({ lon, lat, ...places.place(lon, lat) }));

  it('gives a point the same district and cell every time', () => {
    for (const p of placed.slice(0, 500))
      expect(places.place(p.lon, p.lat)).toEqual({
        district: p.district,
        cell: p.cell,
        outsideCity: p.outsideCity,
      });
  });

  it('keeps every point inside the bounds of its cell', () => {
    for (const p of placed) {
      const [w, s, e, n] = cellBounds(p.cell!, ONE_DEGREE);
      expect(p.lon >= w && p.lon < e && p.lat >= s && p.lat < n, `${p.lon},${p.lat} in ${p.cell}`).toBe(true);
    }
  });

  it('makes each district count exactly the sum of its (district, cell) units', () => {
    const byDistrict = new Map<string | null, number>();
    const byUnit = new Map<string, { district: string | null; n: number }>();
    for (const p of placed) {
      byDistrict.set(p.district, (byDistrict.get(p.district) ?? 0) + 1);
      const key = `${p.district}|${p.cell}`;
      const unit = byUnit.get(key) ?? { district: p.district, n: 0 };
      unit.n += 1;
      byUnit.set(key, unit);
    }
    for (const [district, n] of byDistrict) {
      const sum = [...byUnit.values()].filter((u) => u.district === district).reduce((a, u) => a + u.n, 0);
      expect(sum, String(district)).toBe(n);
    }
    // the straddling cell 0:1 really is two units
    expect(byUnit.has('West|0:1')).toBe(true);
    expect(byUnit.has('East|0:1')).toBe(true);
    // and the scatter reached all three kinds of place
    expect(byDistrict.get('West')).toBeGreaterThan(0);
    expect(byDistrict.get('East')).toBeGreaterThan(0);
    expect(byDistrict.get(null)).toBeGreaterThan(0);
  });
});
