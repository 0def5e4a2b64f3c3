/**
 * Who is who: the roles a signed-in user, an API token or a kiosk link can hold, and the principal the
 * server derives from the session or credentials (never from a request body). Defined once here so the
 * server's guard, its `/api/v1/me` response and the dashboard read the same shape.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './incident-state.js';

/**
 * - admin: manages users, tokens and kiosk links, and may do everything command may;
 * - command: acts for every department (chooses which one per action);
 * - lead: acts for one department (its `department`): on that department's incidents, on those it is asked
 *   to assist, and on hand-overs offered to it;
 * - analyst: reads, replays and exports; never writes;
 * - kiosk: reads only, for the wall (an unattended screen opened with a kiosk link).
 */
export const ROLES = ['admin', 'command', 'lead', 'analyst', 'kiosk'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

/** Roles that may act on incidents. */
export const ACTING_ROLES: readonly Role[] = ['admin', 'command', 'lead'];

/** How the request proved who it is. */
export const PRINCIPAL_KINDS = ['session', 'token', 'kiosk'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** The identity behind a request, as the server derived it (`GET /api/v1/me`). */
export const PrincipalSchema = Type.Object({
  /** The user's id; for a kiosk link, the link's id. */
  id: Type.String(),
  /** Sign-in name (`j.doe`); for an API token, the token's owner; for a kiosk link, `kiosk:<label>`. */
  username: Type.String(),
  /** What the timeline shows ("Jane Doe"). */
  displayName: Type.String(),
  role: RoleSchema,
  /** The department a lead acts for; null for every other role. */
  department: Nullable(Type.String()),
  kind: Type.Union(PRINCIPAL_KINDS.map((k) => Type.Literal(k))),
});
export type Principal = Static<typeof PrincipalSchema>;

/** "a lead", "an admin": roles in sentences. */
export function withArticle(role: Role): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

export function canAct(p: Pick<Principal, 'role'>): boolean {
  return ACTING_ROLES.includes(p.role);
}

export function isAdmin(p: Pick<Principal, 'role'>): boolean {
  return p.role === 'admin';
}

/**
 * The department an action is taken for, decided from the principal (never from who the body says it is):
 * a lead acts for its own department (a body naming another is refused), command and admin name the one
 * they act for, everyone else may not act. The lifecycle rules (what makes sense in the incident's state)
 * come after this, in the domain's decideAction.
 */
export type ActingDepartmentDecision =
  | { ok: true; department: string }
  | { ok: false; status: 400 | 403; message: string };

export function actingDepartment(
  principal: Pick<Principal, 'role' | 'department'>,
  requested: string | undefined,
): ActingDepartmentDecision {
  if (!canAct(principal))
    return {
      ok: false,
      status: 403,
      message: `${withArticle(principal.role)} may read but not act on incidents`,
    };
  if (principal.role === 'lead') {
    const own = principal.department;
    if (own === null)
      return { ok: false, status: 403, message: 'this lead has no department to act for; ask an admin' };
    if (requested !== undefined && requested !== own)
      return {
        ok: false,
        status: 403,
        message: `department: a lead of "${own}" acts only for "${own}", not "${requested}"`,
      };
    return { ok: true, department: own };
  }
  if (requested === undefined)
    return {
      ok: false,
      status: 400,
      message: `department: required (${withArticle(principal.role)} names the department it acts for)`,
    };
  return { ok: true, department: requested };
}
