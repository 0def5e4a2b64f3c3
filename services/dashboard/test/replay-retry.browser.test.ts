/**
 * Replay when its requests fail, in a real Chromium against the real service: the page's own requests for
 * the first slice and its readings are answered 503 a few times (as while the database reconnects) and then
 * let through to the service. The panel says in words what is missing and when it is tried again, playing
 * waits at the missing sensor values, "Retry now" asks at once, and the incidents and sensor values appear
 * once the requests succeed. A request the server refuses (400, 403) is shown with its message, never retried.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import {
  fetchJson,
  freePort,
  issueIntegrationCredential,
  publishJson,
  type ServiceProcess,
  startService,
  waitFor,
} from '@twin/test-kit';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { createUser, signInAs, type TestUser } from './sign-in.js';

const MIN = 60_000;
/** 2020-04-07 10:00 in San Francisco (PDT): the window is 10:00–11:00 there, its first slice 10:00–10:05. */
const T0 = Date.UTC(2020, 3, 7, 17, 0);
const WINDOW_URL = `/replay?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 60 * MIN).toISOString()}`;
const ANALYST: TestUser = { username: 'retry-analyst', role: 'analyst', department: null };
const INCIDENT = { id: 'rr-a', place: [-122.418, 37.775] as [number, number] };
const SENSOR = { id: 'rr-s1', place: [-122.44, 37.79] as [number, number] };

/** The page's slice and readings requests of the first slice (from = T0), answered by the test's rule. */
const FIRST_SLICE = /\/api\/v1\/replay\?from=1586278800000&/;
const FIRST_READINGS = /\/api\/v1\/replay\/readings\?from=1586278800000&/;

type Answer = { status: number; message: string; retryAfterS?: number } | 'through';

/** Answers the matching requests by `plan` (the n-th request gets plan[n], later ones go through); counts them. */
async function answerWith(page: Page, url: RegExp, plan: Answer[]): Promise<number[]> {
  const times: number[] = [];
  await page.route(url, async (route: Route) => {
    const answer = plan[times.length] ?? 'through';
    times.push(Date.now());
    if (answer === 'through') return route.continue();
    await route.fulfill({
      status: answer.status,
      contentType: 'application/json',
      headers: answer.retryAfterS === undefined ? {} : { 'retry-after': String(answer.retryAfterS) },
      body: JSON.stringify({ error: `HTTP ${answer.status}`, message: answer.message }),
    });
  });
  return times;
}

/** Whether the replay's sensor layer draws a sensor at SENSOR.place (picked through the page's own map). */
function sensorDrawn(page: Page): Promise<boolean> {
  return page.evaluate((place) => {
    type Picked = { index: number } | null;
    const { map, pickObject } = (
      globalThis as unknown as {
        __twinMap: {
          map: { project(p: [number, number]): { x: number; y: number } };
          pickObject(o: object): Picked;
        };
      }
    ).__twinMap;
    const { x, y } = map.project(place);
    const picked = pickObject({ x, y, radius: 4, layerIds: ['sensors'] });
    return picked !== null && picked.index >= 0;
  }, SENSOR.place);
}

const problem = (page: Page, part: 'incidents' | 'sensors') =>
  page.locator(`[data-testid=replay-problem][data-part=${part}]`);
const playhead = async (page: Page) => Number(await page.getByTestId('replay-clock').getAttribute('data-t'));

