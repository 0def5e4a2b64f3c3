/** Small spherical-earth helpers over the domain's distance (packages/domain/src/geo.ts). */
import { distanceMeters } from '@twin/domain';

export interface Located {
  lat: number;
  lon: number;
}

/** Items within `radiusM` of a point, nearest first, each with its distance. */
export function nearby<T extends Located>(
  items: readonly T[],
  lat: number,
  lon: number,
  radiusM: number,
): Array<{ item: T; distanceM: number }> {
  const found: Array<{ item: T; distanceM: number }> = [];
  for (const item of items) {
    const distanceM = distanceMeters(lat, lon, item.lat, item.lon);
    if (distanceM <= radiusM) found.push({ item, distanceM });
  }
  return found.sort((a, b) => a.distanceM - b.distanceM);
}

/** A point to put a polygon's label on: the mean of its outer ring (good enough for neighbourhoods). */
export function ringCentroid(ring: ReadonlyArray<readonly number[]>): [number, number] | null {
  if (ring.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const point of ring) {
    x += point[0] ?? 0;
    y += point[1] ?? 0;
  }
  return [x / ring.length, y / ring.length];
}
