/** The HTTP API over a running service: filters, incident actions, errors for bad input, docs and health. */
import { topics } from '@twin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectPublisher,
  eventually,
  getJson,
  postJson,
  publish,
  startStack,
  type TestStack,
  targets,
} from './harness.js';

interface IncidentList {
  incidents: {
    incidentId: string;
    department: string;
    severity: number;
    status: string;
    district: string | null;
  }[];
  total: number;
}
interface Detail {
  incident: {
    status: string;
    department: string;
    assisting: string[];
    severity: number;
    units: { unit: string }[];
    awaitingAck: boolean;
    pendingHandover: { from: string; to: string } | null;
    handoffs: number;
  };
  timeline: { type: string; department: string; actor?: string; eventId: string }[];
}

// The API behaves the same on both stacks; the embedded one is enough here (the pipeline tests cover both).
const target = targets()[0]!;

describe('HTTP API', () => {
  let stack: TestStack;
  let base: string;
  const now = Date.now();

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    const pub = await connectPublisher(stack);
    const report = (dept: string, id: string, severity: number, lat: number, lon: number) =>
      publish(pub, topics.incidentEvents(stack.topicRoot, dept), {
        eventId: `${id}-r`,
        incidentId: id,
        type: 'reported',
        ts: now - 60_000,
        category: 'test',
        severity,
        lat,
        lon,
        title: `Incident ${id}`,
      });
    await report('fire', 'f-1', 5, 37.7599, -122.4148); // Mission
    await report('fire', 'f-2', 2, 37.8005, -122.41); // North Beach area
    await report('police', 'p-1', 3, 37.7599, -122.4148);
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'police'), {
      eventId: 'p-1-x',
      incidentId: 'p-1',
      type: 'closed',
      ts: now - 30_000,
    });
    await pub.endAsync();
    await eventually(
      async () => (await getJson<IncidentList>(base, '/api/v1/incidents?status=all')).body.total === 3,
    );
  });

  afterAll(async () => {
    await stack?.destroy();
  });

  it('filters incidents by status, department, severity, district and bbox', async () => {
    const ids = async (query: string) =>
      (await getJson<IncidentList>(base, `/api/v1/incidents?${query}`)).body.incidents
        .map((i) => i.incidentId)
        .sort();
    expect(await ids('status=open')).toEqual(['f-1', 'f-2']);
    expect(await ids('status=closed')).toEqual(['p-1']);
    expect(await ids('status=all&department=police')).toEqual(['p-1']);
    expect(await ids('status=all&minSeverity=3')).toEqual(['f-1', 'p-1']);
    expect(await ids('status=all&district=Mission')).toEqual(['f-1', 'p-1']);
    expect(await ids('status=all&bbox=-122.42,37.79,-122.40,37.81')).toEqual(['f-2']);
    const sorted = (await getJson<IncidentList>(base, '/api/v1/incidents?status=all')).body.incidents;
    // Most urgent first (the domain's compareByUrgency): open ones by severity, then the closed one.
    expect(sorted.map((i) => `${i.incidentId}:${i.severity}`)).toEqual(['f-1:5', 'f-2:2', 'p-1:3']);
  });

  it('acts on an incident across departments and records who did what', async () => {
    const act = (body: Record<string, unknown>) =>
      postJson<Detail>(base, '/api/v1/incidents/f-1/actions', body);
    expect((await act({ type: 'acknowledged', department: 'fire' })).status).toBe(200);
    // Who acted comes from the credentials, never from the body.
    expect((await act({ type: 'comment', department: 'fire', actor: 'Lt. Ortiz' })).status).toBe(400);
    expect((await act({ type: 'dispatched', department: 'fire', unit: 'E7' })).status).toBe(200);
    expect((await act({ type: 'assist_requested', department: 'fire', toDepartment: 'ems' })).status).toBe(
      200,
    );
    // A hand-over is offered by the owner and waits for the receiving department.
    const offered = await act({
      type: 'handover_offered',
      department: 'fire',
      toDepartment: 'police',
      note: 'crime scene',
    });
    expect(offered.status).toBe(200);
    expect(offered.body.incident.department).toBe('fire');
    expect(offered.body.incident.pendingHandover).toMatchObject({ from: 'fire', to: 'police' });
    const handed = await act({ type: 'handover_accepted', department: 'police' });
    expect(handed.status).toBe(200);
    expect(handed.body.incident.department).toBe('police');
    expect(handed.body.incident.pendingHandover).toBeNull();
    expect(handed.body.incident.handoffs).toBe(1);
    expect(handed.body.incident.assisting).toEqual(['ems']);
    expect(handed.body.incident.units.map((u) => u.unit)).toEqual(['E7']);
    // Already at 5: an escalation that would not raise it is refused, and says why.
    const notHigher = await act({ type: 'escalated', department: 'police', severity: 5 });
    expect(notHigher.status).toBe(409);
    const lowered = await act({ type: 'updated', department: 'police', severity: 3 });
    expect(lowered.status).toBe(400);
    const commented = await act({ type: 'comment', department: 'police', note: 'scene secured' });
    expect(commented.status).toBe(200);
    const resolved = await act({ type: 'resolved', department: 'police' });
    expect(resolved.body.incident.status).toBe('resolved');
    const timeline = resolved.body.timeline;
    expect(timeline.map((e) => e.type)).toEqual([
      'reported',
      'acknowledged',
      'dispatched',
      'assist_requested',
      'handover_offered',
      'handover_accepted',
      'comment',
      'resolved',
    ]);
    // The stack's API helpers act with its ADMIN_TOKEN (plugins/auth.ts: ADMIN_TOKEN_PRINCIPAL).
    expect(timeline[1]).toMatchObject({ department: 'fire', actor: 'admin-token' });
    expect(timeline[7]?.department).toBe('police');
  });

  it('rejects bad actions with a clear 4xx', async () => {
    const unknownIncident = await postJson<{ message: string }>(base, '/api/v1/incidents/nope/actions', {
      type: 'acknowledged',
      department: 'fire',
    });
    expect(unknownIncident.status).toBe(404);
    expect(unknownIncident.body.message).toMatch(/incident nope not found/);
    const unknownDept = await postJson<{ message: string }>(base, '/api/v1/incidents/f-2/actions', {
      type: 'handover_offered',
      department: 'fire',
      toDepartment: 'aliens',
    });
    expect(unknownDept.status).toBe(400);
    expect(unknownDept.body.message).toMatch(/unknown department "aliens"/);
    const missingUnit = await postJson<{ message: string }>(base, '/api/v1/incidents/f-2/actions', {
      type: 'dispatched',
      department: 'fire',
    });
    expect(missingUnit.status).toBe(400);
    expect(missingUnit.body.message).toMatch(/^unit: say which unit is dispatched/);
    // A hand-over between departments' own systems comes over MQTT; people offer one.
    const direct = await postJson(base, '/api/v1/incidents/f-2/actions', {
      type: 'handed_off',
      department: 'fire',
      toDepartment: 'police',
    });
    expect(direct.status).toBe(400);
    const badType = await postJson(base, '/api/v1/incidents/f-2/actions', {
      type: 'reported',
      department: 'fire',
    });
    expect(badType.status).toBe(400);
    const hostile = await postJson(base, '/api/v1/incidents/f-2/actions', {
      type: 'comment',
      department: 'fire',
      note: '<script>alert(1)</script>',
      extra: 'x',
    });
    expect(hostile.status).toBe(400);
    const oversized = await postJson<{ error: string }>(base, '/api/v1/incidents/f-2/actions', {
      type: 'comment',
      department: 'fire',
      note: 'x'.repeat(100_000),
    });
    expect(oversized.status).toBe(413);
    const detail = await getJson<Detail>(base, '/api/v1/incidents/f-2');
    expect(detail.body.timeline.map((e) => e.type)).toEqual(['reported']);
  });

  it('answers an action with 503 and the reason within seconds while the database refuses writes, and applies nothing', async () => {
    const pool = stack.runtime.pool;
    await pool.query(`create or replace function api_refuse() returns trigger language plpgsql as $$
      begin raise exception 'cannot execute INSERT in a read-only transaction' using errcode = '25006'; end $$`);
    await pool.query(
      'create trigger api_refuse before insert on incidents for each row execute function api_refuse()',
    );
    try {
      const started = Date.now();
      const res = await postJson<{ error: string; message: string }>(base, '/api/v1/incidents/f-2/actions', {
        type: 'comment',
        department: 'fire',
        note: 'during the outage',
      });
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('Service Unavailable');
      expect(res.body.message).toMatch(
        /^storage unavailable: database refuses writes: cannot execute INSERT/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await pool.query('drop trigger if exists api_refuse on incidents');
    }
    const { body } = await getJson<Detail>(base, '/api/v1/incidents/f-2');
    expect(body.timeline.some((e) => e.type === 'comment')).toBe(false);
  });

  it('answers bad queries and unknown ids with 400 and 404', async () => {
    expect((await getJson(base, '/api/v1/incidents?status=bogus')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents?bbox=1,2,3')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents?from=yesterday')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents/%3Cscript%3E')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents/unknown-id')).status).toBe(404);
    expect((await getJson(base, '/api/v1/sensors/unknown-id')).status).toBe(404);
    // ids may be 128 characters long: the route must match them (the router's default stops at 100)
    const longId = `L${'x'.repeat(127)}`;
    for (const path of [`/api/v1/incidents/${longId}`, `/api/v1/sensors/${longId}`]) {
      const res = await getJson<{ message: string }>(base, path);
      expect(res.status).toBe(404);
      expect(res.body.message).toMatch(new RegExp(`^(incident|sensor) ${longId} not found$`));
    }
    expect(
      (await getJson(base, '/api/v1/sensors/x/readings?metric=a&bucket=1&from=0&to=99999999999')).status,
    ).toBe(400);
    const notFound = await getJson<{ error: string }>(base, '/api/v1/nothing-here');
    expect(notFound.status).toBe(404);
  });

  it('answers bad times, windows and boxes on every route with a 400 naming the parameter and the rule', async () => {
    const bad = async (path: string, message: RegExp) => {
      const res = await getJson<{ error: string; message: string }>(base, path);
      expect({ path, status: res.status, body: res.body }).toMatchObject({
        status: 400,
        body: { error: 'Bad Request', message: expect.stringMatching(message) },
      });
    };
    const range = /must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z/;
    const format = /must be epoch milliseconds \(digits only\) or an ISO-8601 date-time with a time zone/;
    const readings = '/api/v1/sensors/x/readings?metric=x';
    // Times out of range (these were 500 "Invalid time value").
    await bad('/api/v1/incidents?to=99999999999999999', /^to .*99999999999999999/);
    await bad('/api/v1/incidents?to=99999999999999999', range);
    await bad(`${readings}&to=99999999999999999`, range);
    await bad(`${readings}&from=253402300800000`, /^from must be between/);
    await bad('/api/v1/dead-letters?from=99999999999999999', range);
    await bad('/api/v1/incidents?from=1969-12-31T23:59:59Z', /^from must be between/);
    // Not a time at all, or no zone, or no such day.
    await bad('/api/v1/incidents?from=yesterday', format);
    await bad(`${readings}&from=-5`, format);
    await bad('/api/v1/dead-letters?to=1e12', format);
    await bad('/api/v1/incidents?from=2024-05-01T12:00:00', /^from needs a time and a time zone/);
    await bad(`${readings}&to=2024-05-01`, /^to needs a time and a time zone/);
    await bad('/api/v1/incidents?to=2023-02-29T00:00:00Z', /^to is not a real calendar date and time/);
    await bad('/api/v1/incidents?from=2024-05-01T14:00:00+02:00', /"\+" in a URL must be written %2B/);
    // from after to (these answered an empty list).
    await bad('/api/v1/incidents?from=2000&to=1000', /^from must not be after to/);
    await bad(
      '/api/v1/incidents?from=2024-05-01T12:00:01Z&to=2024-05-01T14:00:00%2B02:00',
      /^from must not be after to/,
    );
    await bad(`${readings}&from=2000&to=1000`, /^from must not be after to/);
    await bad(`${readings}&from=1000&to=1000`, /^from must be before to/);
    await bad(`${readings}&from=${now + 86_400_000}`, /^from must be before to; .*\(default: now\)/);
    await bad('/api/v1/dead-letters?from=2000&to=1000', /^from must not be after to/);
    // Garbage boxes (these answered an empty list).
    await bad('/api/v1/incidents?bbox=1..2,3,4,5', /^bbox must be four numbers .*"1..2" is not a number/);
    await bad('/api/v1/incidents?bbox=1,2,3', /^bbox must be four numbers west,south,east,north/);
    await bad('/api/v1/incidents?bbox=1,2,3,4,5', /^bbox must be four numbers west,south,east,north/);
    await bad('/api/v1/incidents?bbox=a,b,c,d', /is not a number/);
    await bad(
      '/api/v1/incidents?bbox=-200,37,-122,38',
      /^bbox west is a longitude and must be between -180 and 180/,
    );
    await bad(
      '/api/v1/incidents?bbox=-123,37,-122,95',
      /^bbox north is a latitude and must be between -90 and 90/,
    );
    await bad('/api/v1/incidents?bbox=-122,37,-123,38', /^bbox west must be less than east/);
    await bad('/api/v1/incidents?bbox=-123,38,-122,37', /^bbox south must be less than north/);
    // The bucket rule of readings is kept.
    await bad(`${readings}&bucket=1&from=0&to=99999999999`, /more than 10000 buckets; use a larger bucket/);
    // Paging parameters of dead letters.
    await bad('/api/v1/dead-letters?before=10', /unknown parameter "before"/);
    await bad('/api/v1/dead-letters?cursor=abc', /^cursor is not a cursor this API gave out/);
    await bad('/api/v1/dead-letters?limit=1001', /limit/);
    await bad('/api/v1/dead-letters?limit=0', /limit/);
    await bad('/api/v1/dead-letters?limit=ten', /limit/);
    await bad(`/api/v1/dead-letters?reason=${'x'.repeat(201)}`, /reason/);
    await bad('/api/v1/incidents?updatedSince=yesterday', /^updatedSince must be epoch milliseconds/);
  });

  it('accepts good times and boxes in either notation', async () => {
    const ids = async (query: string) => {
      const res = await getJson<IncidentList>(base, `/api/v1/incidents?status=all&${query}`);
      expect(res.status).toBe(200);
      return res.body.incidents.map((i) => i.incidentId).sort();
    };
    const all = ['f-1', 'f-2', 'p-1'];
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await ids(`from=${now - 3_600_000}&to=${now}`)).toEqual(all);
    expect(await ids(`from=${iso(now - 3_600_000)}&to=${iso(now)}`)).toEqual(all);
    // The same instant written with an offset (the + escaped, as a URL needs).
    const offset = new Date(now + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    expect(await ids(`to=${encodeURIComponent(offset)}`)).toEqual(all);
    // An instant: what was active then. Before everything was reported: nothing.
    expect(await ids(`from=${now - 120_000}&to=${now - 120_000}`)).toEqual([]);
    expect(await ids('from=0&to=9999-12-31T23:59:59.999Z')).toEqual(all);
    expect(await ids('bbox=-180,-90,180,90')).toEqual(all);
    // Valid windows reach the sensor lookup (404: no such sensor) instead of failing validation.
    const readings = await getJson(
      base,
      `/api/v1/sensors/x/readings?metric=x&from=${iso(now - 60_000)}&to=${now}&bucket=1`,
    );
    expect(readings.status).toBe(404);
  });

  it('pages dead letters newest first with cursor/next and filters them by when they arrived', async () => {
    interface Page {
      total: number;
      next: string | null;
      items: { id: number; receivedAt: number; topic: string; reason: string }[];
    }
    const list = async (query: string) => {
      const res = await getJson<Page>(base, `/api/v1/dead-letters?${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const start = (await list('')).total;
    const pub = await connectPublisher(stack);
    for (let i = 0; i < 5; i++)
      await publish(pub, topics.sensorData(stack.topicRoot, `dl-${i}`), `{"broken": ${i}`);
    await pub.endAsync();
    const everything = await eventually(async () => {
      const body = await list('limit=1000');
      return body.total >= start + 5 ? body : null;
    });
    expect(everything.total).toBeGreaterThanOrEqual(5);
    expect(everything.items).toHaveLength(everything.total);
    expect(everything.next).toBeNull();
    // Newest first: by time received, then id.
    const order = everything.items.map((d) => [d.receivedAt, d.id] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
    const ids = everything.items.map((d) => d.id);
    expect(everything.items[0]?.reason).toMatch(/malformed JSON/);

    // Two at a time, following next, gives the same list; total is the same on every page.
    const paged: number[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: Page = await list(`limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.total).toBe(everything.total);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((d) => d.id));
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(paged).toEqual(ids);
    // A page that ends exactly at the last one says there is no next page.
    const exact = await list(`limit=${everything.total}`);
    expect(exact.next).toBeNull();
    expect(exact.items.map((d) => d.id)).toEqual(ids);
    const beforeLast = await list(`limit=${everything.total - 1}`);
    expect(beforeLast.next).not.toBeNull();
    expect(await list(`cursor=${beforeLast.next}`)).toMatchObject({
      items: [{ id: ids.at(-1) }],
      next: null,
    });

    // from/to on the time received, both ends included; total counts the window.
    const newest = everything.items[0]!;
    const at = await list(`from=${newest.receivedAt}&to=${new Date(newest.receivedAt).toISOString()}`);
    expect(at.items.map((d) => d.id)).toContain(newest.id);
    expect(at.total).toBe(everything.items.filter((d) => d.receivedAt === newest.receivedAt).length);
    const after = await list(`from=${newest.receivedAt + 1}`);
    expect(after).toMatchObject({ total: 0, items: [], next: null });
    const oldest = everything.items.at(-1)!;
    const upToOldest = await list(`to=${oldest.receivedAt}`);
    expect(upToOldest.total).toBe(everything.items.filter((d) => d.receivedAt <= oldest.receivedAt).length);
    expect(upToOldest.items.every((d) => d.receivedAt <= oldest.receivedAt)).toBe(true);
    const windowed = await list(`from=${oldest.receivedAt}&to=${newest.receivedAt}&limit=1`);
    expect(windowed.total).toBe(everything.total);
    expect(windowed.items.map((d) => d.id)).toEqual([newest.id]);
    expect(windowed.next).not.toBeNull();
    expect(await list('from=0&to=0')).toMatchObject({ total: 0, items: [], next: null });
  });

  it('serves departments, the city model with attributions, OpenAPI docs, health and metrics', async () => {
    const depts = await getJson<{ id: string }[]>(base, '/api/v1/departments');
    expect(depts.body.map((d) => d.id)).toEqual(
      expect.arrayContaining(['fire', 'ems', 'police', 'public-works']),
    );
    const city = await getJson<{
      name: string;
      districts: { features: unknown[] };
      attributions: { text: string }[];
      basemapUrl: string;
    }>(base, '/api/v1/city');
    expect(city.body.name).toBe('San Francisco');
    expect(city.body.districts.features.length).toBe(37);
    expect(city.body.attributions.map((a) => a.text).join(' ')).toMatch(/OpenStreetMap/);
    const tiles = await fetch(`${base}${city.body.basemapUrl}`, { headers: { range: 'bytes=0-126' } });
    expect(tiles.status).toBe(206);
    expect(
      Buffer.from(await tiles.arrayBuffer())
        .subarray(0, 7)
        .toString(),
    ).toBe('PMTiles');
    const openapi = await getJson<{ openapi: string; paths: Record<string, unknown> }>(base, '/docs/json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/incidents',
        '/api/v1/incidents/{incidentId}',
        '/api/v1/sensors/{sensorId}/readings',
      ]),
    );
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    expect((await getJson(base, '/healthz')).status).toBe(200);
    expect((await getJson<{ database: boolean; mqtt: boolean }>(base, '/readyz')).body).toMatchObject({
      database: true,
      mqtt: true,
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/# TYPE twin_messages_received_total counter/);
    // Only the metrics named, with the values the whole exposition gives them; an unknown name is refused.
    const some = await fetch(
      `${base}/metrics?name[]=twin_readings_stored_total&name%5B%5D=twin_messages_pending`,
    );
    expect(some.status).toBe(200);
    const text = await some.text();
    expect([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1])).toEqual([
      'twin_readings_stored_total',
      'twin_messages_pending',
    ]);
    const stored = /^twin_readings_stored_total (\S+)$/m;
    expect(stored.exec(text)?.[1]).toBe(stored.exec(await (await fetch(`${base}/metrics`)).text())?.[1]);
    const unknown = await fetch(`${base}/metrics?name[]=twin_nope`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toBe(
      'name[]: no metric is called "twin_nope"',
    );
  });
});
