import type { DistrictCollection } from '@twin/city';
import { describe, expect, it } from 'vitest';
import { districtRings, resolveAlertArea } from './alert-area.js';

const ring = (x: number) => [
  [x, 0],
  [x + 1, 0],
  [x + 1, 1],
  [x, 0],
];
const hole = [
  [0.2, 0.2],
  [0.4, 0.2],
  [0.4, 0.4],
  [0.2, 0.2],
];
const districts: DistrictCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Mission' },
      geometry: { type: 'Polygon', coordinates: [ring(0), hole] },
    },
    {
      type: 'Feature',
      properties: { name: 'Islands' },
      geometry: { type: 'MultiPolygon', coordinates: [[ring(5)], [ring(8), hole]] },
    },
  ],
};

describe('alert areas', () => {
  it("takes a district's outer rings (CAP has no holes), one per part", () => {
    expect(districtRings(districts, 'Mission')).toEqual([ring(0)]);
    expect(districtRings(districts, 'Islands')).toEqual([ring(5), ring(8)]);
    expect(districtRings(districts, 'Atlantis')).toBeNull();
  });

  it("defaults to the incident's district, or says why it cannot", () => {
    expect(resolveAlertArea('incident-district', districts, { district: 'Mission' })).toEqual({
      name: 'Mission',
      rings: [ring(0)],
    });
    expect(resolveAlertArea('incident-district', districts, { district: null })).toMatch(
      /^area: the incident is in no district/,
    );
    expect(resolveAlertArea({ district: 'Islands' }, districts, { district: 'Mission' })).toMatchObject({
      name: 'Islands',
    });
    expect(resolveAlertArea({ district: 'Atlantis' }, districts, { district: null })).toBe(
      'area.district: "Atlantis" is not a district of the city',
    );
  });

  it('takes a drawn polygon of at least three distinct points in range, named after the district', () => {
    const drawn = [
      [0.1, 0.1],
      [0.5, 0.1],
      [0.5, 0.5],
    ];
    expect(resolveAlertArea({ polygon: drawn }, districts, { district: 'Mission' })).toEqual({
      name: 'Part of Mission',
      rings: [drawn],
    });
    const bad = [
      [0, 0],
      [0, 0],
      [200, 95],
    ];
    expect(resolveAlertArea({ polygon: bad }, districts, { district: null })).toBe(
      'area.polygon[2]: [200, 95] is not [longitude, latitude] in range; area.polygon: needs at least 3 distinct points, got 2',
    );
  });
});
