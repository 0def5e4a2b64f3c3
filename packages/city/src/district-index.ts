/**
 * Point → district lookup. Districts are few (tens), so a bounding-box pre-filter in front of an exact
 * point-in-polygon test (turf) is all the index needed; a city with thousands of areas would swap in an
 * R-tree here without changing the interface.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { DistrictCollection, DistrictFeature } from './city-pack.js';

export interface DistrictIndex {
  names: string[];
  locate(lon: number, lat: number): string | null;
}

type BBox = [number, number, number, number];

function bboxOf(feature: DistrictFeature): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const rings =
    feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring as [number, number][]) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

export function createDistrictIndex(collection: DistrictCollection): DistrictIndex {
  const entries = collection.features.map((feature) => ({ feature, box: bboxOf(feature) }));
  return {
    names: entries.map((e) => e.feature.properties.name),
    locate(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      for (const { feature, box } of entries) {
        if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
        if (booleanPointInPolygon([lon, lat], feature)) return feature.properties.name;
      }
      return null;
    },
  };
}
