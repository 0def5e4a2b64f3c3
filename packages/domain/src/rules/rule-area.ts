/**
 * Whether a place lies in a rule's area: a district (by name), a grid cell ("row:col" as the city's grid
 * names it) or a circle around a point. The caller places the point (packages/city: district index and grid)
 * and passes the result in, so this stays pure.
 */
import { distanceMeters } from '../geo.js';
import type { RuleArea } from './rule-schema.js';

export interface RulePlace {
  lat: number | null;
  lon: number | null;
  district: string | null;
  cell: string | null;
}

/** No area (undefined or null) is the whole city: every place matches, also one without a position. */
export function inArea(area: RuleArea | null | undefined, place: RulePlace): boolean {
  if (!area) return true;
  if ('district' in area) return place.district === area.district;
  if ('cell' in area) return place.cell === area.cell;
  if (place.lat === null || place.lon === null) return false;
  return distanceMeters(place.lat, place.lon, area.near.lat, area.near.lon) <= area.near.radiusM;
}
