import { distanceMeters } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { nearby, ringCentroid } from './geo.js';

describe('distanceMeters', () => {
  it('gives about 111 km per degree of latitude', () => {
    expect(distanceMeters(37, -122, 38, -122)).toBeCloseTo(111_195, -2);
  });
});

describe('nearby', () => {
  it('keeps points within the radius, nearest first', () => {
    const items = [
      { id: 'far', lat: 37.8, lon: -122.42 },
      { id: 'near', lat: 37.7705, lon: -122.42 },
      { id: 'mid', lat: 37.776, lon: -122.42 },
    ];
    const found = nearby(items, 37.77, -122.42, 1000);
    expect(found.map((f) => f.item.id)).toEqual(['near', 'mid']);
    expect(found[0]?.distanceM).toBeCloseTo(55.6, 0);
  });
});

describe('ringCentroid', () => {
  it('averages the ring and handles an empty ring', () => {
    expect(
      ringCentroid([
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
      ]),
    ).toEqual([1, 1]);
    expect(ringCentroid([])).toBeNull();
  });
});
