/**
 * Who may do what, through the real service: every /api/v1 route (enumerated from Fastify itself, so a new
 * route cannot escape) refuses a request without credentials; the live socket too, a kiosk session aside;
 * sign-in, sign-out, kiosk links, API tokens and their revocation; roles on incident actions; the first
 * admin of the first start; and no password hash in any answer.
 */
import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import { createScratchDatabase, signIn } from '@twin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  authHeaders,
  connectLive,
  connectPublisher,
  describeEachTarget,
  describeOnExternalStack,
  eventually,
  publish,
  startStack,
  TEST_ADMIN_PASSWORD,
  type TestStack,
  targets,
} from './harness.js';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  setCookies: string[];
}

/** Every answer of every call in this file: none may carry a password hash. */
const everyAnswer: string[] = [];

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  everyAnswer.push(text);
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (204, HTML)
  }
  return { status: res.status, body: body as T, text, setCookies: res.headers.getSetCookie() };
}

const cookieHeader = (cookie: { name: string; value: string }) => ({
  cookie: `${cookie.name}=${cookie.value}`,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Whether the live socket upgrades, or the HTTP status it was refused with. */
function liveAttempt(base: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live?readings=none`, { headers });
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      // NOTE: with this listener ws leaves the refused request open; the server would wait for it on close.
      req.destroy();
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('error', (err) => reject(err));
  });
}

describeEachTarget('who may do what', (target) => {
  let stack: TestStack;
  let base: string;
  const admin = () => authHeaders(base);

  async function createUser(body: Record<string, unknown>) {
    const res = await call<{ id: string; username: string }>(base, 'POST', '/api/v1/admin/users', {
      headers: admin(),
      body: { password: 'a long enough password', ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    // Open live sockets check their credentials this often (LIVE_AUTH_RECHECK_MS).
    stack = await startStack(target, { env: { LIVE_AUTH_RECHECK_MS: '200' } });
    base = stack.runtime.url;
    const pub = await connectPublisher(stack);
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: 'fire-1-r',
      incidentId: 'fire-1',
      type: 'reported',
      ts: Date.now() - 60_000,
      category: 'test',
      severity: 3,
      lat: 37.76,
      lon: -122.41,
      title: 'A fire',
    });
    await pub.endAsync();
    await eventually(
      async () => (await call(base, 'GET', '/api/v1/incidents/fire-1', { headers: admin() })).status === 200,
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  it('refuses every /api/v1 route without credentials (401), except sign-in and the public CAP alerts', async () => {
    const routes = stack.runtime.app.accounts.routes.filter((r) => r.url.startsWith('/api/'));
    // The table is Fastify's own (an onRoute hook): a route added later is tried here too.
    expect(routes.length).toBeGreaterThan(20);
    const open = routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
    // NOTE: the public alerts are public on purpose (docs/cap.md): a CAP feed is for the public.
    expect(open.sort()).toEqual([
      'GET /api/v1/alerts.cap',
      'GET /api/v1/alerts/:alertId.cap',
      'HEAD /api/v1/alerts.cap',
      'HEAD /api/v1/alerts/:alertId.cap',
      'POST /api/v1/session',
      'POST /api/v1/session/kiosk',
    ]);
    const tried: string[] = [];
    for (const route of routes.filter((r) => !r.public)) {
      const path = route.url.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*/g, 'x');
      const attempts: Record<string, string>[] = [
        {},
        bearer('not-a-token'),
        { cookie: 'twin_session=forged' },
      ];
      for (const headers of attempts) {
        const res = await call(base, route.method, path, {
          headers,
          ...(['POST', 'PATCH', 'PUT'].includes(route.method) ? { body: {} } : {}),
        });
        expect(res.status, `${route.method} ${path} with ${JSON.stringify(headers)}`).toBe(401);
        if (route.method !== 'HEAD') expect((res.body as { message: string }).message).toMatch(/\w+ \w+/);
      }
      tried.push(`${route.method} ${route.url}`);
    }
    expect(tried).toEqual(
      expect.arrayContaining(['POST /api/v1/incidents/:incidentId/actions', 'GET /api/v1/live']),
    );
    // Unknown paths under /api/ are refused before anything says whether they exist.
    expect((await call(base, 'GET', '/api/v1/no-such-route')).status).toBe(401);
    // A forged cookie is cleared.
    const forged = await call(base, 'GET', '/api/v1/me', { headers: { cookie: 'twin_session=forged' } });
    expect(forged.setCookies.join()).toMatch(/twin_session=;/);
    // Open: health, metrics, docs.
    for (const path of ['/healthz', '/readyz', '/metrics', '/docs']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).not.toBe(401);
      await res.arrayBuffer();
    }
  });

  it('signs in with the first admin (ADMIN_PASSWORD) into an HttpOnly, SameSite=Strict cookie; signs out for good', async () => {
    expect(stack.runtime.firstAdmin).toEqual({ username: 'admin', generatedPassword: null });
    const res = await call(base, 'POST', '/api/v1/session', {
      body: { username: 'ADMIN', password: TEST_ADMIN_PASSWORD },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ username: 'admin', role: 'admin', department: null, kind: 'session' });
    const setCookie = res.setCookies.find((c) => c.startsWith('twin_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP here, SESSION_COOKIE_SECURE=auto
    const cookie = { name: 'twin_session', value: /^twin_session=([^;]+)/.exec(setCookie)![1]! };
    // Only the hash of the cookie's secret is stored.
    const { rows } = await stack.runtime.pool.query<{ id: string }>('select id from sessions');
    expect(rows.map((r) => r.id).join()).not.toContain(cookie.value);

    const me = await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(cookie) });
    expect(me.body).toMatchObject({ username: 'admin', kind: 'session' });
    expect((await call(base, 'DELETE', '/api/v1/session', { headers: cookieHeader(cookie) })).status).toBe(
      204,
    );
    // The same cookie, replayed after sign-out (as a thief would), is refused.
    const stolen = await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(cookie) });
    expect(stolen.status).toBe(401);
    expect((stolen.body as { message: string }).message).toMatch(/session has ended/);
  });

  it('answers an unknown name and a wrong password alike, then throttles that name from that address', async () => {
    const user = await createUser({ username: `throttled-${randomUUID().slice(0, 6)}`, role: 'analyst' });
    const unknown = await call(base, 'POST', '/api/v1/session', {
      body: { username: 'nobody-here', password: 'whatever whatever' },
    });
    const wrong = await call(base, 'POST', '/api/v1/session', {
      body: { username: user.username, password: 'not the password' },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: 'Unauthorized', message: 'wrong username or password' });
    for (let i = 0; i < 4; i++)
      expect(
        (
          await call(base, 'POST', '/api/v1/session', {
            body: { username: user.username, password: `guess ${i}` },
          })
        ).status,
      ).toBe(401);
    // The sixth try is refused even with the right password, with a time to wait.
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: 'a long enough password' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /too many failed sign-ins.*try again in \d+ minute/,
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_sign_in_failures_total\{reason="bad_credentials"\} ([6-9]|\d\d)/);
    expect(metrics).toMatch(/twin_sign_in_failures_total\{reason="throttled"\} [1-9]/);
  });

  it('manages users: plain-words refusals, hostile names refused or kept as text, the last admin kept', async () => {
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ username: '<script>alert(1)</script>', role: 'analyst' }, /^username: only letters, digits/],
      [{ username: 'bell\u0007', role: 'analyst' }, /^username: only letters/],
      [{ username: 'two words', role: 'analyst' }, /^username: only letters/],
      [
        { username: 'ok-name', displayName: 'tab\there', role: 'analyst' },
        /^displayName: no control characters \(found U\+0009\)/,
      ],
      [{ username: 'ok-name', displayName: '   ', role: 'analyst' }, /^displayName: required/],
      [{ username: 'ok-name', role: 'lead' }, /^department: required for a lead/],
      [
        { username: 'ok-name', role: 'lead', department: 'aliens' },
        /^department: "aliens" is not a registered department/,
      ],
      [{ username: 'ok-name', role: 'analyst', department: 'fire' }, /^department: only a lead has one/],
      [{ username: 'ok-name', role: 'analyst', password: 'short' }, /^password: at least 12 characters/],
    ];
    for (const [body, message] of refusals) {
      const res = await call(base, 'POST', '/api/v1/admin/users', {
        headers: admin(),
        body: { password: 'a long enough password', ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { message: string }).message).toMatch(message);
    }
    const badRole = await call(base, 'POST', '/api/v1/admin/users', {
      headers: admin(),
      body: { username: 'ok-name', role: 'root', password: 'a long enough password' },
    });
    expect(badRole.status).toBe(400);

    const hostile = '<img src=x onerror=alert(1)> "Bobby" Tables; DROP TABLE users';
    const created = await createUser({ username: 'Hostile.Name', displayName: hostile, role: 'analyst' });
    expect(created).toMatchObject({
      username: 'Hostile.Name',
      displayName: hostile,
      disabled: false,
      lastSignInAt: null,
    });
    expect(Object.keys(created).sort()).toEqual(
      ['createdAt', 'department', 'disabled', 'displayName', 'id', 'lastSignInAt', 'role', 'username'].sort(),
    );
    // `department: null` is how a client says "none" (the dashboard's form sends it for every non-lead).
    const analyst = await createUser({ username: 'no-dept', role: 'analyst', department: null });
    expect(analyst).toMatchObject({ role: 'analyst', department: null });
    const promoted = await call<{ department: string | null }>(
      base,
      'PATCH',
      `/api/v1/admin/users/${analyst.id}`,
      { headers: admin(), body: { role: 'command', department: null } },
    );
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body.department).toBeNull();
    const dup = await call(base, 'POST', '/api/v1/admin/users', {
      headers: admin(),
      body: { username: 'hostile.name', role: 'analyst', password: 'a long enough password' },
    });
    expect(dup.status).toBe(409);
    expect((dup.body as { message: string }).message).toBe('username: "hostile.name" is taken');
    const list = await call<{ users: { username: string; displayName: string }[] }>(
      base,
      'GET',
      '/api/v1/admin/users',
      {
        headers: admin(),
      },
    );
    expect(list.body.users.find((u) => u.username === 'Hostile.Name')?.displayName).toBe(hostile);

    // The last active admin can be neither deleted, disabled nor demoted.
    const first = list.body.users.find((u) => u.username === 'admin') as unknown as { id: string };
    for (const [method, body] of [
      ['DELETE', undefined],
      ['PATCH', { disabled: true }],
      ['PATCH', { role: 'command' }],
    ] as const) {
      const res = await call(base, method, `/api/v1/admin/users/${first.id}`, { headers: admin(), body });
      expect(res.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect((res.body as { message: string }).message).toMatch(/last active admin/);
    }
    // A second admin makes it possible.
    const second = await createUser({ username: `admin2-${randomUUID().slice(0, 6)}`, role: 'admin' });
    const demoted = await call(base, 'PATCH', `/api/v1/admin/users/${second.id}`, {
      headers: admin(),
      body: { role: 'lead', department: 'fire' },
    });
    expect(demoted.status, demoted.text).toBe(200);
    expect(demoted.body).toMatchObject({ role: 'lead', department: 'fire' });
    expect(
      (await call(base, 'DELETE', `/api/v1/admin/users/${second.id}`, { headers: admin() })).status,
    ).toBe(204);
    expect(
      (await call(base, 'DELETE', `/api/v1/admin/users/${second.id}`, { headers: admin() })).status,
    ).toBe(404);
  });

  it('disabling a user ends its sessions; a new password too', async () => {
    const user = await createUser({ username: `dis-${randomUUID().slice(0, 6)}`, role: 'command' });
    const cookie = await signIn(base, user.username, 'a long enough password');
    expect((await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(cookie) })).status).toBe(200);
    await call(base, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      headers: admin(),
      body: { disabled: true },
    });
    expect((await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(cookie) })).status).toBe(401);
    const again = await call(base, 'POST', '/api/v1/session', {
      body: { username: user.username, password: 'a long enough password' },
    });
    expect(again.status).toBe(401);
    await call(base, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      headers: admin(),
      body: { disabled: false },
    });
    const back = await signIn(base, user.username, 'a long enough password');
    await call(base, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      headers: admin(),
      body: { password: 'another long password' },
    });
    expect((await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(back) })).status).toBe(401);
    await signIn(base, user.username, 'another long password');
  });

  it('acts with the department of the principal: leads for their own, command names one, analyst and kiosk never', async () => {
    const fireLead = await createUser({
      username: `fire-lead-${randomUUID().slice(0, 6)}`,
      displayName: 'J. Doe',
      role: 'lead',
      department: 'fire',
    });
    const policeLead = await createUser({
      username: `police-lead-${randomUUID().slice(0, 6)}`,
      role: 'lead',
      department: 'police',
    });
    const command = await createUser({ username: `command-${randomUUID().slice(0, 6)}`, role: 'command' });
    const analyst = await createUser({ username: `analyst-${randomUUID().slice(0, 6)}`, role: 'analyst' });
    const as = async (user: { username: string }) =>
      cookieHeader(await signIn(base, user.username, 'a long enough password'));
    const act = (headers: Record<string, string>, body: Record<string, unknown>) =>
      call<{ message: string; timeline: { actor?: string; department: string; type: string }[] }>(
        base,
        'POST',
        '/api/v1/incidents/fire-1/actions',
        { headers, body },
      );

    const police = await as(policeLead);
    const asFire = await act(police, { type: 'acknowledged', department: 'fire' });
    expect(asFire.status).toBe(403);
    expect(asFire.body.message).toMatch(/a lead of "police" acts only for "police", not "fire"/);

    const analystSession = await as(analyst);
    const byAnalyst = await act(analystSession, { type: 'comment', department: 'fire', note: 'hi' });
    expect(byAnalyst.status).toBe(403);
    expect(byAnalyst.body.message).toMatch(/analyst may read but not act/);

    const link = await call<{ token: string }>(base, 'POST', '/api/v1/admin/kiosk-links', {
      headers: admin(),
      body: { label: 'Wall' },
    });
    const kiosk = await call(base, 'POST', '/api/v1/session/kiosk', { body: { token: link.body.token } });
    const kioskCookie = {
      name: 'twin_session',
      value: /^twin_session=([^;]+)/.exec(kiosk.setCookies[0]!)![1]!,
    };
    const byKiosk = await act(cookieHeader(kioskCookie), { type: 'comment', department: 'fire', note: 'hi' });
    expect(byKiosk.status).toBe(403);
    expect(byKiosk.body.message).toMatch(/kiosk may read but not act/);

    const commandSession = await as(command);
    const noDepartment = await act(commandSession, { type: 'comment', note: 'which one?' });
    expect(noDepartment.status).toBe(400);
    expect(noDepartment.body.message).toMatch(/^department: required/);
    // `actor` is the server's to set.
    expect(
      (await act(commandSession, { type: 'comment', department: 'fire', actor: 'someone else' })).status,
    ).toBe(400);

    const lead = await as(fireLead);
    const byLead = await act(lead, { type: 'acknowledged' });
    expect(byLead.status, byLead.text).toBe(200);
    const byCommand = await act(commandSession, { type: 'comment', department: 'fire', note: 'on it' });
    expect(byCommand.status, byCommand.text).toBe(200);
    expect(byCommand.body.timeline.slice(-2)).toEqual([
      expect.objectContaining({ type: 'acknowledged', department: 'fire', actor: fireLead.username }),
      expect.objectContaining({ type: 'comment', department: 'fire', actor: command.username }),
    ]);
    // The refused attempts left nothing behind.
    expect(byCommand.body.timeline.map((e) => e.type)).toEqual(['reported', 'acknowledged', 'comment']);
  });

  it('enforces the incident lifecycle: 409 for what makes no sense now, 403 for a department with no part; a hand-over waits for acceptance', async () => {
    const suffix = randomUUID().slice(0, 6);
    const pub = await connectPublisher(stack);
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: `life-${suffix}-r`,
      incidentId: `life-${suffix}`,
      type: 'reported',
      ts: Date.now() - 30_000,
      category: 'Sinkhole',
      severity: 4,
      lat: 37.77,
      lon: -122.42,
      title: 'Road collapsing',
    });
    await pub.endAsync();
    const path = `/api/v1/incidents/life-${suffix}/actions`;
    await eventually(
      async () =>
        (await call(base, 'GET', `/api/v1/incidents/life-${suffix}`, { headers: admin() })).status === 200,
    );
    const lead = async (department: string) => {
      const user = await createUser({ username: `${department}-${suffix}`, role: 'lead', department });
      return cookieHeader(await signIn(base, user.username, 'a long enough password'));
    };
    const fire = await lead('fire');
    const police = await lead('police');
    const works = await lead('public-works');
    type Refusal = {
      error: string;
      message: string;
      incident: { department: string; pendingHandover: unknown };
    };
    const act = (who: Record<string, string>, body: Record<string, unknown>) =>
      call<Refusal>(base, 'POST', path, { headers: who, body });
    const expectRefused = async (
      who: Record<string, string>,
      body: Record<string, unknown>,
      status: number,
      words: RegExp,
    ) => {
      const res = await act(who, body);
      expect(res.status, res.text).toBe(status);
      expect(res.body.message).toMatch(words);
    };

    expect((await act(fire, { type: 'acknowledged' })).status).toBe(200);
    await expectRefused(fire, { type: 'acknowledged' }, 409, /already acknowledged by fire/);
    await expectRefused(police, { type: 'resolved' }, 403, /police has no part in this incident/);
    await expectRefused(
      fire,
      { type: 'handover_offered', toDepartment: 'fire' },
      409,
      /hand an incident over to itself/,
    );
    await expectRefused(fire, { type: 'on_scene', unit: 'E99' }, 409, /unit E99 was not dispatched/);

    const offered = await act(fire, { type: 'handover_offered', toDepartment: 'public-works' });
    expect(offered.status, offered.text).toBe(200);
    expect(offered.body.incident).toMatchObject({
      department: 'fire',
      pendingHandover: { to: 'public-works' },
    });
    await expectRefused(fire, { type: 'handover_accepted' }, 403, /offered to public-works, not to fire/);
    await expectRefused(
      works,
      { type: 'dispatched', unit: 'PW1' },
      403,
      /accept the hand-over before acting/,
    );
    const accepted = await act(works, { type: 'handover_accepted' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.incident).toMatchObject({ department: 'public-works', pendingHandover: null });
    await expectRefused(
      fire,
      { type: 'resolved' },
      403,
      /fire has no part in this incident: it is owned by public-works/,
    );
    expect((await act(works, { type: 'resolved' })).status).toBe(200);
    await expectRefused(works, { type: 'resolved' }, 409, /already resolved/);
    expect((await act(works, { type: 'closed' })).status).toBe(200);
    await expectRefused(works, { type: 'resolved' }, 409, /already closed/);
    await expectRefused(works, { type: 'escalated' }, 409, /the incident is closed/);

    const detail = await call<{ timeline: { type: string; actor?: string }[] }>(
      base,
      'GET',
      `/api/v1/incidents/life-${suffix}`,
      { headers: admin() },
    );
    // Only what was accepted is on record, each with the user who did it.
    expect(detail.body.timeline.map((e) => e.type)).toEqual([
      'reported',
      'acknowledged',
      'handover_offered',
      'handover_accepted',
      'resolved',
      'closed',
    ]);
    expect(detail.body.timeline.slice(1).map((e) => e.actor)).toEqual([
      `fire-${suffix}`,
      `fire-${suffix}`,
      `public-works-${suffix}`,
      `public-works-${suffix}`,
      `public-works-${suffix}`,
    ]);
  });

  it('kiosk links: open the wall and the live socket without a password; revoked, they are refused', async () => {
    expect(await liveAttempt(base, {})).toBe(401);
    expect(await liveAttempt(base, bearer('twint_forged'))).toBe(401);
    const link = await call<{ id: string; token: string; url: string }>(
      base,
      'POST',
      '/api/v1/admin/kiosk-links',
      {
        headers: admin(),
        body: { label: 'Control room <wall>' },
      },
    );
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^http:\/\/[^/]+\/\?kiosk=twink_/);
    expect(new URL(link.body.url).searchParams.get('kiosk')).toBe(link.body.token);
    const listed = await call<{ kioskLinks: { id: string; label: string }[] }>(
      base,
      'GET',
      '/api/v1/admin/kiosk-links',
      {
        headers: admin(),
      },
    );
    expect(listed.body.kioskLinks.find((k) => k.id === link.body.id)?.label).toBe('Control room <wall>');
    expect(listed.text).not.toContain(link.body.token);

    const session = await call(base, 'POST', '/api/v1/session/kiosk', { body: { token: link.body.token } });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      role: 'kiosk',
      kind: 'kiosk',
      username: 'kiosk:Control room <wall>',
      department: null,
    });
    const cookie = { name: 'twin_session', value: /^twin_session=([^;]+)/.exec(session.setCookies[0]!)![1]! };
    expect(await liveAttempt(base, cookieHeader(cookie))).toBe('open');
    const live = await connectLive(base, 'readings=none', cookieHeader(cookie));
    await eventually(async () => live.messages.find((m) => m.type === 'snapshot'));
    live.close();
    // A wall that stays connected: its socket must end when the link is revoked.
    const wall = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live?readings=none`, {
      headers: cookieHeader(cookie),
    });
    const closed = new Promise<number>((resolve) => wall.once('close', (code) => resolve(code)));
    await new Promise((resolve) => wall.once('message', resolve));
    expect((await call(base, 'GET', '/api/v1/incidents', { headers: cookieHeader(cookie) })).status).toBe(
      200,
    );
    expect((await call(base, 'GET', '/api/v1/admin/users', { headers: cookieHeader(cookie) })).status).toBe(
      403,
    );

    expect(
      (await call(base, 'DELETE', `/api/v1/admin/kiosk-links/${link.body.id}`, { headers: admin() })).status,
    ).toBe(204);
    expect((await call(base, 'GET', '/api/v1/me', { headers: cookieHeader(cookie) })).status).toBe(401);
    expect(await liveAttempt(base, cookieHeader(cookie))).toBe(401);
    // The wall's open socket ends too, with 4401, at its next check.
    expect(await closed).toBe(4401);
    const reopened = await call(base, 'POST', '/api/v1/session/kiosk', { body: { token: link.body.token } });
    expect(reopened.status).toBe(401);
    expect((reopened.body as { message: string }).message).toMatch(/kiosk link is not valid/);
  });

  it('API tokens act as their user until revoked; ADMIN_TOKEN is an admin', async () => {
    const analyst = await createUser({ username: `token-user-${randomUUID().slice(0, 6)}`, role: 'analyst' });
    const issued = await call<{ id: string; token: string; userId: string }>(
      base,
      'POST',
      '/api/v1/admin/tokens',
      {
        headers: admin(),
        body: { label: 'exporter', userId: analyst.id },
      },
    );
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body).toMatchObject({ label: 'exporter', userId: analyst.id, lastUsedAt: null });
    const me = await call(base, 'GET', '/api/v1/me', { headers: bearer(issued.body.token) });
    expect(me.body).toMatchObject({ id: analyst.id, role: 'analyst', kind: 'token' });
    expect(
      (await call(base, 'GET', '/api/v1/admin/tokens', { headers: bearer(issued.body.token) })).status,
    ).toBe(403);
    const list = await call<{ tokens: { id: string; lastUsedAt: number | null }[] }>(
      base,
      'GET',
      '/api/v1/admin/tokens',
      {
        headers: admin(),
      },
    );
    expect(list.text).not.toContain(issued.body.token);
    expect(list.body.tokens.find((t) => t.id === issued.body.id)?.lastUsedAt).toEqual(expect.any(Number));
    const { rows } = await stack.runtime.pool.query<{ token_hash: string }>(
      'select token_hash from api_tokens',
    );
    expect(rows.map((r) => r.token_hash).join()).not.toContain(issued.body.token);
    // ADMIN_TOKEN belongs to no user: it must say whose token it makes.
    const ownerless = await call(base, 'POST', '/api/v1/admin/tokens', {
      headers: admin(),
      body: { label: 'x' },
    });
    expect(ownerless.status).toBe(400);

    expect(
      (await call(base, 'DELETE', `/api/v1/admin/tokens/${issued.body.id}`, { headers: admin() })).status,
    ).toBe(204);
    const revoked = await call(base, 'GET', '/api/v1/me', { headers: bearer(issued.body.token) });
    expect(revoked.status).toBe(401);
    expect((await call(base, 'GET', '/api/v1/me', { headers: admin() })).body).toMatchObject({
      username: 'admin-token',
      role: 'admin',
      kind: 'token',
    });
  });

  it('never answers with a password hash', () => {
    expect(everyAnswer.length).toBeGreaterThan(50);
    for (const text of everyAnswer) {
      expect(text).not.toContain('scrypt$');
      expect(text).not.toMatch(/password_?hash/i);
    }
  });
});

