/**
 * Browser tests act as real signed-in people: the dashboard's API calls and its live socket need a session
 * (twin-auth). Users are created through the admin API with the service's ADMIN_TOKEN (test-kit remembers
 * it per service), sign in over POST /api/v1/session, and the session cookie is handed to the page's
 * context; a wall is opened the way a control room opens one, through a kiosk link.
 */
import type { Role } from '@twin/domain';
import { authHeaders, signIn, TEST_ADMIN_PASSWORD } from '@twin/test-kit';
import type { Page } from 'playwright-core';

/** Signs the page's browser context in (the first admin unless told otherwise). */
export async function signInPage(
  page: Page,
  base: string,
  username?: string,
  password?: string,
): Promise<void> {
  const cookie = await signIn(base, username, password);
  await page.context().addCookies([{ ...cookie, url: base, httpOnly: true, sameSite: 'Strict' }]);
}

export interface TestUser {
  username: string;
  role: Role;
  /** A lead's department; null for every other role. */
  department: string | null;
  displayName?: string;
  /** At least 12 characters (the domain's rule); the first admin's test password by default. */
  password?: string;
}

async function adminPost<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1/admin${path}`, {
    method: 'POST',
    headers: { ...authHeaders(base), 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201)
    throw new Error(`POST /api/v1/admin${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates a user through the admin API (as the service's ADMIN_TOKEN). */
export async function createUser(base: string, user: TestUser): Promise<void> {
  await adminPost(base, '/users', {
    username: user.username,
    displayName: user.displayName ?? user.username,
    role: user.role,
    department: user.department,
    password: user.password ?? TEST_ADMIN_PASSWORD,
  });
}

/** Signs the page's context in as a user made with {@link createUser}. */
export function signInAs(page: Page, base: string, user: TestUser): Promise<void> {
  return signInPage(page, base, user.username, user.password ?? TEST_ADMIN_PASSWORD);
}

/** A new kiosk link's token (POST /api/v1/admin/kiosk-links as the service's ADMIN_TOKEN). */
export async function createKioskToken(base: string, label = 'Test wall'): Promise<string> {
  const issued = await adminPost<{ token: string }>(base, '/kiosk-links', { label });
  return issued.token;
}

/**
 * Opens the wall as a control room does: a fresh kiosk link, `/?kiosk=<token>`. Returns once the dashboard
 * has exchanged the token for its session (the kiosk badge shows).
 */
export async function openWallWithKioskLink(page: Page, base: string, label?: string): Promise<void> {
  const token = await createKioskToken(base, label);
  await page.goto(`${base}/?kiosk=${encodeURIComponent(token)}`);
  await page.getByTestId('kiosk-badge').waitFor({ timeout: 120_000 });
}
