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
    const pub = await connectPublisher(stack.runtime.mqttUrl);
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
    expect(sorted.map((i) => i.severity)).toEqual([5, 3, 2]);
  });

  it('acts on an incident across departments and records who did what', async () => {
    const act = (body: Record<string, unknown>) =>
      postJson<Detail>(base, '/api/v1/incidents/f-1/actions', body);
    expect((await act({ type: 'acknowledged', department: 'fire', actor: 'Lt. Ortiz' })).status).toBe(200);
    expect((await act({ type: 'dispatched', department: 'fire', unit: 'E7' })).status).toBe(200);
    expect((await act({ type: 'assist_requested', department: 'fire', toDepartment: 'ems' })).status).toBe(
      200,
    );
    const handed = await act({
      type: 'handed_off',
      department: 'fire',
      toDepartment: 'police',
      note: 'crime scene',
    });
    expect(handed.status).toBe(200);
    expect(handed.body.incident.department).toBe('police');
    expect(handed.body.incident.awaitingAck).toBe(true);
    expect(handed.body.incident.assisting).toEqual(['ems']);
    expect(handed.body.incident.units.map((u) => u.unit)).toEqual(['E7']);
    const escalated = await act({ type: 'escalated', department: 'police', severity: 5 });
    expect(escalated.body.incident.severity).toBe(5);
    const resolved = await act({ type: 'resolved', department: 'police' });
    expect(resolved.body.incident.status).toBe('resolved');
    const timeline = resolved.body.timeline;
    expect(timeline.map((e) => e.type)).toEqual([
      'reported',
      'acknowledged',
      'dispatched',
      'assist_requested',
      'handed_off',
      'escalated',
      'resolved',
    ]);
    expect(timeline[1]).toMatchObject({ department: 'fire', actor: 'Lt. Ortiz' });
    expect(timeline[6]?.department).toBe('police');
  });

  it('rejects bad actions with a clear 4xx', async () => {
    const unknownIncident = await postJson<{ message: string }>(base, '/api/v1/incidents/nope/actions', {
      type: 'acknowledged',
      department: 'fire',
    });
    expect(unknownIncident.status).toBe(404);
    expect(unknownIncident.body.message).toMatch(/incident nope not found/);
    const unknownDept = await postJson<{ message: string }>(base, '/api/v1/incidents/f-2/actions', {
      type: 'handed_off',
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
    expect(missingUnit.body.message).toMatch(/needs unit/);
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

  it('answers bad queries and unknown ids with 400 and 404', async () => {
    expect((await getJson(base, '/api/v1/incidents?status=bogus')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents?bbox=1,2,3')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents?from=yesterday')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents/%3Cscript%3E')).status).toBe(400);
    expect((await getJson(base, '/api/v1/incidents/unknown-id')).status).toBe(404);
    expect((await getJson(base, '/api/v1/sensors/unknown-id')).status).toBe(404);
    expect(
      (await getJson(base, '/api/v1/sensors/x/readings?metric=a&bucket=1&from=0&to=99999999999')).status,
    ).toBe(400);
    const notFound = await getJson<{ error: string }>(base, '/api/v1/nothing-here');
    expect(notFound.status).toBe(404);
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
  });
});
