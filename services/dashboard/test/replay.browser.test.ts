/**
 * Replay in a real Chromium against the real service (embedded broker and database, no demo feed, no
 * history import): an analyst picks a 2020 window, plays and pauses it, and the list and the map show the
 * incidents open at the playhead with their statuses then; stepping lands on the next event; the shared link
 * reopens the same frame; the incidents CSV export downloads rows that match the API's timelines; the
 * playback records as a WebM file. Every incident of the window has its trail, and one closed before the
 * playhead shows its full timeline when selected; a sensor is drawn stale by the wall's rule at the playhead.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IncidentDetail, topics, type WindowAnalysis } from '@twin/domain';
import {
  fetchJson,
  freePort,
  issueIntegrationCredential,
  publishJson,
  type ServiceProcess,
  startService,
  waitFor,
} from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { createUser, signInAs, type TestUser } from './sign-in.js';
import { recordedFrame } from './video-frame-probe.js';

const MIN = 60_000;
/** 2020-04-07 10:00 in San Francisco (PDT, UTC−7): the window is 10:00–12:00 there. */
const T0 = Date.UTC(2020, 3, 7, 17, 0);
const WINDOW = { from: '2020-04-07T10:00', to: '2020-04-07T12:00' };
const ANALYST: TestUser = { username: 'replay-analyst', role: 'analyst', department: null };

type Ev = { id: string; dept: string; type: string; at: number; extra?: Record<string, unknown> };
const PLACES: Record<string, [number, number]> = {
  'rp-a': [-122.418, 37.775],
  'rp-b': [-122.405, 37.785],
  'rp-c': [-122.43, 37.765],
};
/**
 * A sensor reporting once a minute (intervalS 60: stale 3 min after its last reading, plus one 1-minute bucket,
 * as a 2-hour window replays 1-minute buckets) from T0 − 10 min to T0 + 20 min, then silent: reporting at the
 * window's start, stale from about T0 + 25 min.
 */
const SENSOR = { id: 'rp-s1', place: [-122.44, 37.79] as [number, number], lastAt: 20 };
/** The ring colour of a stale or offline sensor (layers/sensor-style.ts SENSOR_STALE). */
const STALE_RING = [150, 156, 168];
// The lifecycles (minutes after T0):
//   rp-c (police): reported −30, acknowledged −20, resolved 25 — open when the window starts.
//   rp-a (fire):   reported 10, acknowledged 15, E1 dispatched 20, on scene 30, resolved 60, closed 70.
//   rp-b (ems):    reported 40, acknowledged 50 — still open when the window ends.
const EVENTS: Ev[] = [
  { id: 'rp-c', dept: 'police', type: 'reported', at: -30 },
  { id: 'rp-c', dept: 'police', type: 'acknowledged', at: -20 },
  { id: 'rp-c', dept: 'police', type: 'resolved', at: 25 },
  { id: 'rp-a', dept: 'fire', type: 'reported', at: 10 },
  { id: 'rp-a', dept: 'fire', type: 'acknowledged', at: 15 },
  { id: 'rp-a', dept: 'fire', type: 'dispatched', at: 20, extra: { unit: 'E1' } },
  { id: 'rp-a', dept: 'fire', type: 'on_scene', at: 30, extra: { unit: 'E1' } },
  { id: 'rp-a', dept: 'fire', type: 'resolved', at: 60 },
  { id: 'rp-a', dept: 'fire', type: 'closed', at: 70 },
  { id: 'rp-b', dept: 'ems', type: 'reported', at: 40 },
  { id: 'rp-b', dept: 'ems', type: 'acknowledged', at: 50 },
];

/** The incidents open at `t` and their status then, worked out by hand from the lifecycles above. */
function expectedAt(t: number): Record<string, string> {
  const m = (t - T0) / MIN;
  const open: Record<string, string> = {};
  if (m >= -30 && m < 25) open['rp-c'] = m < -20 ? 'reported' : 'acknowledged';
  if (m >= 10 && m < 60)
    open['rp-a'] = m < 15 ? 'reported' : m < 20 ? 'acknowledged' : m < 30 ? 'dispatched' : 'on_scene';
  if (m >= 40) open['rp-b'] = m < 50 ? 'reported' : 'acknowledged';
  return open;
}

