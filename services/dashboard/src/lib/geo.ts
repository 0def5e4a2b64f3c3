/** Small spherical-earth helpers: city-scale distances need nothing more precise than haversine. */
const EARTH_RADIUS_M = 6_371_008.8;

const toRad = (deg: number) => (deg * Math.PI) / 180;

export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

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
