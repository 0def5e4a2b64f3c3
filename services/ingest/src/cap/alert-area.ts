/**
 * The area of a public alert, as the lead chose it: the incident's district (the default), another district
 * of the city pack, or a polygon the lead drew. Districts give their outer rings: CAP has no holes, so a
 * district's holes are left out (the alert covers a little more, never less).
 */
import type { DistrictCollection } from '@twin/city';
import type { AlertArea, Ring } from '@twin/domain/cap';

export type AreaChoice = 'incident-district' | { district: string } | { polygon: number[][] };

/** The outer rings of a district, or null when the pack has no such district. */
export function districtRings(districts: DistrictCollection, name: string): Ring[] | null {
  const feature = districts.features.find((f) => f.properties.name === name);
  if (!feature) return null;
  const g = feature.geometry;
  return g.type === 'Polygon' ? [g.coordinates[0]!] : g.coordinates.map((p) => p[0]!);
}

/** The area, or the reason it cannot be used (a 400). */
export function resolveAlertArea(
  choice: AreaChoice,
  districts: DistrictCollection,
  incident: { district: string | null },
): AlertArea | string {
  if (choice === 'incident-district') {
    if (incident.district === null)
      return 'area: the incident is in no district of the city (or has no position yet); name a district or draw a polygon';
    const rings = districtRings(districts, incident.district);
    return rings
      ? { name: incident.district, rings }
      : `area: district "${incident.district}" has no shape in the city pack`;
  }
  if ('district' in choice) {
    const rings = districtRings(districts, choice.district);
    return rings
      ? { name: choice.district, rings }
      : `area.district: "${choice.district}" is not a district of the city`;
  }
  const problems: string[] = [];
  choice.polygon.forEach((p, i) => {
    const [lon, lat] = p as [number, number];
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
      problems.push(`area.polygon[${i}]: [${p.join(', ')}] is not [longitude, latitude] in range`);
  });
  const distinct = new Set(choice.polygon.map((p) => p.join(','))).size;
  if (distinct < 3) problems.push(`area.polygon: needs at least 3 distinct points, got ${distinct}`);
  if (problems.length > 0) return problems.join('; ');
  const name = incident.district === null ? 'Area drawn by the department' : `Part of ${incident.district}`;
  return { name, rings: [choice.polygon] };
}