async function listed(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('[data-testid=replay-incident]').all();
  const entries = await Promise.all(
    rows.map(async (r) => [await r.getAttribute('data-incident-id'), await r.getAttribute('data-status')]),
  );
  return Object.fromEntries(entries);
}

/**
 * The object a map layer holds at each incident's place, picked through the page's own map (`dx` pixels to the
 * right of the place, within `radius`), by incident id; places with nothing there are left out.
 */
function pickedAtPlaces<T>(
  page: Page,
  layerId: string,
  dx: number,
  radius: number,
): Promise<Record<string, T>> {
  return page.evaluate(
    ({ places, layerId, dx, radius }) => {
      type Picked = { object?: unknown } | null;
      const { map, pickObject } = (
        globalThis as unknown as {
          __twinMap: {
            map: { project(p: [number, number]): { x: number; y: number } };
            pickObject(o: object): Picked;
          };
        }
      ).__twinMap;
      const found: Record<string, unknown> = {};
      for (const [id, place] of Object.entries(places)) {
        const { x, y } = map.project(place);
        const picked = pickObject({ x: x + dx, y, radius, layerIds: [layerId] });
        if (picked?.object) found[id] = picked.object;
      }
      return found as Record<string, T>;
    },
    { places: PLACES, layerId, dx, radius },
  );
}

/** What the map's incident layer holds at each incident's place: incident id → its status there. */
async function onMap(page: Page): Promise<Record<string, string>> {
  const picked = await pickedAtPlaces<{ incidentId: string; status: string }>(page, 'incidents', 0, 4);
  return Object.fromEntries(Object.values(picked).map((i) => [i.incidentId, i.status]));
}

/** The ring colour the replay's sensor layer draws for the sensor at SENSOR.place, or null if none is there. */
function sensorRing(page: Page): Promise<number[] | null> {
  return page.evaluate((place) => {
    type Attr = { value: Uint8Array };
    type Picked = {
      index: number;
      layer: { props: { data: { attributes: { getLineColor: Attr } } } };
    } | null;
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
    if (!picked || picked.index < 0) return null;
    const line = picked.layer.props.data.attributes.getLineColor.value;
    return Array.from(line.slice(picked.index * 4, picked.index * 4 + 3));
  }, SENSOR.place);
}

/** The units on scene at t, by incident, worked out by hand: E1 at rp-a from its arrival to the resolution. */
function unitsExpectedAt(t: number): Record<string, string> {
  const m = (t - T0) / MIN;
  return m >= 30 && m < 60 ? { 'rp-a': 'E1' } : {};
}

/** The unit chips the map draws beside each incident's place (picked to the right of its disc). */
async function unitsOnMap(page: Page): Promise<Record<string, string>> {
  type Chip = { unit: { unit: string; incidentId: string } };
  const picked = await pickedAtPlaces<Chip>(page, 'units-on-scene', 30, 30);
  return Object.fromEntries(Object.values(picked).map((c) => [c.unit.incidentId, c.unit.unit]));
}

async function playhead(page: Page): Promise<number> {
  return Number(await page.getByTestId('replay-clock').getAttribute('data-t'));
}

/** The list and the map agree with the hand-worked expectation at the playhead. */
async function expectFrame(page: Page): Promise<number> {
  const t = await playhead(page);
  const expected = expectedAt(t);
  await expect.poll(() => listed(page), { timeout: 20_000 }).toEqual(expected);
  await expect.poll(() => onMap(page), { timeout: 20_000 }).toEqual(expected);
  await expect.poll(() => unitsOnMap(page), { timeout: 20_000 }).toEqual(unitsExpectedAt(t));
  return t;
}

