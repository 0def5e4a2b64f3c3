/**
 * The history import over real sockets (embedded stack, and PostgreSQL + a real broker when DATABASE_URL /
 * MQTT_URL are set): a slice of the real 2020 calls published twice through MQTT is stored once, with the
 * calls' own 2020 times, and the second import only counts duplicates.
 */
import { readFileSync } from 'node:fs';
import { callHistoryEvents, fireCallsFromCsv, importCallHistory } from '@twin/demo-feed';
import type { IncidentDetail, IncidentView } from '@twin/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachTarget, eventually, getJson, startStack, type TestStack } from './harness.js';

const lines = readFileSync(
  new URL('../../../data/cities/sf/sf-fire-calls-2020.csv', import.meta.url),
  'utf8',
).split('\n');
/** The header and the first 40 unit rows (about 15 calls). */
const CSV = lines.slice(0, 41).join('\n');
const TIME_ZONE = 'America/Los_Angeles';
const EXPECTED = fireCallsFromCsv(CSV).flatMap((c) => callHistoryEvents(c, { timeZone: TIME_ZONE }) ?? []);
const EXPECTED_EVENTS = EXPECTED.reduce((n, h) => n + h.count, 0);

async function storedEvents(base: string): Promise<number> {
  const { body } = await getJson<{ incidents: IncidentView[] }>(
    base,
    '/api/v1/incidents?status=all&limit=5000',
  );
  return body.incidents.filter((i) => i.incidentId.startsWith('call-')).reduce((n, i) => n + i.eventCount, 0);
}

async function duplicates(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^twin_incident_events_duplicate_total (\d+)/m.exec(text)?.[1] ?? 0);
}

describeEachTarget('the history import', (target) => {
  let stack: TestStack;
  let base: string;
  const run = () =>
    importCallHistory({
      mqttUrl: stack.runtime.mqttUrl,
      ...(stack.credentials ?? {}),
      topicRoot: stack.topicRoot,
      csv: CSV,
      timeZone: TIME_ZONE,
    });

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
  }, 60_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  it('stores the calls once, with their own 2020 times, however often they are imported', async () => {
    expect(EXPECTED.length).toBeGreaterThan(5);
    const first = await run();
    expect(first).toMatchObject({ calls: EXPECTED.length, events: EXPECTED_EVENTS, stopped: false });
    await eventually(async () => (await storedEvents(base)) === EXPECTED_EVENTS);

    const before = await duplicates(base);
    const second = await run();
    expect(second.events).toBe(EXPECTED_EVENTS);
    await eventually(async () => (await duplicates(base)) - before === EXPECTED_EVENTS);
    expect(await storedEvents(base)).toBe(EXPECTED_EVENTS);

    // The first call: received 2020-04-07 23:53:08 in San Francisco, closed when its last unit cleared.
    const { status, body } = await getJson<IncidentDetail>(base, '/api/v1/incidents/call-200983546');
    expect(status).toBe(200);
    expect(body.incident).toMatchObject({
      status: 'closed',
      department: 'ems',
      openedAt: Date.parse('2020-04-08T06:53:08Z'),
      acknowledgedAt: Date.parse('2020-04-08T06:55:30Z'),
      resolvedAt: Date.parse('2020-04-08T08:35:00Z'),
    });
    expect(body.timeline.map((e) => e.type)).toEqual([
      'reported',
      'acknowledged',
      'dispatched',
      'dispatched',
      'on_scene',
      'on_scene',
      'resolved',
      'closed',
    ]);
    // Asked whether it already imported, a caller that finds the last call stored publishes nothing.
    const third = await importCallHistory({
      mqttUrl: stack.runtime.mqttUrl,
      topicRoot: stack.topicRoot,
      csv: CSV,
      timeZone: TIME_ZONE,
      alreadyImported: async (last) => (await getJson(base, `/api/v1/incidents/${last}`)).status === 200,
    });
    expect(third.calls).toBe(0);
  });
});
