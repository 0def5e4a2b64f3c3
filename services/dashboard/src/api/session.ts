/** Signing in and out, and opening a wall with a kiosk link: each answers with the principal (or nothing). */
import type { Principal } from '@twin/domain';
import { deleteJson, postJson } from './http.js';

export function signIn(username: string, password: string): Promise<Principal> {
  return postJson<Principal>('/session', { username, password });
}

/** Revokes the session on the server (the cookie alone would stay valid if it were only forgotten here). */
export function signOut(): Promise<void> {
  return deleteJson('/session');
}

export function exchangeKioskToken(token: string): Promise<Principal> {
  return postJson<Principal>('/session/kiosk', { token });
}

/** The signed-in user's own new password; the server ends their other sessions and says how many. */
export function changeOwnPassword(
  currentPassword: string,
  newPassword: string,
): Promise<{ otherSessionsEnded: number }> {
  return postJson('/me/password', { currentPassword, newPassword });
}
