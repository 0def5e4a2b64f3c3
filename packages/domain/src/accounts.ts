/**
 * Users, API tokens and kiosk links as the admin API serves them, and the rules of what a user may be
 * called and which password is long enough. Defined once: the server refuses with these messages and the
 * dashboard's forms can say the same before sending.
 */
import { type Static, Type } from '@sinclair/typebox';
import { type Role, RoleSchema, withArticle } from './access.js';
import { Nullable } from './incident-state.js';
import { firstControlCharacter } from './text.js';

/** Sign-in names: letters, digits and `. _ -`, starting with a letter or digit; compared case-insensitively. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const USERNAME_REGEX = new RegExp(USERNAME_PATTERN);
export const MAX_DISPLAY_NAME_CHARS = 120;
export const MIN_PASSWORD_CHARS = 12;
/** Longer passphrases are fine; this only bounds the work one request can ask of scrypt. */
export const MAX_PASSWORD_CHARS = 1024;
export const MAX_LABEL_CHARS = 120;

/** `username: plain words`, or null when the name is acceptable. */
export function usernameProblem(username: string): string | null {
  if (username.length === 0) return 'username: required';
  if (username.length > 64) return 'username: at most 64 characters';
  if (!USERNAME_REGEX.test(username))
    return 'username: only letters, digits, ".", "_" and "-", starting with a letter or digit';
  return null;
}

/** A name shown on screens (display names, labels): any text but control characters, not blank. */
export function shownNameProblem(field: string, value: string, max: number): string | null {
  if (value.trim().length === 0) return `${field}: required (not blank)`;
  if (value.length > max) return `${field}: at most ${max} characters`;
  const control = firstControlCharacter(value);
  if (control !== null) return `${field}: no control characters (found ${control})`;
  return null;
}

/** `field: plain words` when the password is too short or too long; `field` names it as the form or request does. */
export function passwordProblem(password: string, field = 'password'): string | null {
  if (password.length < MIN_PASSWORD_CHARS) return `${field}: at least ${MIN_PASSWORD_CHARS} characters`;
  if (password.length > MAX_PASSWORD_CHARS) return `${field}: at most ${MAX_PASSWORD_CHARS} characters`;
  return null;
}

/**
 * A signed-in user's own new password: the same rule as any password, and not the one it replaces. The
 * server asks only once the current password is verified, so the answer never says what the current one is.
 */
export function newOwnPasswordProblem(currentPassword: string, newPassword: string): string | null {
  const problem = passwordProblem(newPassword, 'newPassword');
  if (problem !== null) return problem;
  if (newPassword.normalize('NFC') === currentPassword.normalize('NFC'))
    return 'newPassword: the same as the current one; choose another';
  return null;
}

/** A lead must have a department; no other role has one. */
export function departmentProblem(role: Role, department: string | null): string | null {
  if (role === 'lead' && department === null) return 'department: required for a lead';
  if (role !== 'lead' && department !== null)
    return `department: only a lead has one (not ${withArticle(role)})`;
  return null;
}

/** A user as the admin API lists it: never a password nor its hash. */
export const UserViewSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  department: Nullable(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.Number({ description: 'epoch ms' }),
  lastSignInAt: Nullable(Type.Number({ description: 'epoch ms' })),
});
export type UserView = Static<typeof UserViewSchema>;
export const UserListSchema = Type.Object({ users: Type.Array(UserViewSchema) });

/** An API token as listed: never its secret. */
export const ApiTokenViewSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  userId: Type.String(),
  createdAt: Type.Number({ description: 'epoch ms' }),
  lastUsedAt: Nullable(Type.Number({ description: 'epoch ms' })),
});
export type ApiTokenView = Static<typeof ApiTokenViewSchema>;
export const ApiTokenListSchema = Type.Object({ tokens: Type.Array(ApiTokenViewSchema) });
/** The answer to creating a token: its secret, shown this once. */
export const IssuedApiTokenSchema = Type.Composite([
  ApiTokenViewSchema,
  Type.Object({ token: Type.String({ description: 'shown only in this response' }) }),
]);
export type IssuedApiToken = Static<typeof IssuedApiTokenSchema>;

/** A kiosk link as listed: never its secret. */
export const KioskLinkViewSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  createdAt: Type.Number({ description: 'epoch ms' }),
  lastUsedAt: Nullable(Type.Number({ description: 'epoch ms' })),
});
export type KioskLinkView = Static<typeof KioskLinkViewSchema>;
export const KioskLinkListSchema = Type.Object({ kioskLinks: Type.Array(KioskLinkViewSchema) });
/** The answer to creating a kiosk link: its secret and the wall's URL, shown this once. */
export const IssuedKioskLinkSchema = Type.Composite([
  KioskLinkViewSchema,
  Type.Object({
    token: Type.String({ description: 'shown only in this response' }),
    url: Type.String({ description: 'the wall with this link: /?kiosk=<token>' }),
  }),
]);
export type IssuedKioskLink = Static<typeof IssuedKioskLinkSchema>;
