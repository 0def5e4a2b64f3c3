/**
 * Pure department bookkeeping of the dashboard: which department ids the incidents and sensors on screen
 * name, and which of them the department list does not know yet (a department registered after the list
 * was fetched: the server registers an unlisted department with its first event or sensor).
 */
import type { Department, IncidentView } from '@twin/domain';

/** Every department an incident or sensor names: owner, reporter, assisting, units' departments. */
export function departmentIdsIn(
  incidents: readonly IncidentView[],
  sensorDepartments: Iterable<string>,
): Set<string> {
  const ids = new Set<string>();
  for (const i of incidents) {
    ids.add(i.department);
    ids.add(i.reportedBy);
    for (const d of i.assisting) ids.add(d);
    for (const u of i.units) ids.add(u.department);
  }
  for (const d of sensorDepartments) ids.add(d);
  return ids;
}

/**
 * The ids to ask the server about: not in the list, and not asked about before. NOTE: each id is asked
 * about once, so an id the server does not know either (a sensor's status that came before its
 * registration) cannot make the dashboard refetch in a loop.
 */
export function departmentsToAskAbout(
  seen: Iterable<string>,
  known: readonly Department[],
  asked: ReadonlySet<string>,
): string[] {
  const knownIds = new Set(known.map((d) => d.id));
  return [...seen].filter((id) => !knownIds.has(id) && !asked.has(id));
}

/** Open incidents per department, in the list's order: the pack's, then unlisted ones. */
export function legendEntries(
  departments: readonly Department[],
  counts: ReadonlyMap<string, number>,
): { department: Department; count: number }[] {
  return departments.map((department) => ({ department, count: counts.get(department.id) ?? 0 }));
}

/**
 * The name a department goes by in tight places (the city pack's short name: "EMS", "DPW"), so a column never
 * cuts "Emergency M…"; a department without one reads by its full name.
 */
export function shortNameOf(department: { name: string; shortName?: string }): string {
  return department.shortName || department.name;
}