describe('the first start', () => {
  const target = targets()[0]!;

  it('generates the first admin’s password when ADMIN_PASSWORD is not set, and only once', async () => {
    const stack = await startStack(target, { env: { ADMIN_PASSWORD: '' } });
    try {
      const first = stack.runtime.firstAdmin;
      expect(first?.username).toBe('admin');
      const password = first!.generatedPassword!;
      expect(password.length).toBeGreaterThanOrEqual(24);
      const cookie = await signIn(stack.runtime.url, 'admin', password);
      expect(cookie.value).toMatch(/^twins_/);
      const { rows } = await stack.runtime.pool.query<{ role: string; password_hash: string }>(
        'select role, password_hash from users',
      );
      expect(rows.map((r) => r.role)).toEqual(['admin']);
      expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(rows[0]!.password_hash).not.toContain(password);
      await stack.stop();
      const again = await startStack(target, { dataDir: stack.dataDir, env: { ADMIN_PASSWORD: '' } });
      try {
        expect(again.runtime.firstAdmin).toBeNull();
        await signIn(again.runtime.url, 'admin', password);
      } finally {
        await again.destroy();
      }
    } finally {
      await stack.destroy();
    }
  }, 120_000);
});

describeOnExternalStack('the first start of two instances at once', (target) => {
  it('creates one admin', async () => {
    const scratch = await createScratchDatabase(target.databaseUrl!);
    try {
      const [a, b] = await Promise.all([
        startStack(target, { databaseUrl: scratch.url, env: { ADMIN_PASSWORD: '' } }),
        startStack(target, { databaseUrl: scratch.url, env: { ADMIN_PASSWORD: '' } }),
      ]);
      try {
        expect([a.runtime.firstAdmin, b.runtime.firstAdmin].filter((f) => f !== null)).toHaveLength(1);
        const { rows } = await a.runtime.pool.query('select username from users');
        expect(rows).toEqual([{ username: 'admin' }]);
      } finally {
        await Promise.all([a.destroy(), b.destroy()]);
      }
    } finally {
      await scratch.drop();
    }
  }, 180_000);
});
