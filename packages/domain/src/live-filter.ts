/**
 * Which part of the city a live client asked for: departments and/or a bounding box, and whether it wants
 * readings at all. A wall screen takes the whole city; a department lead's tablet can take only its own
 * department; a map zoomed on one district only that box. Pure, so the server applies exactly the rules
 * the tests pin.
 */
import type { IncidentView, SensorView } from './views.js';

export interface LiveFilter {
  /** Only these departments (an incident matches when one of them owns it or assists); null = all. */
  departments: ReadonlySet<string> | null;
  /** [west, south, east, north] in degrees; null = everywhere. Things without a place match no box. */
  bbox: readonly [number, number, number, number] | null;
  /** False: no readings at all (incidents and sensor registrations only). */
  readings: boolean;
}

export const WHOLE_CITY: LiveFilter = { departments: null, bbox: null, readings: true };

function inBox(filter: LiveFilter, lon: number | null, lat: number | null): boolean {
  if (!filter.bbox) return true;
  if (lon === null || lat === null) return false;
  const [w, s, e, n] = filter.bbox;
  return lon >= w && lon <= e && lat >= s && lat <= n;
}

export function incidentMatches(filter: LiveFilter, incident: IncidentView): boolean {
  if (filter.departments) {
    const { departments } = filter;
    if (!departments.has(incident.department) && !incident.assisting.some((d) => departments.has(d)))
      return false;
  }
  return inBox(filter, incident.lon, incident.lat);
}

/** A sensor as far as filtering goes (a reading is filtered by the sensor that sent it). */
export type SensorPlace = Pick<SensorView, 'department' | 'lon' | 'lat'>;

export function sensorMatches(filter: LiveFilter, sensor: SensorPlace): boolean {
  if (filter.departments && !filter.departments.has(sensor.department)) return false;
  return inBox(filter, sensor.lon, sensor.lat);
}

export function isWholeCity(filter: LiveFilter): boolean {
  return filter.departments === null && filter.bbox === null;
}