describe.skipIf(!haveChromium)('replay requests that fail', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `rr${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-replay-retry-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `replay-retry-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false', HISTORY_IMPORT: 'false' },
    });
    // Sensor metadata needs a credential of the embedded broker (anonymous clients publish data only).
    const credentials = await issueIntegrationCredential(service.url, 'replay-retry-publisher');
    // A sensor reporting every minute from 09:50 to 10:20, and one incident open over the window's start.
    await publishJson(
      service.mqttUrl,
      [
        {
          topic: topics.sensorMeta(topicRoot, SENSOR.id),
          payload: {
            name: 'Retry air',
            kind: 'air_quality',
            department: 'environment',
            lon: SENSOR.place[0],
            lat: SENSOR.place[1],
            intervalS: 60,
            units: { pm25: 'µg/m³' },
          },
        },
        ...Array.from({ length: 31 }, (_, i) => ({
          topic: topics.sensorData(topicRoot, SENSOR.id),
          payload: { ts: T0 + (i - 10) * MIN, values: { pm25: 10 + (i % 5) } },
        })),
      ],
      credentials,
    );
    await publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'fire'),
        payload: {
          eventId: 'rr-a-0',
          incidentId: INCIDENT.id,
          type: 'reported',
          ts: T0 - 5 * MIN,
          category: 'Alarms',
          severity: 3,
          lon: INCIDENT.place[0],
          lat: INCIDENT.place[1],
          title: 'Replay retry test',
        },
      },
    ]);
    await waitFor({ timeoutMs: 60_000, what: 'the incident and the readings stored' }, async () => {
      const incidents = await fetchJson<{ incidents: unknown[] }>(
        service.url,
        '/api/v1/incidents?status=all',
      );
      const sensors = await fetchJson<{ sensorId: string; lastSeen: number | null }[]>(
        service.url,
        '/api/v1/sensors',
      );
      const seen = sensors.body.find?.((s) => s.sensorId === SENSOR.id)?.lastSeen ?? null;
      const n = incidents.body.incidents?.length ?? 0;
      return {
        done: n === 1 && seen === T0 + 20 * MIN,
        value: null,
        seen: `${n} incidents, last seen ${seen}`,
      };
    });
    await createUser(service.url, ANALYST);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAs(page, service.url, ANALYST);
    return page;
  }

  it('says what is missing while it retries, waits to play, and shows the incidents and sensor values once in', async () => {
    const page = await openPage();
    const reconnecting = { status: 503, message: 'the database is reconnecting' };
    const slices = await answerWith(page, FIRST_SLICE, [
      { ...reconnecting, retryAfterS: 1 },
      { ...reconnecting, retryAfterS: 1 },
    ]);
    // The second failure asks for a minute's wait: only "Retry now" brings the values within this test.
    const readings = await answerWith(page, FIRST_READINGS, [
      { ...reconnecting, retryAfterS: 1 },
      { ...reconnecting, retryAfterS: 60 },
    ]);
    await page.goto(`${service.url}${WINDOW_URL}`);

    await expect
      .poll(() => problem(page, 'incidents').textContent(), { timeout: 30_000 })
      .toMatch(
        /^Incidents for 2020-04-07 10:00–10:05 PDT could not be loaded \(the server answered 503: the database is reconnecting\) — retrying (in \d+ s\.|now…)$/,
      );
    // Tried again by itself, never sooner than the server's Retry-After, and then the incidents are in.
    await page
      .locator(`[data-testid=replay-incident][data-incident-id=${INCIDENT.id}]`)
      .waitFor({ timeout: 30_000 });
    expect(slices).toHaveLength(3);
    expect((slices[1] as number) - (slices[0] as number)).toBeGreaterThanOrEqual(900);
    expect((slices[2] as number) - (slices[1] as number)).toBeGreaterThanOrEqual(900);
    await expect.poll(() => problem(page, 'incidents').count()).toBe(0);

    // The sensor values failed twice: a minute's wait, said in words, with "Retry now".
    const sensors = problem(page, 'sensors');
    await expect.poll(() => sensors.getAttribute('data-failures'), { timeout: 30_000 }).toBe('2');
    expect(await sensors.textContent()).toMatch(
      /^Sensor values for 2020-04-07 10:00–10:05 PDT could not be loaded \(the server answered 503: the database is reconnecting\) — retrying in (5\d|60) s\.$/,
    );
    const retryNow = page.getByTestId('replay-retry-now');
    await retryNow.waitFor();

    // Playing waits at the missing values rather than playing on without them.
    await page.getByTestId('replay-play').click();
    await expect
      .poll(() => page.getByTestId('replay-state').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('waiting');
    expect(await page.getByTestId('replay-state').textContent()).toBe(
      'Waiting for the data that could not be loaded',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await playhead(page)).toBe(T0);
    expect(readings).toHaveLength(2);

    await page.locator('[data-map-loaded=true]').waitFor({ timeout: 120_000 });
    expect(await sensorDrawn(page)).toBe(false);
    await retryNow.click();
    await expect.poll(() => sensorDrawn(page), { timeout: 20_000 }).toBe(true);
    expect(readings).toHaveLength(3);
    await expect.poll(() => page.getByTestId('replay-problems').count()).toBe(0);
    // The values are in: playing moves on.
    await expect.poll(() => playhead(page), { timeout: 20_000 }).toBeGreaterThan(T0);
    await page.close();
  });

  it("shows a request the server refused with the server's message, and does not ask again", async () => {
    const page = await openPage();
    const slices = await answerWith(page, FIRST_SLICE, [
      { status: 400, message: 'from: must be a time before to' },
    ]);
    const readings = await answerWith(page, FIRST_READINGS, [
      { status: 403, message: 'analysts may not read these sensors' },
    ]);
    await page.goto(`${service.url}${WINDOW_URL}`);
    await expect
      .poll(() => problem(page, 'incidents').textContent(), { timeout: 30_000 })
      .toBe('Incidents for 2020-04-07 10:00–10:05 PDT could not be loaded: from: must be a time before to.');
    await expect
      .poll(() => problem(page, 'sensors').textContent(), { timeout: 30_000 })
      .toBe(
        'Sensor values for 2020-04-07 10:00–10:05 PDT could not be loaded: analysts may not read these sensors.',
      );
    expect(await page.getByTestId('replay-retry-now').count()).toBe(0);
    expect(await page.getByTestId('replay-progress').textContent()).toBe(
      'Loading stopped after 0 of 2 parts of the window.',
    );
    // Well past the first retry's time: still asked once each.
    await new Promise((r) => setTimeout(r, 2500));
    expect(slices).toHaveLength(1);
    expect(readings).toHaveLength(1);
    await page.close();
  });

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
