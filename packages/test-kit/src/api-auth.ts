/**
 * Credentials of the services under test. Every /api/v1 route and the live socket need them (twin-auth);
 * the helpers that call the API (fetchJson here, getJson/postJson/connectLive in the ingest harness) look up
 * the admin token of the service at that address, so a test reads as before and still authenticates.
 * A test that means to be anonymous calls fetch itself.
 */
import { randomBytes } from 'node:crypto';

/** The first admin's password of services started by the tests (ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-0123';

const tokens = new Map<string, string>();

/** A fresh ADMIN_TOKEN for a service under test. */
export function newAdminToken(): string {
  return `test-admin-${randomBytes(16).toString('hex')}`;
}

/** Remembers the admin token of the service at `base` (http://host:port). */
export function rememberAdminToken(base: string, token: string): void {
  tokens.set(new URL(base).origin, token);
}

/** `Authorization: Bearer <admin token>` for the service at `base`, or nothing when none is known. */
export function authHeaders(base: string): Record<string, string> {
  const token = tokens.get(new URL(base).origin);
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/**
 * Signs in over the API and returns the session cookie (`twin_session`), e.g. for a browser context:
 * `context.addCookies([{ ...cookie, url: base }])`.
 */
export async function signIn(
  base: string,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<{ name: string; value: string }> {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = /(?:^|,\s*)twin_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!cookie) throw new Error('sign-in set no twin_session cookie');
  return { name: 'twin_session', value: cookie[1]! };
}

/**
 * An integration credential of the service's embedded broker, issued with its admin token: anonymous clients
 * may publish readings only, a sensor's metadata and incident events need one.
 */
export async function issueIntegrationCredential(
  base: string,
  username: string,
): Promise<{ username: string; password: string }> {
  const issued = await fetch(`${base}/api/v1/admin/mqtt-credentials`, {
    method: 'POST',
    headers: { ...authHeaders(base), 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'integration', username }),
  });
  if (issued.status !== 201)
    throw new Error(
      `issuing the MQTT credential ${username} answered ${issued.status}: ${await issued.text()}`,
    );
  return (await issued.json()) as { username: string; password: string };
}
