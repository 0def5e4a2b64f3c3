/**
 * Citizen reports through Open311 GeoReport v2, against the real service, broker and database: the city's
 * services, the spec's example report (form-encoded) becoming a public incident on the live socket,
 * duplicates merged by distance, every bad field listed in the spec's error shape, a lead's split and reject
 * (and who may not), API keys and the rate limit, and the reporter's status page (the history in plain
 * words, nothing else of the city, hostile text shown as text).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  authHeaders,
  connectLive,
  describeEachTarget,
  eventually,
  signIn,
  startStack,
  type TestStack,
} from './harness.js';

interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.headers,
    },
    body:
      options.json !== undefined
        ? JSON.stringify(options.json)
        : options.form !== undefined
          ? new URLSearchParams(options.form).toString()
          : undefined,
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML or XML
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}

type Created = {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
  status_url: string;
}[];
type SpecErrors = { code: number; description: string }[];
type Incident = { incidentId: string; status: string; department: string; source: string; title: string };

/** Civic Center, San Francisco; `north(m)` is m metres north of it. */
const HERE = { lat: 37.7793, lon: -122.4193 };
const north = (metres: number, from = HERE.lat) => from + metres / 111_195;
/** Each test reports at its own place, so duplicates are only those it makes on purpose. */
let placeIndex = 0;
const newPlace = () => {
  placeIndex++;
  return { lat: HERE.lat - placeIndex * 0.004, lon: HERE.lon + (placeIndex % 2) * 0.004 };
};

/** The spec's example report (wiki.open311.org/GeoReport_v2, POST Service Request), at a place in SF. */
function specExample(
  place: { lat: number; lon: number },
  patch: Record<string, string> = {},
): Record<string, string> {
  return {
    jurisdiction_id: 'sf',
    service_code: 'pothole',
    lat: String(place.lat),
    long: String(place.lon),
    address_string: '1234 5th street',
    email: 'smit222@sfgov.edu',
    device_id: 'tt222111',
    account_id: '123456',
    first_name: 'john',
    last_name: 'smith',
    phone: '111111111',
    description: 'A large sinkhole is destroying the street',
    media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    ...patch,
  };
}

