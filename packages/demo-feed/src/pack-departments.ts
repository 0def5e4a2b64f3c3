/**
 * The demo feed's catalogue (incident-catalog.ts, sensor-fleet.ts) is written for a city's usual services:
 * fire, EMS, police, public works, transport, environment and water. A city pack lists its own departments,
 * so the feed speaks as the pack's departments: a catalogue department the pack lists keeps its id, any other
 * is played by one of the pack's departments (chosen by position, so the mapping is stable). The demo thus
 * never invents a department the city does not have.
 */
import type { IncidentScript } from './incident-scripts.js';

/** The catalogue's departments, in the order used to spread them over a pack's own. */
export const CATALOGUE_DEPARTMENTS = [
  'fire',
  'ems',
  'police',
  'public-works',
  'transport',
  'environment',
  'water',
] as const;

export type DepartmentMap = (catalogueDepartment: string) => string;

/** Catalogue department → the pack department that plays it. With no pack departments, ids pass unchanged. */
export function packDepartmentMap(packIds: readonly string[]): DepartmentMap {
  if (packIds.length === 0) return (id) => id;
  const listed = new Set(packIds);
  const unlisted = packIds.filter((id) => !(CATALOGUE_DEPARTMENTS as readonly string[]).includes(id));
  // Catalogue departments the pack lacks go first to the pack's departments the catalogue lacks, then round.
  const stand = unlisted.length > 0 ? unlisted : packIds;
  const missing = CATALOGUE_DEPARTMENTS.filter((id) => !listed.has(id));
  const table = new Map<string, string>(missing.map((id, i) => [id, stand[i % stand.length]!]));
  return (id) => (listed.has(id) ? id : (table.get(id) ?? packIds[0]!));
}

/**
 * A planned script as the pack's departments play it. An assist request or hand-over that now targets the
 * department that would send it is left out: asking oneself for help is not an event anyone would see.
 */
export function scriptForPack(script: IncidentScript, map: DepartmentMap): IncidentScript {
  const events = script.events.flatMap((e) => {
    const department = map(e.department);
    if (e.event.toDepartment === undefined) return [{ ...e, department }];
    const toDepartment = map(e.event.toDepartment);
    return toDepartment === department ? [] : [{ ...e, department, event: { ...e.event, toDepartment } }];
  });
  return { ...script, reportedBy: map(script.reportedBy), finalOwner: map(script.finalOwner), events };
}
