/**
 * The wall follows the live feed: a unit's new status shows on the units board without a reload and without
 * the board being fetched again (it is kept from the incident changes the live socket carries), and the
 * ticker names the user who acted; the map key lists the kinds of sensors on the map with their shapes.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import {
  freePort,
  issueIntegrationCredential,
  publishJson,
  type ServiceProcess,
  startService,
} from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { openWallWithKioskLink } from './sign-in.js';

const OUTPUT = new URL('../test-output/', import.meta.url).pathname;

describe.skipIf(!haveChromium)('the wall, live', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `wlv${randomUUID().slice(0, 8)}`;
  const incidentId = `wall-live-${Date.now()}`;
  const unit = `E${Math.floor(Math.random() * 900) + 100}`;
  let browser: Browser;
  let feedTimer: NodeJS.Timeout | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const unitRequests: string[] = [];

  const publish = (type: string, extra: Record<string, unknown> = {}) =>
    publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'fire'),
        payload: {
          eventId: `${incidentId}-${type}-${Date.now()}`,
          incidentId,
          type,
          ts: Date.now(),
          ...extra,
        },
      },
    ]);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-wall-live-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `wall-live-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
    });
    await publish('reported', {
      category: 'structure_fire',
      severity: 3,
      title: 'Kitchen fire, live wall test',
      lat: 37.7749,
      lon: -122.4194,
    });
    await publish('dispatched', { unit });
    // Sensors of two known kinds (one written with "_", as some feeds do) and one the dashboard has no shape
    // for. Their metadata needs a credential of the embedded broker (anonymous clients publish data only).
    const credentials = await issueIntegrationCredential(service.url, 'wall-live-publisher');
    await publishJson(
      service.mqttUrl,
      [
        ['aq-1', 'air_quality', 'environment'],
        ['pk-1', 'parking', 'transport'],
        ['sz-1', 'seismic', 'public-works'],
      ].map(([id, kind, department], i) => ({
        topic: topics.sensorMeta(topicRoot, `${id}`),
        payload: {
          name: `Test ${kind}`,
          kind,
          department,
          lat: 37.77 + i * 0.002,
          lon: -122.42,
          intervalS: 60,
        },
      })),
      credentials,
    );
    // NOTE: the wall says STALE after 30 s without data, as it should; a reading of aq-1 every 5 s keeps the
    // data flowing as a real feed would, so LIVE does not depend on how fast a loaded machine starts the browser.
    const feed = () =>
      publishJson(service.mqttUrl, [
        { topic: topics.sensorData(topicRoot, 'aq-1'), payload: { ts: Date.now(), values: { pm25: 8 } } },
      ]).catch(() => {});
    await feed();
    feedTimer = setInterval(() => void feed(), 5_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // NOTE: a shader that does not compile is only said on the console (deck.gl logs it and draws nothing).
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/units') unitRequests.push(r.url());
    });
    await openWallWithKioskLink(page, service.url, 'Live wall test');
    await page.waitForFunction(
      `/LIVE/.test(document.querySelector('[data-testid=live-status]')?.textContent ?? '')`,
      undefined,
      { timeout: 60_000 },
    );
  }, 300_000);

  afterAll(async () => {
    if (feedTimer) clearInterval(feedTimer);
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("names the user who acted in the ticker, in the timeline's words", async () => {
    await publish('acknowledged', { actor: 'j.doe' });
    const entry = page
      .locator('[data-testid=ticker-entry]', { hasText: 'Kitchen fire, live wall test' })
      .first();
    await expect
      .poll(() => entry.textContent(), { timeout: 60_000 })
      .toContain('Acknowledged by j.doe (Fire)');
  }, 120_000);

  it("shows a unit's new status on the units board without a reload or a new fetch of the board", async () => {
    const row = page.locator(`[data-testid=unit-row][data-unit="${unit}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('dispatched');
    const fetched = unitRequests.length;
    expect(fetched).toBeGreaterThan(0);
    // A mark on this page's window: a reload would lose it.
    await page.evaluate('window.__notReloaded = true');

    await publish('on_scene', { unit });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('on_scene');
    await expect(row.textContent()).resolves.toContain('On scene');
    await publish('resolved');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('available');

    // The same page (no reload), and the board was not asked again: the changes moved it.
    expect(await page.evaluate('window.__notReloaded')).toBe(true);
    expect(unitRequests.length).toBe(fetched);
  }, 180_000);

  it('lists the sensor kinds on the map in the map key, each with its shape', async () => {
    const kinds = page.locator('[data-testid=sensor-kind]');
    await expect.poll(() => kinds.count(), { timeout: 60_000 }).toBe(3);
    expect(await kinds.allTextContents()).toEqual(['Air quality', 'Parking', 'Other']);
    const attribute = (selector: string, name: string) =>
      Promise.all([0, 1, 2].map((n) => page.locator(selector).nth(n).getAttribute(name)));
    expect(await attribute('[data-testid=sensor-kind]', 'data-kinds')).toEqual([
      'air_quality',
      'parking',
      'seismic',
    ]);
    // Each line draws a different shape.
    const paths = await attribute('[data-testid=sensor-kind] path', 'd');
    expect(new Set(paths).size).toBe(3);
    // The map drew them: the sensor layer's shader (sensor-shape-layer.ts) compiled.
    expect(consoleErrors.filter((e) => /shader|glsl|SensorShapeLayer|sensors/i.test(e))).toEqual([]);
    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'wall-sensor-kinds-1920x1080.png') });
  }, 120_000);

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