describeEachTarget('Open311 GeoReport v2', (target) => {
  let stack: TestStack;
  let base: string;
  const admin = () => authHeaders(base);
  const suffix = randomUUID().slice(0, 6);

  const leads = new Map<string, Record<string, string>>();
  async function lead(department: string): Promise<Record<string, string>> {
    const known = leads.get(department);
    if (known) return known;
    const username = `${department}-lead-${suffix}`;
    const res = await call(base, 'POST', '/api/v1/admin/users', {
      headers: admin(),
      json: {
        username,
        displayName: `Lead Person ${department}`,
        password: 'a long enough password',
        role: 'lead',
        department,
      },
    });
    expect(res.status, res.text).toBe(201);
    const cookie = await signIn(base, username, 'a long enough password');
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    leads.set(department, headers);
    return headers;
  }

  const report = async (form: Record<string, string>) => {
    const res = await call<Created>(base, 'POST', '/open311/v2/requests.json', { form });
    expect(res.status, res.text).toBe(200);
    return res.body[0]!;
  };
  const requestOf = async (id: string) => {
    const res = await call<Record<string, unknown>[]>(base, 'GET', `/open311/v2/requests/${id}.json`);
    expect(res.status, res.text).toBe(200);
    return res.body[0]!;
  };
  const incident = async (id: string) =>
    (
      await call<{ incident: Incident; timeline: { type: string; note?: string; actor?: string }[] }>(
        base,
        'GET',
        `/api/v1/incidents/${id}`,
        { headers: admin() },
      )
    ).body;
  const reportsOf = async (incidentId: string, headers = admin()) =>
    call<{ count: number; reports: { id: string; state: string; reporter?: { email: string | null } }[] }>(
      base,
      'GET',
      `/api/v1/incidents/${incidentId}/reports`,
      { headers },
    );

  beforeAll(async () => {
    stack = await startStack(target, {
      env: { OPEN311_RATE_LIMIT_PER_MIN: '1000', OPEN311_READ_RATE_LIMIT_PER_MIN: '10000' },
    });
    base = stack.runtime.url;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('lists the city pack’s services, as JSON and XML, and defines each; an unknown one is 404', async () => {
    const list = await call<Record<string, unknown>[]>(base, 'GET', '/open311/v2/services.json');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({
      service_code: 'pothole',
      service_name: 'Pothole or street defect',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: 'pothole,pavement,road',
      group: 'Streets and sidewalks',
    });
    expect(list.body.map((s) => s.service_code)).toEqual(
      expect.arrayContaining([
        'streetlight',
        'flooding',
        'water-leak',
        'graffiti',
        'noise',
        'abandoned-vehicle',
      ]),
    );
    const xml = await call(base, 'GET', '/open311/v2/services.xml');
    expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(xml.text).toContain('<service><service_code>pothole</service_code>');
    const definition = await call(base, 'GET', '/open311/v2/services/pothole.json');
    expect(definition.body).toEqual({ service_code: 'pothole', attributes: [] });
    const unknown = await call<SpecErrors>(base, 'GET', '/open311/v2/services/potholes.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([
      { code: 404, description: 'service_code "potholes" is not a service of this city' },
    ]);
  });

  it('turns the spec’s example report into a public incident on the live socket; a report 20 m away joins it, one 200 m away does not', async () => {
    const live = await connectLive(base);
    const place = newPlace();
    const first = await report(specExample(place));
    expect(first).toEqual({
      service_request_id: expect.stringMatching(/^\d+$/),
      service_notice: 'Public Works will look at it.',
      account_id: '123456',
      status_url: expect.stringMatching(new RegExp(`^${base}/r/[A-Za-z0-9_-]{43}$`)),
    });
    const request = await requestOf(first.service_request_id);
    expect(request).toMatchObject({
      service_request_id: first.service_request_id,
      status: 'open',
      service_code: 'pothole',
      service_name: 'Pothole or street defect',
      agency_responsible: 'Public Works',
      description: 'A large sinkhole is destroying the street',
      lat: place.lat,
      long: place.lon,
      address: '1234 5th street',
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    });
    // Never the reporter's details in a public answer.
    expect(JSON.stringify(request)).not.toMatch(/smit222|john|smith|111111111|tt222111/);

    const list = await call<{ incidents: Incident[] }>(
      base,
      'GET',
      '/api/v1/incidents?category=Street%20Defect',
      {
        headers: admin(),
      },
    );
    const opened = list.body.incidents.filter((i) => i.title.includes('A large sinkhole'));
    expect(opened).toHaveLength(1);
    const incidentId = opened[0]!.incidentId;
    expect(opened[0]).toMatchObject({
      status: 'reported',
      source: 'public',
      department: 'public-works',
      title: 'Pothole or street defect: A large sinkhole is destroying the street',
    });
    await eventually(async () =>
      live.messages.some((m) =>
        ((m.incidents ?? []) as Incident[]).some((i) => i.incidentId === incidentId && i.source === 'public'),
      ),
    );
    live.close();

    const second = await report(
      specExample(
        { lat: north(20, place.lat), lon: place.lon },
        { description: 'Same hole, getting bigger', email: 'b@example.org' },
      ),
    );
    expect(second.service_notice).toMatch(/already reported nearby/);
    const third = await report(
      specExample({ lat: north(200, place.lat), lon: place.lon }, { description: 'Another hole' }),
    );
    expect(third.service_notice).toBe('Public Works will look at it.');

    const detail = await incident(incidentId);
    expect(detail.timeline.map((e) => e.type)).toEqual(['reported', 'comment']);
    expect(detail.timeline[1]).toMatchObject({
      actor: 'public:open311',
      note: 'Another public report: Same hole, getting bigger',
    });
    const reports = await reportsOf(incidentId);
    expect(reports.body.count).toBe(2);
    expect(reports.body.reports.map((r) => r.id)).toEqual([
      first.service_request_id,
      second.service_request_id,
    ]);
    expect(reports.body.reports[1]!.reporter?.email).toBe('b@example.org');
    // An analyst reads the reports but never the reporters' details.
    const analyst = `analyst-${suffix}`;
    expect(
      (
        await call(base, 'POST', '/api/v1/admin/users', {
          headers: admin(),
          json: { username: analyst, password: 'a long enough password', role: 'analyst' },
        })
      ).status,
    ).toBe(201);
    const analystCookie = await signIn(base, analyst, 'a long enough password');
    const asAnalyst = await reportsOf(incidentId, { cookie: `${analystCookie.name}=${analystCookie.value}` });
    expect(asAnalyst.body.count).toBe(2);
    expect(asAnalyst.text).not.toMatch(/b@example\.org|smit222|reporter/);

    const both = await call<{ service_request_id: string; status: string }[]>(
      base,
      'GET',
      `/open311/v2/requests.json?service_request_id=${first.service_request_id},${second.service_request_id},${third.service_request_id}`,
    );
    expect(both.body.map((r) => [r.service_request_id, r.status])).toEqual([
      [first.service_request_id, 'open'],
      [second.service_request_id, 'open'],
      [third.service_request_id, 'open'],
    ]);
    const after = await call<{ incidents: Incident[] }>(
      base,
      'GET',
      '/api/v1/incidents?category=Street%20Defect',
      {
        headers: admin(),
      },
    );
    // The report 200 m away opened one incident; the one 20 m away none.
    expect(after.body.incidents).toHaveLength(list.body.incidents.length + 1);

    // Resolved, both reports say so, with the note.
    const works = await lead('public-works');
    const resolved = await call(base, 'POST', `/api/v1/incidents/${incidentId}/actions`, {
      headers: works,
      json: { type: 'resolved', note: 'Hole filled' },
    });
    expect(resolved.status, resolved.text).toBe(200);
    for (const id of [first.service_request_id, second.service_request_id])
      expect(await requestOf(id)).toMatchObject({ status: 'closed', status_notes: 'Hole filled' });
    const open = await call<{ service_request_id: string }[]>(
      base,
      'GET',
      '/open311/v2/requests.json?service_code=pothole&status=open',
    );
    expect(open.body.map((r) => r.service_request_id)).toContain(third.service_request_id);
    expect(open.body.map((r) => r.service_request_id)).not.toContain(first.service_request_id);
    const xml = await call(base, 'GET', `/open311/v2/requests/${third.service_request_id}.xml`);
    expect(xml.text).toContain(
      `<request><service_request_id>${third.service_request_id}</service_request_id><status>open</status>`,
    );
  });

  it('answers 400 listing every missing or invalid field, in the spec’s error shape', async () => {
    const empty = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', { form: {} });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual([
      {
        code: 400,
        description: 'service_code: missing (say which kind of problem this is; see services.json)',
      },
      { code: 400, description: 'lat and long: missing (the position of the problem is needed)' },
    ]);
    const bad = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', {
      form: {
        service_code: 'potholes',
        lat: '91',
        long: 'west',
        description: 'x'.repeat(4001),
        email: 'nobody',
        media_url: 'ftp://example.org/a.jpg',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.map((e) => e.description)).toEqual([
      'service_code: "potholes" is not a service of this city (see GET /open311/v2/services.json)',
      'lat: must be a number from -90 to 90 in degrees (got "91")',
      'long: must be a number from -180 to 180 in degrees (got "west")',
      'description: must be at most 4000 characters (got 4001)',
      'email: must be an e-mail address like name@example.org (got "nobody")',
      'media_url: must be an http or https address of at most 2000 characters',
    ]);
    const address = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', {
      json: { service_code: 'graffiti', address_string: '1 Dr Carlton B Goodlett Pl' },
    });
    expect(address.status).toBe(400);
    expect(address.body[0]!.description).toMatch(/cannot find an address on the map .*send lat and long/);
    const outside = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', {
      json: { service_code: 'graffiti', lat: 48.8566, long: 2.3522 },
    });
    expect(outside.body).toEqual([
      { code: 400, description: 'lat and long: 48.8566, 2.3522 is outside the city this service covers' },
    ]);
    const big = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', {
      form: { service_code: 'graffiti', description: 'x'.repeat(20_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body).toEqual([{ code: 413, description: 'the request is larger than 16384 bytes' }]);
    const unknownRequest = await call<SpecErrors>(base, 'GET', '/open311/v2/requests/999999.json');
    expect(unknownRequest.status).toBe(404);
    const badQuery = await call<SpecErrors>(
      base,
      'GET',
      '/open311/v2/requests.json?status=pending&start_date=today',
    );
    expect(badQuery.status).toBe(400);
    expect(badQuery.body).toHaveLength(2);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_open311_requests_total\{outcome="rejected_input"\} [1-9]/);
  });

  it('lets a lead of the owning department split a merged report off and reject spam; others get 403, no session 401, twice 409', async () => {
    const place = newPlace();
    const graffiti = (lat: number, description: string) =>
      report({
        service_code: 'graffiti',
        lat: String(lat),
        long: String(place.lon),
        description,
        email: 'x@example.org',
      });
    const a = await graffiti(place.lat, 'Tag on the library wall');
    const b = await graffiti(north(20, place.lat), 'Broken bench (not graffiti)');
    expect(b.service_notice).toMatch(/already reported nearby/);
    const works = await lead('public-works');
    const police = await lead('police');
    const split = (id: string, headers: Record<string, string>) =>
      call<{ incidentId: string; previousIncidentId: string; message?: string }>(
        base,
        'POST',
        `/api/v1/open311/requests/${id}/split`,
        { headers },
      );
    const reject = (id: string, headers: Record<string, string>, reason = 'Advertising, not a report') =>
      call<{ incidentClosed: boolean; message?: string }>(
        base,
        'POST',
        `/api/v1/open311/requests/${id}/reject`,
        {
          headers,
          json: { reason },
        },
      );

    expect((await split(b.service_request_id, {})).status).toBe(401);
    expect((await reject(b.service_request_id, {})).status).toBe(401);
    const byPolice = await split(b.service_request_id, police);
    expect(byPolice.status).toBe(403);
    expect(byPolice.body.message).toMatch(/only public-works, the department that owns incident/);
    expect((await reject(b.service_request_id, police)).status).toBe(403);

    const done = await split(b.service_request_id, works);
    expect(done.status, done.text).toBe(200);
    expect((await split(b.service_request_id, works)).status).toBe(409);
    const opener = await split(a.service_request_id, works);
    expect(opener.status).toBe(409);
    expect(opener.body.message).toMatch(/it is its own already/);
    // The old incident lists the report that stays, with the reporter's details for its lead.
    const listed = await reportsOf(done.body.previousIncidentId, works);
    expect(listed.body.count).toBe(1);
    expect(listed.body.reports.map((r) => [r.id, r.reporter?.email])).toEqual([
      [a.service_request_id, 'x@example.org'],
    ]);
    const old = await incident(done.body.previousIncidentId);
    expect(old.timeline.at(-1)).toMatchObject({
      type: 'comment',
      note: expect.stringContaining('split off'),
    });
    const fresh = await incident(done.body.incidentId);
    expect(fresh.incident).toMatchObject({
      source: 'public',
      status: 'reported',
      department: 'public-works',
    });
    expect(fresh.incident.title).toBe('Graffiti: Broken bench (not graffiti)');

    const empty = await call(base, 'POST', `/api/v1/open311/requests/${a.service_request_id}/reject`, {
      headers: works,
      json: { reason: '' },
    });
    expect(empty.status).toBe(400);
    const rejected = await reject(a.service_request_id, works);
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.incidentClosed).toBe(true);
    expect((await reject(a.service_request_id, works)).status).toBe(409);
    expect((await split(a.service_request_id, works)).status).toBe(409);
    const closed = await incident(done.body.previousIncidentId);
    expect(closed.incident.status).toBe('closed');
    expect(closed.timeline.at(-1)).toMatchObject({ type: 'closed', note: 'Advertising, not a report' });
    expect(await requestOf(a.service_request_id)).toMatchObject({
      status: 'closed',
      status_notes: 'Rejected: Advertising, not a report',
    });
    expect(await requestOf(b.service_request_id)).toMatchObject({ status: 'open' });
  });

  it('shows the reporter a status page with the history in plain words and nothing else of the city; hostile text stays text', async () => {
    const place = newPlace();
    await report({
      service_code: 'noise',
      lat: String(north(500, place.lat)),
      long: String(place.lon),
      description: 'Secret neighbour incident title',
    });
    const mine = await report({
      service_code: 'noise',
      lat: String(place.lat),
      long: String(place.lon),
      description: 'Jackhammer at 3am <script>alert("x")</script>',
      email: 'reporter@example.org',
      first_name: 'Ada',
    });
    const env = await lead('environment');
    const reports = await call<{ incidents: Incident[] }>(
      base,
      'GET',
      '/api/v1/incidents?category=Noise&status=open',
      {
        headers: admin(),
      },
    );
    const incidentId = reports.body.incidents.find((i) =>
      i.title.startsWith('Noise: Jackhammer'),
    )!.incidentId;
    const act = async (json: Record<string, unknown>) => {
      const res = await call(base, 'POST', `/api/v1/incidents/${incidentId}/actions`, { headers: env, json });
      expect(res.status, res.text).toBe(200);
    };
    await act({ type: 'acknowledged' });
    await act({ type: 'dispatched', unit: 'ENV-UNIT-7' });
    await act({ type: 'comment', note: 'Internal: call Bob Internal' });
    await act({ type: 'resolved', note: 'Spoke with the site manager; work stops at 10pm' });

    const page = await call(base, 'GET', new URL(mine.status_url).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    for (const words of [
      'Received',
      'Being handled by Environment',
      'A crew is on the way',
      'Resolved: Spoke with the site manager; work stops at 10pm',
      'Jackhammer at 3am &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
      'PST',
    ])
      expect(page.text).toContain(words);
    expect(page.text).not.toContain('<script');
    for (const secret of [
      'Secret neighbour',
      'ENV-UNIT-7',
      'Bob Internal',
      'environment-lead',
      'Lead Person',
      'reporter@example.org',
      'Ada',
    ])
      expect(page.text).not.toContain(secret);

    const json = await call<{ status: string; history: { text: string }[] }>(
      base,
      'GET',
      `${new URL(mine.status_url).pathname}.json`,
    );
    expect(json.body.status).toBe('closed');
    expect(json.body.history.map((s) => s.text)).toEqual([
      'Received',
      'Being handled by Environment',
      'A crew is on the way',
      'Resolved: Spoke with the site manager; work stops at 10pm',
    ]);
    const unknown = await call(base, 'GET', `/r/${'A'.repeat(43)}`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Report not found');
  });
});

