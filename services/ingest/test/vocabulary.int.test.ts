/**
 * Real feeds' vocabulary and incomplete incidents, end to end over real sockets: categories as a city's
 * service-request feed writes them are stored and filterable by key; a message with several mistakes is
 * dead-lettered with every one of them in plain words; an incident whose `resolved` event arrives before
 * its `reported` one is shown as awaiting its report, counted (API and /metrics), and normal once the
 * report comes. Runs on the embedded stack, and on PostgreSQL + Mosquitto when DATABASE_URL / MQTT_URL
 * are set.
 */
import { type IncidentList, type IncidentView, topics } from '@twin/domain';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

interface DeadLetterBody {
  items: { topic: string; reason: string }[];
}

const REAL_CATEGORIES = ['Noise - Residential', 'Street & Sidewalk Cleaning', 'Graffiti – Private'];

async function awaitingGauge(base: string): Promise<number | null> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = /^twin_incidents_awaiting_report (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

describeEachTarget('real feed vocabulary', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  let root: string;
  const t0 = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    root = stack.topicRoot;
    pub = await connectPublisher(stack);
  });

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('stores real-world categories as written and filters them by key or by text', async () => {
    for (const [i, category] of REAL_CATEGORIES.entries()) {
      await publish(pub, topics.incidentEvents(root, 'public-works'), {
        eventId: `sr-${i}`,
        incidentId: `sr-${i}`,
        type: 'reported',
        ts: t0 + i * 1000,
        category,
        severity: 2,
        lat: 37.7599,
        lon: -122.4148,
        title: `Service request ${i}`,
      });
    }
    const all = await eventually(async () => {
      const { body } = await getJson<IncidentList>(base, '/api/v1/incidents?status=all');
      return body.incidents.filter((i) => i.incidentId.startsWith('sr-')).length === 3 ? body : null;
    });
    const stored = Object.fromEntries(
      all.incidents.map((i) => [i.incidentId, { category: i.category, key: i.categoryKey }]),
    );
    expect(stored['sr-0']).toEqual({ category: 'Noise - Residential', key: 'noise-residential' });
    expect(stored['sr-1']).toEqual({
      category: 'Street & Sidewalk Cleaning',
      key: 'street-sidewalk-cleaning',
    });
    expect(stored['sr-2']).toEqual({ category: 'Graffiti – Private', key: 'graffiti-private' });

    for (const query of ['noise-residential', 'Noise - Residential', 'NOISE  residential']) {
      const { status, body } = await getJson<IncidentList>(
        base,
        `/api/v1/incidents?status=all&category=${encodeURIComponent(query)}`,
      );
      expect(status, query).toBe(200);
      expect(
        body.incidents.map((i) => i.incidentId),
        query,
      ).toEqual(['sr-0']);
    }
    const graffiti = await getJson<IncidentList>(
      base,
      `/api/v1/incidents?status=all&category=${encodeURIComponent('graffiti - private')}`,
    );
    expect(graffiti.body.incidents.map((i) => i.incidentId)).toEqual(['sr-2']);
    const blank = await getJson<{ message: string }>(base, '/api/v1/incidents?category=---');
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe('category: must contain at least one letter or digit');
  });

  it('dead-letters a message with several mistakes with every one of them, in plain words', async () => {
    await publish(pub, topics.incidentEvents(root, 'police'), {
      eventId: 'multi-1',
      incidentId: 'multi-1',
      type: 'reported',
      ts: t0,
      category: 'Noise\u0007 - Residential',
      severity: 2,
      title: 'Party',
    });
    const letter = await eventually(async () => {
      const { body } = await getJson<DeadLetterBody>(base, '/api/v1/dead-letters');
      return body.items.find((d) => d.topic === topics.incidentEvents(root, 'police'));
    });
    expect(letter.reason).toBe(
      'category: contains a control character (U+0007); ' +
        'lat: missing (a reported event needs it); lon: missing (a reported event needs it)',
    );
    expect(letter.reason).not.toMatch(/\^|\$|\[a-z|\\u/);
    const rejected = await getJson<{ items: unknown[] }>(base, '/api/v1/incidents/multi-1');
    expect(rejected.status).toBe(404);
  });

  it('shows an incident whose resolved event came first as awaiting its report, counts it, and completes it', async () => {
    const before = await eventually(async () => awaitingGauge(base).then((n) => (n === null ? null : { n })));
    expect(before.n).toBe(0);

    await publish(pub, topics.incidentEvents(root, 'public-works'), {
      eventId: 'late-resolved',
      incidentId: 'late-1',
      type: 'resolved',
      ts: t0 + 5 * 60_000,
    });
    const waiting = await eventually(async () => {
      const { body } = await getJson<{ incident: IncidentView }>(base, '/api/v1/incidents/late-1');
      return body.incident;
    });
    expect(waiting).toMatchObject({
      awaitingReport: true,
      title: null,
      category: null,
      categoryKey: null,
      lat: null,
      lon: null,
      status: 'resolved',
      department: 'public-works',
    });

    const list = await getJson<IncidentList>(base, '/api/v1/incidents?status=all');
    expect(list.body.awaitingReport).toBe(1);
    const only = await getJson<IncidentList>(base, '/api/v1/incidents?status=all&awaitingReport=true');
    expect(only.body.incidents.map((i) => i.incidentId)).toEqual(['late-1']);
    expect(only.body.total).toBe(1);
    // NOTE: the store's gauges are at most STORE_GAUGES_MAX_AGE_MS old when scraped.
    await expect.poll(() => awaitingGauge(base), { timeout: 10_000 }).toBe(1);

    // the report, stamped before the resolution, arrives last
    await publish(pub, topics.incidentEvents(root, 'public-works'), {
      eventId: 'late-report',
      incidentId: 'late-1',
      type: 'reported',
      ts: t0,
      category: 'Street & Sidewalk Cleaning',
      severity: 2,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Debris on sidewalk',
    });
    const complete = await eventually(async () => {
      const { body } = await getJson<{ incident: IncidentView }>(base, '/api/v1/incidents/late-1');
      return body.incident.awaitingReport ? null : body.incident;
    });
    expect(complete).toMatchObject({
      title: 'Debris on sidewalk',
      category: 'Street & Sidewalk Cleaning',
      categoryKey: 'street-sidewalk-cleaning',
      status: 'resolved',
      openedAt: t0,
      resolvedAt: t0 + 5 * 60_000,
      district: 'Mission',
      eventCount: 2,
    });
    expect((await getJson<IncidentList>(base, '/api/v1/incidents?status=all')).body.awaitingReport).toBe(0);
    // NOTE: the store's gauges are at most STORE_GAUGES_MAX_AGE_MS old when scraped.
    await expect.poll(() => awaitingGauge(base), { timeout: 10_000 }).toBe(0);
  });
});
