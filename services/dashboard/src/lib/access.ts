/** Words for roles and accounts, and the admin forms' checks. Pure, so they are tested without a browser. */
import { isAdmin, type Principal, ROLES, type Role } from '@twin/domain';
import type { RouteName } from '../router/routes.js';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  command: 'Command',
  lead: 'Department lead',
  analyst: 'Analyst',
  kiosk: 'Wall display',
};

/** What each role may do, in a line, for the admin's role picker. */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'manages users and access; acts for every department',
  command: 'acts for every department',
  lead: 'acts for one department',
  analyst: 'reads, replays and exports; cannot act',
  kiosk: 'reads only (for wall screens; prefer a kiosk link)',
};

export const ROLE_OPTIONS: readonly Role[] = ROLES;

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role] ?? role;
}

/** "Department lead · Fire", "Command", "Analyst". */
export function roleAndDepartment(
  principal: Pick<Principal, 'role' | 'department'>,
  nameOf: (departmentId: string) => string,
): string {
  const role = roleLabel(principal.role);
  return principal.department ? `${role} · ${nameOf(principal.department)}` : role;
}

/** Server times come as epoch milliseconds or ISO strings; null when absent or unreadable. */
export function toMillis(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** "never", "just now", "5 min ago", "3 h ago", "12 d ago". */
export function formatAgo(value: number | string | null | undefined, now: number): string {
  const ms = toMillis(value);
  if (ms === null) return 'never';
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return 'just now';
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  department: string;
  password: string;
}

export interface ValidUser {
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  password: string;
}

/**
 * The form's values as the server expects them, or `field: plain words` for the first thing to fix.
 * Only what the form itself can know: the server checks the rest (taken names, password strength).
 */
export function validateUserForm(
  values: UserFormValues,
  options: { requirePassword: boolean },
): { user: ValidUser } | { error: string } {
  const username = values.username.trim();
  const displayName = values.displayName.trim() || username;
  if (!username) return { error: 'User name: enter one (e.g. j.doe).' };
  if (/\s/.test(username)) return { error: 'User name: no spaces.' };
  if (!ROLES.includes(values.role)) return { error: 'Role: choose one.' };
  // NOTE: a lead acts for exactly one department and nobody else has one (packages/domain access.ts).
  const department = values.role === 'lead' ? values.department || null : null;
  if (values.role === 'lead' && !department) return { error: 'Department: a lead needs a department.' };
  if (options.requirePassword && !values.password) return { error: 'Password: enter a first password.' };
  return { user: { username, displayName, role: values.role, department, password: values.password } };
}

/**
 * Which views a principal is offered (the server still refuses what a role may not do). Users & access is
 * for admins; a kiosk wall shows the wall and nothing else; every other view only reads.
 */
export function mayOpenView(route: RouteName, me: Pick<Principal, 'role'>): boolean {
  if (me.role === 'kiosk') return route === 'wall';
  if (route === 'admin') return isAdmin(me);
  return true;
}
