/**
 * Who plays which part in the demo, for whichever city pack runs. The incident templates, unit names and real
 * fire/EMS calls are written for seven roles (fire, ems, police, public-works, transport, environment,
 * water); a pack's department takes a role by its id or, failing that, by its icon ("fdny" with icon "fire"
 * plays fire). A department with no role gets generic service requests; a role no department plays is left
 * out (with its cross-department steps). A pack that lists no department at all gets the starter set.
 */
import { type PackDepartment, STARTER_DEPARTMENTS } from '@twin/city';

export const ROLES = ['fire', 'ems', 'police', 'public-works', 'transport', 'environment', 'water'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_BY_ICON: Readonly<Record<string, Role>> = {
  fire: 'fire',
  ambulance: 'ems',
  shield: 'police',
  wrench: 'public-works',
  bus: 'transport',
  leaf: 'environment',
  droplet: 'water',
};

export interface SimDepartment {
  id: string;
  name: string;
  /** The part it plays in the demo; null = generic service requests only. */
  role: Role | null;
}

const isRole = (id: string): id is Role => (ROLES as readonly string[]).includes(id);

/** The demo's cast from a pack's department list. */
export function castDepartments(departments: readonly PackDepartment[]): SimDepartment[] {
  const listed = departments.length > 0 ? departments : STARTER_DEPARTMENTS;
  return listed.map((d) => ({
    id: d.id,
    name: d.name,
    role: isRole(d.id) ? d.id : (ROLE_BY_ICON[d.icon] ?? null),
  }));
}

/** The cast of the built-in seven (a SimCity built without a department list, e.g. in tests). */
const DEFAULT_CAST = castDepartments([]);

export function castOf(departments: readonly SimDepartment[] | undefined): readonly SimDepartment[] {
  return departments ?? DEFAULT_CAST;
}

/** The department that plays `role` in this city (the first listed), or null when none does. */
export function departmentFor(
  departments: readonly SimDepartment[] | undefined,
  role: string,
): string | null {
  return castOf(departments).find((d) => d.role === role)?.id ?? null;
}

/** The role a department plays; an unknown id plays itself (so built-in ids keep their unit names). */
export function roleOf(departments: readonly SimDepartment[] | undefined, id: string): string {
  return castOf(departments).find((d) => d.id === id)?.role ?? id;
}

export function nameOf(departments: readonly SimDepartment[] | undefined, id: string): string {
  return castOf(departments).find((d) => d.id === id)?.name ?? id;
}
