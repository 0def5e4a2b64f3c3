/**
 * Whether a place lies in a rule's area: a district (by name), a grid cell ("row:col" as the city's grid
 * names it) or a circle around a point. The caller places the point (packages/city: district index and grid)
 * and passes the result in, so this stays pure.
 */
import type { RuleArea } from './rule-schema.js';

export interface RulePlace {
  lat: number | null;
  lon: number | null;
  district: string | null;
  cell: string | null;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** No area (undefined or null) is the whole city: every place matches, also one without a position. */
export function inArea(area: RuleArea | null | undefined, place: RulePlace): boolean {
  if (!area) return true;
  if ('district' in area) return place.district === area.district;
  if ('cell' in area) return place.cell === area.cell;
  if (place.lat === null || place.lon === null) return false;
  return distanceM(place.lat, place.lon, area.near.lat, area.near.lon) <= area.near.radiusM;
}