describe.skipIf(!haveChromium)('replay in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `rp${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-replay-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `replay-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false', HISTORY_IMPORT: 'false' },
    });
    // Sensor metadata needs a credential of the embedded broker (anonymous clients publish data only).
    const credentials = await issueIntegrationCredential(service.url, 'replay-test-publisher');
    await publishJson(
      service.mqttUrl,
      [
        {
          topic: topics.sensorMeta(topicRoot, SENSOR.id),
          payload: {
            name: 'Replay air',
            kind: 'air_quality',
            department: 'environment',
            lon: SENSOR.place[0],
            lat: SENSOR.place[1],
            intervalS: 60,
            units: { pm25: 'µg/m³' },
          },
        },
        ...Array.from({ length: SENSOR.lastAt + 11 }, (_, i) => ({
          topic: topics.sensorData(topicRoot, SENSOR.id),
          payload: { ts: T0 + (i - 10) * MIN, values: { pm25: 10 + (i % 5) } },
        })),
      ],
      credentials,
    );
    // Published newest first: the store must fold them in time order whatever order they arrive in.
    await publishJson(
      service.mqttUrl,
      [...EVENTS].reverse().map((e, i) => ({
        topic: topics.incidentEvents(topicRoot, e.dept),
        payload: {
          eventId: `${e.id}-${i}`,
          incidentId: e.id,
          type: e.type,
          ts: T0 + e.at * MIN,
          ...(e.type === 'reported'
            ? {
                category: 'Alarms',
                severity: 3,
                lon: PLACES[e.id]?.[0],
                lat: PLACES[e.id]?.[1],
                title: `Replay test ${e.id}`,
              }
            : {}),
          ...e.extra,
        },
      })),
    );
    await waitFor({ timeoutMs: 60_000, what: 'the 2020 incidents stored' }, async () => {
      const answer = await fetchJson<{ incidents: { incidentId: string }[] }>(
        service.url,
        '/api/v1/incidents?status=all&limit=10',
      );
      const n = answer.body.incidents?.length ?? 0;
      return { done: n === 3, value: null, seen: `${n} incidents` };
    });
    await waitFor({ timeoutMs: 60_000, what: "the sensor's readings stored" }, async () => {
      const answer = await fetchJson<{ sensorId: string; lastSeen: number | null }[]>(
        service.url,
        '/api/v1/sensors',
      );
      const seen = answer.body.find?.((x) => x.sensorId === SENSOR.id)?.lastSeen ?? null;
      return { done: seen === T0 + SENSOR.lastAt * MIN, value: null, seen: `last seen ${seen}` };
    });
    await createUser(service.url, ANALYST);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAs(page, service.url, ANALYST);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  let shared = '';
  let sharedT = 0;

  it('picks a 2020 window and shows the city at its start', async () => {
    await page.goto(`${service.url}/replay`);
    await page.locator('[data-map-loaded=true]').waitFor({ timeout: 120_000 });
    await page.getByTestId('replay-from').fill(WINDOW.from);
    await page.getByTestId('replay-to').fill(WINDOW.to);
    await page.getByTestId('replay-open').click();
    await page.getByTestId('replay-open-count').waitFor({ timeout: 60_000 });
    expect(await playhead(page)).toBe(T0);
    // At 10:00 only rp-c was open, acknowledged.
    expect(await expectFrame(page)).toBe(T0);
    expect(await page.getByTestId('replay-clock').textContent()).toMatch(/Apr 7, 2020.*10:00:00.*PDT/);
    // The sensor had reported a minute before: drawn reporting (its department's ring, not the stale grey).
    await expect.poll(() => sensorRing(page), { timeout: 20_000 }).not.toBeNull();
    expect(await sensorRing(page)).not.toEqual(STALE_RING);
  });

  it('plays, pauses, and shows what was open at the playhead with its status then', async () => {
    // 60×: a minute of the window a second, slow enough for a loaded machine to pause before the end.
    await page.getByTestId('replay-speed').selectOption('60');
    await page.getByTestId('replay-play').click();
    await expect.poll(() => playhead(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(T0 + 33 * MIN);
    await page.getByTestId('replay-play').click();
    await expect
      .poll(() => page.getByTestId('replay-state').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('paused');
    const t = await expectFrame(page);
    expect(t).toBeGreaterThan(T0 + 33 * MIN);
    // Paused means paused: the playhead stays.
    await new Promise((r) => setTimeout(r, 500));
    expect(await playhead(page)).toBe(t);
  });

  it('draws every incident of the window as a trail, and selecting one closed before the playhead shows its full timeline', async () => {
    const t = await playhead(page);
    expect(t).toBeGreaterThan(T0 + 25 * MIN);
    const trails = page.getByTestId('replay-trail');
    await expect.poll(() => trails.count(), { timeout: 20_000 }).toBe(3);
    const rows = await Promise.all(
      (await trails.all()).map(async (r) => [
        await r.getAttribute('data-incident-id'),
        (Number(await r.getAttribute('data-start')) - T0) / MIN,
        (Number(await r.getAttribute('data-end')) - T0) / MIN,
        await r.getAttribute('data-continues'),
      ]),
    );
    // By hand, in the order they began, clipped to the window (0–120 min): rp-c open before it until 25,
    // rp-a 10–60, rp-b from 40 on past its end.
    expect(rows).toEqual([
      ['rp-c', 0, 25, 'before'],
      ['rp-a', 10, 60, ''],
      ['rp-b', 40, 120, 'after'],
    ]);
    // rp-c was resolved before the playhead: not in the open list, still a trail.
    expect(Object.keys(await listed(page))).not.toContain('rp-c');
    await page.locator('[data-testid=replay-trail][data-incident-id=rp-c]').click();
    const selected = page.getByTestId('replay-selected');
    await expect.poll(() => selected.getAttribute('data-complete'), { timeout: 20_000 }).toBe('true');
    // Its whole timeline, the two events before the window included.
    const types = await Promise.all(
      (await selected.getByTestId('timeline-event').all()).map((e) => e.getAttribute('data-event-type')),
    );
    expect(types).toEqual(['reported', 'acknowledged', 'resolved']);
    expect(await selected.textContent()).toContain('All of these events happened by the playhead.');
    expect(
      await page.locator('[data-testid=replay-trail][data-incident-id=rp-c]').getAttribute('aria-pressed'),
    ).toBe('true');
    await selected.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => selected.count()).toBe(0);
  });

  it('draws the sensor stale at the playhead once its last reading then is too old, by the wall rule', async () => {
    // Paused after T0 + 33 min: the last reading (T0 + 20 min) is 13 min old then, past 3 × 60 s (+ a bucket).
    expect(await playhead(page)).toBeGreaterThan(T0 + (SENSOR.lastAt + 5) * MIN);
    await expect.poll(() => sensorRing(page), { timeout: 20_000 }).toEqual(STALE_RING);
  });

  it('steps to the next event and shows the state right after it', async () => {
    const before = await playhead(page);
    const next = EVENTS.map((e) => T0 + e.at * MIN)
      .filter((ts) => ts > before)
      .sort((a, b) => a - b)[0];
    await page.getByTestId('replay-next').click();
    await expect.poll(() => playhead(page), { timeout: 10_000 }).toBe(next);
    await expectFrame(page);
    // Keyboard: ← steps back to the previous event.
    await page.locator('body').press('ArrowLeft');
    await expect.poll(() => playhead(page), { timeout: 10_000 }).toBeLessThan(next as number);
    await page.locator('body').press('ArrowRight');
    await expect.poll(() => playhead(page), { timeout: 10_000 }).toBe(next);
    sharedT = await expectFrame(page);
  });

  it('shares a link that reopens the same frame', async () => {
    await page.getByTestId('replay-share').click();
    shared = (await page.getByTestId('replay-share-link').inputValue()) ?? '';
    expect(shared).toContain('/replay?');
    expect(shared).toContain(`t=${encodeURIComponent(new Date(sharedT).toISOString())}`);
    expect(shared).toMatch(/cam=/);
    const before = await listed(page);
    const clockText = await page.getByTestId('replay-clock').textContent();
    const other = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    try {
      await signInAs(other, service.url, ANALYST);
      await other.goto(shared);
      await other.getByTestId('replay-open-count').waitFor({ timeout: 60_000 });
      expect(await playhead(other)).toBe(sharedT);
      expect(await other.getByTestId('replay-clock').textContent()).toBe(clockText);
      await expect.poll(() => listed(other), { timeout: 20_000 }).toEqual(before);
      // The picker shows the shared window in the city's time (PDT), not in UTC from before the city arrived.
      expect(await other.getByTestId('replay-from').inputValue()).toBe(WINDOW.from);
      expect(await other.getByTestId('replay-to').inputValue()).toBe(WINDOW.to);
      await other.locator('[data-map-loaded=true]').waitFor({ timeout: 120_000 });
      await expect.poll(() => onMap(other), { timeout: 20_000 }).toEqual(before);
    } finally {
      await other.close();
    }
  });

  it('downloads the incidents CSV, whose rows match the API', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('export-incidents-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^incidents_2020-04-07T17-00-00Z_2020-04-07T19-00-00Z\.csv$/,
    );
    const path = await download.path();
    const lines = (await readFile(path, 'utf8')).trim().split(/\r?\n/);
    const header = (lines[0] ?? '').split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    const byIncident = new Map<string, string[]>();
    for (const r of rows) {
      const id = r[col('incident_id')] as string;
      byIncident.set(id, [...(byIncident.get(id) ?? []), r[col('event_id')] as string]);
    }
    // Every incident of the window, each with its whole timeline as the incident API tells it.
    expect([...byIncident.keys()].sort()).toEqual(['rp-a', 'rp-b', 'rp-c']);
    for (const [id, eventIds] of byIncident) {
      const detail = await fetchJson<IncidentDetail>(service.url, `/api/v1/incidents/${id}`);
      expect(eventIds).toEqual(detail.body.timeline.map((e) => e.eventId));
    }
  });

  it("counts the window's incidents by department and hour in city time, as the analysis API does", async () => {
    const from = T0;
    const to = T0 + 120 * MIN;
    const analysis = await fetchJson<WindowAnalysis>(service.url, `/api/v1/analysis?from=${from}&to=${to}`);
    // Worked out from the API: per department, its count in each UTC hour of the window (10:00, 11:00, 12:00 PDT).
    const expected = new Map<string, number[]>();
    for (const c of analysis.body.byDepartmentHour) {
      const cells = expected.get(c.department) ?? [0, 0, 0];
      cells[(c.hour - T0) / 60 / MIN] = (cells[(c.hour - T0) / 60 / MIN] ?? 0) + c.count;
      expected.set(c.department, cells);
    }
    // Opened in the window: rp-a (fire, 10:10) and rp-b (ems, 10:40); rp-c (police) opened before it.
    expect(Object.fromEntries(expected)).toEqual({ fire: [1, 0, 0], ems: [1, 0, 0] });
    await page.getByTestId('replay-analysis').locator('summary').click();
    const table = page.getByTestId('analysis-department-hours');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Department',
      '10:00',
      '11:00',
      '12:00',
      'Total',
    ]);
    for (const [department, cells] of expected) {
      const row = table.locator(`tr[data-department="${department}"] td`);
      const shown = (await row.allTextContents()).map((t) => Number(t || 0));
      expect(shown, department).toEqual([...cells, cells.reduce((a, b) => a + b, 0)]);
    }
    expect(Number(await page.getByTestId('analysis-department-hours-total').textContent())).toBe(
      analysis.body.total,
    );
  });

  it('records the playback as a WebM video named after the window', async () => {
    const record = page.getByTestId('export-video');
    await record.click();
    await expect.poll(() => record.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await new Promise((r) => setTimeout(r, 2000));
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      record.click(),
    ]);
    expect(download.suggestedFilename()).toBe('replay-2020-04-07T1700Z-2020-04-07T1900Z.webm');
    const bytes = await readFile(await download.path());
    // A WebM file starts with the EBML magic number.
    expect(bytes.length).toBeGreaterThan(1000);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    // What it shows: the map, at the map's size (a blank or undecodable recording fails here).
    const frame = await page.evaluate(recordedFrame, { base64: bytes.toString('base64'), playMs: 800 });
    const map = await page.locator('[data-testid=map]').boundingBox();
    expect([frame.width, frame.height]).toEqual([Math.round(map?.width ?? 0), Math.round(map?.height ?? 0)]);
    expect(frame.at).toBeGreaterThan(0.3);
    expect(frame.colours).toBeGreaterThan(40);
    expect(frame.painted).toBeGreaterThan(0.01);
    expect(frame.painted).toBeLessThan(0.99);
    // The incidents open then, drawn on the canvas that moves with the playhead.
    expect(frame.vivid).toBeGreaterThan(30);
  });

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
