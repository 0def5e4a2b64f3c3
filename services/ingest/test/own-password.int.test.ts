/**
 * A signed-in user changes their own password (POST /api/v1/me/password) through the real service: only a
 * person's session may; the current password is checked and wrong ones are throttled together with sign-in;
 * the new one follows the one password rule; every other session of the user ends (its live socket too) and
 * this one stays; the old password stops working and the new one works.
 */
import { randomUUID } from 'node:crypto';
import { MIN_PASSWORD_CHARS } from '@twin/domain';
import { signIn } from '@twin/test-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SIGN_IN_MAX_FAILURES } from '../src/identity/sign-in-throttle.js';
import { authHeaders, describeEachTarget, startStack, type TestStack } from './harness.js';

interface Answer {
  status: number;
  body: { message?: string; otherSessionsEnded?: number } & Record<string, unknown>;
  text: string;
  headers: Headers;
}

type Cookie = { name: string; value: string };
const withCookie = (cookie: Cookie) => ({ cookie: `${cookie.name}=${cookie.value}` });

describeEachTarget('changing one’s own password', (target) => {
  let stack: TestStack;
  let base: string;

  async function call(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {}, text, headers: res.headers };
  }

  const changePassword = (headers: Record<string, string>, body: unknown) =>
    call('POST', '/api/v1/me/password', headers, body);

  /** A fresh user (so no test inherits another's throttle or sessions) and its password. */
  async function newUser(role = 'lead') {
    const username = `own-pw-${randomUUID().slice(0, 8)}`;
    const password = `first password ${randomUUID().slice(0, 6)}`;
    const res = await call('POST', '/api/v1/admin/users', authHeaders(base), {
      username,
      role,
      department: role === 'lead' ? 'fire' : null,
      password,
    });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id as string, username, password };
  }

  /** Resolves with the close code of a live socket opened with this cookie, once the server closes it. */
  async function openLive(cookie: Cookie): Promise<{ closed: Promise<number>; socket: WebSocket }> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live?readings=none`, {
      headers: withCookie(cookie),
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('error', reject);
    });
    return { closed, socket };
  }

  beforeAll(async () => {
    // Open live sockets check their session this often (LIVE_AUTH_RECHECK_MS).
    stack = await startStack(target, { env: { LIVE_AUTH_RECHECK_MS: '200' } });
    base = stack.runtime.url;
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  it('changes the password: the other session (and its live socket) ends, this one stays', async () => {
    const user = await newUser();
    const here = await signIn(base, user.username, user.password);
    const elsewhere = await signIn(base, user.username, user.password);
    const elsewhereLive = await openLive(elsewhere);
    const hereLive = await openLive(here);
    const newPassword = `second password ${randomUUID().slice(0, 6)}`;

    const res = await changePassword(withCookie(here), { currentPassword: user.password, newPassword });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ otherSessionsEnded: 1 });
    expect(res.text).not.toContain(newPassword);

    expect((await call('GET', '/api/v1/me', withCookie(here))).body).toMatchObject({
      username: user.username,
      kind: 'session',
    });
    const ended = await call('GET', '/api/v1/me', withCookie(elsewhere));
    expect(ended.status).toBe(401);
    expect(ended.body.message).toMatch(/session has ended/);
    // The other browser's open live socket ends at its next check; this browser's stays open.
    expect(await elsewhereLive.closed).toBe(4401);
    expect(hereLive.socket.readyState).toBe(WebSocket.OPEN);
    hereLive.socket.close();

    const old = await call(
      'POST',
      '/api/v1/session',
      {},
      { username: user.username, password: user.password },
    );
    expect(old.status).toBe(401);
    const fresh = await signIn(base, user.username, newPassword);
    expect((await call('GET', '/api/v1/me', withCookie(fresh))).status).toBe(200);
    // The store keeps a new hash, never the password itself.
    const { rows } = await stack.runtime.pool.query<{ password_hash: string }>(
      'select password_hash from users where id = $1',
      [user.id],
    );
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$/);
    expect(rows[0]!.password_hash).not.toContain(newPassword);
  });

  it('refuses a wrong current password, a too short or unchanged new one, in plain words', async () => {
    const user = await newUser('analyst');
    const session = withCookie(await signIn(base, user.username, user.password));
    const cases: [unknown, number, RegExp][] = [
      [
        { currentPassword: 'not my password at all', newPassword: 'a good new password' },
        400,
        /^currentPassword: not your current password$/,
      ],
      [
        { currentPassword: user.password, newPassword: 'x'.repeat(MIN_PASSWORD_CHARS - 1) },
        400,
        new RegExp(`^newPassword: at least ${MIN_PASSWORD_CHARS} characters$`),
      ],
      [
        { currentPassword: user.password, newPassword: user.password },
        400,
        /^newPassword: the same as the current one/,
      ],
      [{ currentPassword: user.password }, 400, /newPassword/],
      [
        { currentPassword: user.password, newPassword: 'a good new password', username: 'admin' },
        400,
        /unknown parameter "username"/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await changePassword(session, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.message, JSON.stringify(body)).toMatch(message);
    }
    // None of them changed anything: the first password still signs in, and the session is still there.
    expect((await call('GET', '/api/v1/me', session)).status).toBe(200);
    await signIn(base, user.username, user.password);
  });

  it('needs a session of a user: 401 without one, 403 for an API token, ADMIN_TOKEN or a kiosk wall', async () => {
    const body = { currentPassword: 'whatever it is', newPassword: 'a good new password' };
    const none = await changePassword({}, body);
    expect(none.status).toBe(401);
    const ended = await changePassword({ cookie: 'twin_session=forged' }, body);
    expect(ended.status).toBe(401);

    const user = await newUser('command');
    const issued = await call('POST', '/api/v1/admin/tokens', authHeaders(base), {
      label: 'script',
      userId: user.id,
    });
    expect(issued.status, issued.text).toBe(201);
    const byToken = await changePassword(
      { authorization: `Bearer ${issued.body.token as string}` },
      { currentPassword: user.password, newPassword: 'a good new password' },
    );
    expect(byToken.status).toBe(403);
    expect(byToken.body.message).toMatch(/an API token has no password/);
    const byAdminToken = await changePassword(authHeaders(base), body);
    expect(byAdminToken.status).toBe(403);

    const link = await call('POST', '/api/v1/admin/kiosk-links', authHeaders(base), { label: 'Wall' });
    const kiosk = await fetch(`${base}/api/v1/session/kiosk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: link.body.token }),
    });
    const kioskCookie = /^twin_session=([^;]+)/.exec(kiosk.headers.getSetCookie()[0]!)![1]!;
    const byKiosk = await changePassword({ cookie: `twin_session=${kioskCookie}` }, body);
    expect(byKiosk.status).toBe(403);
    expect(byKiosk.body.message).toMatch(/a kiosk wall has no password/);
    // The token's user still signs in with the password it had.
    await signIn(base, user.username, user.password);
  });

  it('counts wrong current passwords with failed sign-ins: throttled here and at sign-in alike', async () => {
    const user = await newUser();
    const session = withCookie(await signIn(base, user.username, user.password));
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      const res = await changePassword(session, {
        currentPassword: `guess number ${i}`,
        newPassword: 'a good new password',
      });
      expect(res.status).toBe(400);
    }
    // The right current password now waits, with a time in words and in Retry-After.
    const held = await changePassword(session, {
      currentPassword: user.password,
      newPassword: 'a good new password',
    });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(held.body.message).toMatch(/too many wrong passwords .* try again in \d+ minute/);
    // Sign-in for that name from this address waits too: one throttle, not two.
    const signInHeld = await call(
      'POST',
      '/api/v1/session',
      {},
      { username: user.username, password: user.password },
    );
    expect(signInHeld.status).toBe(429);
    // The session itself is not ended by the failures.
    expect((await call('GET', '/api/v1/me', session)).status).toBe(200);

    // And failed sign-ins hold the password change back the same way.
    const other = await newUser('analyst');
    const otherSession = withCookie(await signIn(base, other.username, other.password));
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++)
      expect(
        (
          await call(
            'POST',
            '/api/v1/session',
            {},
            { username: other.username, password: `guess ${i} guess` },
          )
        ).status,
      ).toBe(401);
    const afterSignIns = await changePassword(otherSession, {
      currentPassword: other.password,
      newPassword: 'a good new password',
    });
    expect(afterSignIns.status).toBe(429);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const counted = /twin_sign_in_failures_total\{reason="wrong_current_password"\} (\d+)/.exec(metrics);
    // This test's failures, and the earlier test's one wrong current password on the same service.
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(SIGN_IN_MAX_FAILURES);
  });
});
