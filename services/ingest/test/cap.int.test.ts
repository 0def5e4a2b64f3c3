/**
 * Public alerts over a running service (CAP 1.2): a lead issues an alert for an incident of their department
 * (valid against the OASIS XSD, area = the district's polygon), who else may and may not, the public Atom
 * feed, cancelling, and the ingest of other agencies' alerts (CAP_SOURCES) into GET /api/v1/warnings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import { capSchemaErrors } from '@twin/test-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.js';
import {
  authHeaders,
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  publish,
  signIn,
  startStack,
  type TestStack,
} from './harness.js';

const SAMPLE = join(REPO_ROOT, 'data/cities/sf/cap-sample.xml');
const PASSWORD = 'a long enough password';

interface Alert {
  id: string;
  identifier: string;
  msgType: string;
  areaDesc: string;
  active: boolean;
  xml: string;
  url: string;
}

describeEachTarget('public alerts (CAP 1.2)', (target) => {
  let stack: TestStack;
  let base: string;
  let dir: string;
  const cookies: Record<string, string> = {};

  async function as(
    who: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string; type: string; json: () => Alert & { message: string } }> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (who) headers.cookie = cookies[who]!;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      type: res.headers.get('content-type') ?? '',
      json: () => JSON.parse(text),
    };
  }

  async function user(username: string, role: string, department: string | null) {
    const res = await fetch(`${base}/api/v1/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(base) },
      body: JSON.stringify({ username, role, department, password: PASSWORD }),
    });
    expect(res.status, await res.text()).toBe(201);
    const c = await signIn(base, username, PASSWORD);
    cookies[username] = `${c.name}=${c.value}`;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-cap-'));
    await writeFile(join(dir, 'broken.xml'), '<alert><identifier>half');
    await writeFile(join(dir, 'not-cap.xml'), '<html><body>maintenance</body></html>');
    stack = await startStack(target, {
      env: {
        CAP_SOURCES: [SAMPLE, join(dir, 'broken.xml'), join(dir, 'not-cap.xml'), join(dir, 'gone.xml')].join(
          ',',
        ),
      },
    });
    base = stack.runtime.url;
    await user('fire-lead', 'lead', 'fire');
    await user('police-lead', 'lead', 'police');
    await user('an-analyst', 'analyst', null);
    const pub = await connectPublisher(stack);
    // In the Mission (as api.int.test.ts places it).
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: 'cap-f1-r',
      incidentId: 'cap-f1',
      type: 'reported',
      ts: Date.now() - 60_000,
      category: 'Structure Fire',
      severity: 4,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Warehouse fire, heavy smoke',
    });
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: 'cap-f2-r',
      incidentId: 'cap-f2',
      type: 'reported',
      ts: Date.now() - 60_000,
      category: 'Alarm',
      severity: 2,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Alarm sounding',
    });
    await pub.endAsync();
    await eventually(async () => (await getJson(base, '/api/v1/incidents/cap-f1')).status === 200);
    await eventually(async () => (await getJson(base, '/api/v1/incidents/cap-f2')).status === 200);
  });

  afterAll(async () => {
    await stack?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('a lead of the owning department issues an alert: 201, valid CAP 1.2, the district polygon as the area', async () => {
    const res = await as('fire-lead', 'POST', '/api/v1/incidents/cap-f1/alerts', {
      urgency: 'Immediate',
      instruction: 'Keep windows closed.',
      expiresInMin: 60,
    });
    expect(res.status, res.text).toBe(201);
    const alert = res.json();
    expect(alert).toMatchObject({ msgType: 'Alert', areaDesc: 'Mission', active: true });
    expect(await capSchemaErrors(alert.xml)).toEqual([]);
    expect(alert.xml).toContain('<urgency>Immediate</urgency>');
    expect(alert.xml).toContain('<severity>Severe</severity>');
    expect(alert.xml).toContain('<senderName>Fire</senderName>');
    expect(alert.xml).toContain('<sender>twin@sf.invalid</sender>');
    expect(alert.xml).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00<\/sent>/);
    // The area is the Mission's polygon from the city pack, latitude first and closed.
    const city = (
      await getJson<{
        districts: {
          features: {
            properties: { name: string };
            geometry: { type: string; coordinates: number[][][] | number[][][][] };
          }[];
        };
      }>(base, '/api/v1/city')
    ).body;
    const mission = city.districts.features.find((f) => f.properties.name === 'Mission')!;
    const outer = (
      mission.geometry.type === 'Polygon'
        ? mission.geometry.coordinates[0]
        : (mission.geometry.coordinates as number[][][][])[0]![0]
    ) as number[][];
    const polygon = /<polygon>([^<]+)<\/polygon>/.exec(alert.xml)![1]!.split(' ');
    expect(polygon[0]).toBe(`${outer[0]![1]},${outer[0]![0]}`);
    expect(polygon.at(-1)).toBe(polygon[0]);
    expect(polygon.length).toBeGreaterThanOrEqual(outer.length);

    // Its own document, public, as application/cap+xml; and a note on the incident's timeline.
    const doc = await as(null, 'GET', alert.url);
    expect(doc.status).toBe(200);
    expect(doc.type).toMatch(/^application\/cap\+xml/);
    expect(doc.text).toBe(alert.xml);
    const detail = await getJson<{ timeline: { type: string; actor?: string; note?: string }[] }>(
      base,
      '/api/v1/incidents/cap-f1',
    );
    expect(detail.body.timeline.at(-1)).toMatchObject({ type: 'comment', actor: 'fire-lead' });
    expect(detail.body.timeline.at(-1)!.note).toMatch(/^Public alert issued \(CAP Alert, Severe, Mission\)/);
  });

  it('an Update replaces the alerts in force and references them; with none in force it is refused (409)', async () => {
    const first = (await as('fire-lead', 'GET', '/api/v1/incidents/cap-f1/alerts')).json() as unknown as {
      alerts: Alert[];
    };
    const before = first.alerts.filter((a) => a.active);
    expect(before).toHaveLength(1);
    const res = await as('fire-lead', 'POST', '/api/v1/incidents/cap-f1/alerts', {
      msgType: 'Update',
      headline: 'Smoke spreading east',
    });
    expect(res.status, res.text).toBe(201);
    const update = res.json();
    expect(update.msgType).toBe('Update');
    expect(update.areaDesc).toBe('Mission');
    expect(await capSchemaErrors(update.xml)).toEqual([]);
    expect(update.xml).toContain(`<references>twin@sf.invalid,${before[0]!.identifier},`);
    const after = (await as('fire-lead', 'GET', '/api/v1/incidents/cap-f1/alerts')).json() as unknown as {
      alerts: Alert[];
    };
    expect(after.alerts.filter((a) => a.active).map((a) => a.id)).toEqual([update.id]);
    const feed = await as(null, 'GET', '/api/v1/alerts.cap');
    expect(feed.text).not.toContain(`<identifier>${before[0]!.identifier}</identifier>`);
    expect(feed.text).toContain(`<identifier>${update.identifier}</identifier>`);

    const none = await as('fire-lead', 'POST', '/api/v1/incidents/cap-f2/alerts', { msgType: 'Update' });
    expect(none.status).toBe(409);
    expect(none.json().message).toBe('no public alert of this incident is in force to update');
  });

  it('refuses an analyst and another department’s lead (403), and anyone without a session (401)', async () => {
    expect((await as('an-analyst', 'POST', '/api/v1/incidents/cap-f1/alerts', {})).status).toBe(403);
    const other = await as('police-lead', 'POST', '/api/v1/incidents/cap-f1/alerts', {});
    expect(other.status).toBe(403);
    expect(other.json().message).toMatch(/only a lead of fire/);
    expect((await as(null, 'POST', '/api/v1/incidents/cap-f1/alerts', {})).status).toBe(401);
    const badArea = await as('fire-lead', 'POST', '/api/v1/incidents/cap-f1/alerts', {
      area: { district: 'Atlantis' },
    });
    expect(badArea.status).toBe(400);
    expect(badArea.json().message).toBe('area.district: "Atlantis" is not a district of the city');
  });

  it('the Atom feed lists the alerts in force without a session; a cancel takes the alert out', async () => {
    const drawn = await as('fire-lead', 'POST', '/api/v1/incidents/cap-f1/alerts', {
      area: {
        polygon: [
          [-122.42, 37.76],
          [-122.41, 37.76],
          [-122.41, 37.77],
        ],
      },
      headline: 'Smoke <east> & south',
    });
    expect(drawn.status, drawn.text).toBe(201);
    const alert = drawn.json();
    expect(alert.areaDesc).toBe('Part of Mission');
    expect(await capSchemaErrors(alert.xml)).toEqual([]);
    expect(alert.xml).toContain('<polygon>37.76,-122.42 37.76,-122.41 37.77,-122.41 37.76,-122.42</polygon>');

    const feed = await as(null, 'GET', '/api/v1/alerts.cap');
    expect(feed.status).toBe(200);
    expect(feed.type).toMatch(/^application\/atom\+xml/);
    expect(feed.text).toContain(`<identifier>${alert.identifier}</identifier>`);
    expect(feed.text).toContain('Smoke &lt;east&gt; &amp; south');
    expect(feed.text).toMatch(
      new RegExp(`<link rel="alternate" type="application/cap\\+xml" href="http://[^"]+${alert.url}"/>`),
    );

    const cancel = await as('fire-lead', 'POST', `/api/v1/alerts/${alert.id}/cancel`);
    expect(cancel.status, cancel.text).toBe(201);
    const cancelled = cancel.json();
    expect(cancelled.msgType).toBe('Cancel');
    expect(await capSchemaErrors(cancelled.xml)).toEqual([]);
    expect(cancelled.xml).toContain(`<references>twin@sf.invalid,${alert.identifier},`);
    const after = await as(null, 'GET', '/api/v1/alerts.cap');
    // The withdrawn alert is gone; its Cancel is there so a reader that saw it learns it is withdrawn.
    expect(after.text).not.toContain(`<identifier>${alert.identifier}</identifier>`);
    expect(after.text).toContain(`<identifier>${cancelled.identifier}</identifier>`);
    expect((await as('fire-lead', 'POST', `/api/v1/alerts/${alert.id}/cancel`)).status).toBe(409);
    const list = await as('an-analyst', 'GET', '/api/v1/incidents/cap-f1/alerts');
    const alerts = (JSON.parse(list.text) as { alerts: Alert[] }).alerts;
    expect(alerts.find((a) => a.id === alert.id)?.active).toBe(false);
  });

  it('reads the sample warning from CAP_SOURCES into /api/v1/warnings; bad sources are counted, not fatal', async () => {
    const round = await stack.runtime.app.capIngest.pollOnce();
    // The sample is stored once (already by the round at start, or now); broken and not-CAP files are
    // invalid, the missing one unreachable.
    expect(round).toMatchObject({ invalid: 2, unreachable: 1, failed: 0 });
    expect(round.stored + round.unchanged).toBe(1);
    const warnings = await getJson<{
      type: string;
      features: {
        properties: { event: string; severity: string; expires: number };
        geometry: { type: string; coordinates: number[][][][] };
      }[];
    }>(base, '/api/v1/warnings?active=true');
    expect(warnings.status).toBe(200);
    expect(warnings.body.type).toBe('FeatureCollection');
    const flood = warnings.body.features.find((f) => f.properties.event === 'Flood Warning')!;
    expect(flood.properties.severity).toBe('Severe');
    expect(flood.geometry.type).toBe('MultiPolygon');
    expect(flood.geometry.coordinates[0]![0]![0]).toEqual([-122.3935, 37.7795]);
    expect((await as(null, 'GET', '/api/v1/warnings')).status).toBe(401);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_cap_ingest_total\{outcome="invalid"\} [1-9]/);
    expect(metrics).toMatch(/twin_cap_ingest_total\{outcome="unreachable"\} [1-9]/);
    // The service still answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
