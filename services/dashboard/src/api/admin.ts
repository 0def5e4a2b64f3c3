/**
 * Managing access (admin only): users, API tokens and kiosk links, as the server's admin routes define them.
 * Secrets (a token, a kiosk link's URL) come back once, from the POST that creates them, and are never
 * cached: they live only in the component that shows them.
 */
import { queryOptions } from '@tanstack/react-query';
import type { Role } from '@twin/domain';
import { deleteJson, getJson, patchJson, postJson } from './http.js';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  disabled: boolean;
  createdAt: number | string;
  lastSignInAt: number | string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  password: string;
}

export type UserPatch = Partial<Pick<AdminUser, 'displayName' | 'role' | 'department' | 'disabled'>> & {
  password?: string;
};

export interface ApiToken {
  id: string;
  label: string;
  userId: string;
  createdAt: number | string;
  lastUsedAt: number | string | null;
}

export interface CreatedToken extends ApiToken {
  /** The secret, shown once. */
  token: string;
}

export interface KioskLink {
  id: string;
  label: string;
  createdAt: number | string;
  lastUsedAt: number | string | null;
}

export interface CreatedKioskLink extends KioskLink {
  token: string;
  /** The full wall URL with the token, shown once. */
  url: string;
}

export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
  tokens: () => [...adminKeys.all, 'tokens'] as const,
  kioskLinks: () => [...adminKeys.all, 'kiosk-links'] as const,
};

/** A list answer, whether the server sends the array itself or wraps it (`{users: [...]}`). */
export function listFrom<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const value = (body as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

const id = (value: string) => encodeURIComponent(value);

export const usersQuery = queryOptions({
  queryKey: adminKeys.users(),
  queryFn: async ({ signal }) => listFrom<AdminUser>(await getJson<unknown>('/admin/users', signal), 'users'),
});

export const tokensQuery = queryOptions({
  queryKey: adminKeys.tokens(),
  queryFn: async ({ signal }) =>
    listFrom<ApiToken>(await getJson<unknown>('/admin/tokens', signal), 'tokens'),
});

export const kioskLinksQuery = queryOptions({
  queryKey: adminKeys.kioskLinks(),
  queryFn: async ({ signal }) =>
    listFrom<KioskLink>(await getJson<unknown>('/admin/kiosk-links', signal), 'kioskLinks'),
});

export function createUser(user: NewUser): Promise<AdminUser> {
  return postJson<AdminUser>('/admin/users', user);
}

export function updateUser(userId: string, patch: UserPatch): Promise<AdminUser> {
  return patchJson<AdminUser>(`/admin/users/${id(userId)}`, patch);
}

export function deleteUser(userId: string): Promise<void> {
  return deleteJson(`/admin/users/${id(userId)}`);
}

export function createToken(label: string, userId: string): Promise<CreatedToken> {
  return postJson<CreatedToken>('/admin/tokens', { label, userId });
}

export function revokeToken(tokenId: string): Promise<void> {
  return deleteJson(`/admin/tokens/${id(tokenId)}`);
}

export function createKioskLink(label: string): Promise<CreatedKioskLink> {
  return postJson<CreatedKioskLink>('/admin/kiosk-links', { label });
}

export function revokeKioskLink(linkId: string): Promise<void> {
  return deleteJson(`/admin/kiosk-links/${id(linkId)}`);
}
