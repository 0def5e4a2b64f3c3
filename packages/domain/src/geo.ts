/** Spherical-earth distances: city-scale distances need nothing more precise than haversine. */

/** The Earth's mean radius in metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS 84 points (haversine). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