describeEachTarget('Open311 abuse limits', (target) => {
  let stack: TestStack;
  let base: string;

  beforeAll(async () => {
    stack = await startStack(target, {
      env: { OPEN311_API_KEY_REQUIRED: 'true', OPEN311_RATE_LIMIT_PER_MIN: '3' },
    });
    base = stack.runtime.url;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('needs a standing API key when required (403 without or revoked) and answers 429 past the rate limit', async () => {
    const admin = authHeaders(base);
    const created = await call<{ id: string; key: string }>(base, 'POST', '/api/v1/admin/open311/keys', {
      headers: admin,
      json: { label: 'Neighbourhood app' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.key).toMatch(/^twin311_/);
    const listed = await call(base, 'GET', '/api/v1/admin/open311/keys', { headers: admin });
    expect(listed.text).toContain('Neighbourhood app');
    expect(listed.text).not.toContain(created.body.key);
    expect((await call(base, 'GET', '/api/v1/admin/open311/keys')).status).toBe(401);

    const form = (key?: string) => ({
      service_code: 'streetlight',
      lat: String(HERE.lat),
      long: String(HERE.lon),
      ...(key ? { api_key: key } : {}),
    });
    const without = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', { form: form() });
    expect(without.status).toBe(403);
    expect(without.body[0]!.description).toMatch(/^api_key: required/);
    const withKey = await call(base, 'POST', '/open311/v2/requests.json', { form: form(created.body.key) });
    expect(withKey.status, withKey.text).toBe(200);
    expect(
      (await call(base, 'DELETE', `/api/v1/admin/open311/keys/${created.body.id}`, { headers: admin }))
        .status,
    ).toBe(204);
    const revoked = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', {
      form: form(created.body.key),
    });
    expect(revoked.status).toBe(403);
    expect(revoked.body).toEqual([
      { code: 403, description: 'api_key: not a valid key (unknown or revoked)' },
    ]);

    const limited = await call<SpecErrors>(base, 'POST', '/open311/v2/requests.json', { form: form() });
    expect(limited.status).toBe(429);
    expect(limited.body[0]).toMatchObject({
      code: 429,
      description: expect.stringMatching(/^too many requests from your address: at most 3 a minute/),
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_open311_requests_total\{outcome="rate_limited"\} 1/);
    expect(metrics).toMatch(/twin_open311_requests_total\{outcome="refused_key"\} 2/);
    expect(metrics).toMatch(/twin_open311_requests_total\{outcome="created"\} 1/);
  });
});
