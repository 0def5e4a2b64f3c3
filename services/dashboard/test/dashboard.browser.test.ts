/**
 * The dashboard in a real Chromium against the real service with the demo feed publishing over MQTT:
 * the map renders from the offline basemap, incidents of several departments appear, one can be opened
 * and acted on, a change from MQTT shows up live — and no request leaves the machine.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import { fetchJson, freePort, publishJson, type ServiceProcess, startService, waitFor } from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { signInPage } from './sign-in.js';

describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `br${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  let page: Page;
  const requests: URL[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The service as `pnpm start` runs it (embedded broker and database, demo feed on), in a child process.
    dataDir = await mkdtemp(join(tmpdir(), 'twin-browser-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `browser-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'true' },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(page, service.url);
    page.on('request', (r) => requests.push(new URL(r.url())));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('renders San Francisco and live incidents from several departments on the wall view', async () => {
    await page.goto(`${service.url}/`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    await expect
      .poll(() => page.locator('[data-testid=incident-row]').count(), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3);
    const open = Number(await page.locator('[data-testid=open-incident-count]').textContent());
    expect(open).toBeGreaterThanOrEqual(3);
    const { body } = await fetchJson<{ incidents: { department: string }[] }>(
      service.url,
      '/api/v1/incidents?status=open',
    );
    expect(new Set(body.incidents.map((i) => i.department)).size).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.locator('[data-testid=live-status]').textContent(), { timeout: 20_000 })
      .toMatch(/LIVE/);
    expect(await page.locator('[data-testid=attributions]').textContent()).toMatch(/OpenStreetMap/);
    // The ingest accounting from the heartbeat: the feed's messages are counted as received and stored.
    await expect
      .poll(() => page.locator('[data-testid=ingest-counters]').textContent(), { timeout: 20_000 })
      .toMatch(/messages [1-9][\d,]* · readings stored [1-9]/);
    // The basemap really came from the local PMTiles file (range requests), not from anywhere else.
    expect(requests.some((u) => u.pathname.endsWith('/tiles/sf.pmtiles'))).toBe(true);
    await page.screenshot({ path: 'test-results/wall.png' });
  });

  it('opens an incident, acts on it, and shows a change that arrives over MQTT', async () => {
    const { body } = await fetchJson<{ incidents: { incidentId: string; department: string }[] }>(
      service.url,
      '/api/v1/incidents?status=open',
    );
    const target = body.incidents[0]!;
    await page.goto(`${service.url}/incidents?incident=${encodeURIComponent(target.incidentId)}`);
    const detail = page.locator('[data-testid=incident-detail]');
    await detail.waitFor({ timeout: 30_000 });
    // The timeline comes from the detail query, a moment after the panel opens.
    await expect
      .poll(() => page.locator('[data-testid=timeline-event]').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);

    // A lead comments; the hostile-looking note must be shown as text, never as markup.
    await page.locator('[data-action=comment]').click();
    await page.locator('[data-testid=action-note]').fill('<b>bold?</b> road closed both ways');
    await page.locator('[data-testid=action-confirm]').click();
    await expect
      .poll(() => page.locator('[data-testid=timeline-event][data-event-type=comment]').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await detail.locator('b', { hasText: 'bold?' }).count()).toBe(0);
    expect(await detail.textContent()).toContain('<b>bold?</b> road closed both ways');

    // Another department escalates over MQTT: the open detail panel updates without a reload.
    // NOTE: anonymous: on a loopback embedded broker anonymous clients may publish incident events.
    await publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'police'),
        payload: {
          eventId: `browser-test-${Date.now()}`,
          incidentId: target.incidentId,
          type: 'escalated',
          ts: Date.now(),
          severity: 5,
          actor: 'browser test',
        },
      },
    ]);
    await expect
      .poll(() => page.locator('[data-testid=timeline-event][data-event-type=escalated]').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(1);
    const stored = await waitFor(
      { timeoutMs: 30_000, what: 'the escalation stored (severity 5)' },
      async () => {
        const res = await fetchJson<{ incident: { severity: number } }>(
          service.url,
          `/api/v1/incidents/${encodeURIComponent(target.incidentId)}`,
        );
        return {
          done: res.body.incident.severity === 5,
          value: res.body,
          seen: `severity ${res.body.incident.severity}`,
        };
      },
    );
    expect(stored.incident.severity).toBe(5);
  });

  it('counts an open incident outside the city apart from the map, on the wall', async () => {
    await page.goto(`${service.url}/`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    await expect
      .poll(() => page.locator('[data-testid=incident-row]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const outsideNow = async () => {
      const note = page.locator('[data-testid=open-outside-count]');
      return (await note.count()) === 0 ? 0 : Number(await note.getAttribute('data-count'));
    };
    const before = await outsideNow();
    // The Pacific, west of Ocean Beach: in no district of San Francisco.
    await publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'police'),
        payload: {
          eventId: `browser-outside-${Date.now()}`,
          incidentId: `browser-outside-${Date.now()}`,
          type: 'reported',
          ts: Date.now(),
          category: 'vessel_in_distress',
          severity: 2,
          title: 'Boat adrift off Ocean Beach',
          lat: 37.75,
          lon: -122.55,
        },
      },
    ]);
    await expect.poll(outsideNow, { timeout: 30_000 }).toBe(before + 1);
    expect(await page.locator('[data-testid=open-outside-count]').textContent()).toMatch(
      /^\+ \d+ open outside the map$/,
    );
  });

  it('shows a department the city pack does not list, as unlisted, once it sends an incident', async () => {
    // The wall is open (its department list fetched) before the new department exists anywhere.
    await page.goto(`${service.url}/`);
    await page.locator('[data-testid=legend-item][data-department=fire]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=legend-item][data-department=parks]').count()).toBe(0);
    await publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'parks'),
        payload: {
          eventId: `browser-parks-${Date.now()}`,
          incidentId: `browser-parks-${Date.now()}`,
          type: 'reported',
          ts: Date.now(),
          category: 'fallen_tree',
          severity: 5,
          lat: 37.7596,
          lon: -122.4269,
          title: 'Tree down across the path',
        },
      },
    ]);
    const parks = page.locator('[data-testid=legend-item][data-department=parks]');
    await parks.waitFor({ timeout: 30_000 });
    expect(await parks.getAttribute('data-listed')).toBe('false');
    expect(await parks.textContent()).toMatch(/unlisted/i);
    await expect
      .poll(() => parks.locator('[data-testid=department-count]').textContent(), { timeout: 20_000 })
      .toBe('1');
  });

  it('sent no request off the machine and threw no page errors', () => {
    const offMachine = requests.filter(
      (u) => !['data:', 'blob:'].includes(u.protocol) && !['localhost', '127.0.0.1'].includes(u.hostname),
    );
    expect(offMachine.map((u) => u.href)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
