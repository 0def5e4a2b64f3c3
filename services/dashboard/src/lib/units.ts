/**
 * The units board's rules: status names, the order units are listed in (busy first, longest busy first),
 * per-department counts, and which units the map draws (on scene, with a place).
 */
import { type Department, UNIT_STATUSES, type UnitStatus, type UnitView } from '@twin/domain';
import { formatDuration } from './format.js';

const LABELS: Record<UnitStatus, string> = {
  available: 'Available',
  dispatched: 'Dispatched',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_hospital: 'At hospital',
  out_of_service: 'Out of service',
};

/** A one-character mark per status, so the status reads without its colour (and in a narrow column). */
const MARKS: Record<UnitStatus, string> = {
  available: '○',
  dispatched: '➜',
  on_scene: '●',
  transporting: '⇢',
  at_hospital: '✚',
  out_of_service: '⊘',
};

export function unitStatusLabel(status: UnitStatus): string {
  return LABELS[status] ?? status;
}

export function unitStatusMark(status: UnitStatus): string {
  return MARKS[status] ?? '?';
}

/** Busy first (the order of work: on scene, transporting, at hospital, dispatched), then available, then out. */
const RANK: Record<UnitStatus, number> = {
  on_scene: 0,
  transporting: 1,
  at_hospital: 2,
  dispatched: 3,
  available: 4,
  out_of_service: 5,
};

export function isBusy(status: UnitStatus): boolean {
  return RANK[status] < RANK.available;
}

/** How long the unit has had its status: "12 min" (never negative, whatever the clocks say). */
export function unitDuration(unit: Pick<UnitView, 'since'>, now: number): string {
  return formatDuration(now - unit.since);
}

export function compareUnits(a: UnitView, b: UnitView): number {
  return RANK[a.status] - RANK[b.status] || a.since - b.since || a.unit.localeCompare(b.unit);
}

export interface DepartmentUnits {
  department: Department | { id: string; name: string; color: [number, number, number] };
  /** Units per status, every status present (zeros included) in UNIT_STATUSES order. */
  counts: Record<UnitStatus, number>;
  units: UnitView[];
}

function emptyCounts(): Record<UnitStatus, number> {
  return Object.fromEntries(UNIT_STATUSES.map((s) => [s, 0])) as Record<UnitStatus, number>;
}

/** Units grouped per department in the city's order (departments without units left out), each sorted. */
export function unitsByDepartment(
  units: readonly UnitView[],
  departments: readonly Department[],
): DepartmentUnits[] {
  const groups = new Map<string, UnitView[]>();
  for (const unit of units) {
    const list = groups.get(unit.department) ?? [];
    list.push(unit);
    groups.set(unit.department, list);
  }
  const known = departments.filter((d) => groups.has(d.id));
  const unknownIds = [...groups.keys()].filter((id) => !departments.some((d) => d.id === id)).sort();
  return [
    ...known,
    ...unknownIds.map((id) => ({ id, name: id, color: [160, 160, 160] as [number, number, number] })),
  ].map((department) => {
    const list = (groups.get(department.id) ?? []).sort(compareUnits);
    const counts = emptyCounts();
    for (const unit of list) counts[unit.status] += 1;
    return { department, counts, units: list };
  });
}

/** Every unit, busiest and longest first: the order the wall lists them in, one board for all departments. */
export function sortUnits(units: readonly UnitView[]): UnitView[] {
  return [...units].sort(compareUnits);
}

/** Units the map draws: on scene and placed. */
export function unitsOnScene(units: readonly UnitView[]): UnitView[] {
  return units.filter((u) => u.status === 'on_scene' && u.lat !== null && u.lon !== null);
}
