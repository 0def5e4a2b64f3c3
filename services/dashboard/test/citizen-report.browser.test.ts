/**
 * A citizen's report arriving on the wall, in a real Chromium against the real service (embedded broker
 * and database, no demo feed): a report POSTed to Open311 (form-encoded, as the spec sends it) appears in
 * the wall's incident list within seconds (with its department), and the incident panel lists it under "Public reports" with
 * the citizen's text shown as text, never as markup.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import { freePort, publishJson, type ServiceProcess, startService } from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { signInPage } from './sign-in.js';

describe.skipIf(!haveChromium)('a citizen report on the wall in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const topicRoot = `cr${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-citizen-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `citizen-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false' },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInPage(page, service.url);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a report posted to Open311 on the wall within seconds, and its text as text in the panel', async () => {
    await page.goto(`${service.url}/`);
    // One reading makes the wall LIVE: its live socket is connected before the report is sent.
    // NOTE: anonymous: on a loopback embedded broker anonymous clients may publish data.
    await publishJson(service.mqttUrl, [
      {
        topic: topics.sensorData(topicRoot, 'citizen-test-sensor'),
        payload: { ts: Date.now(), values: { level: 1 } },
      },
    ]);
    await expect
      .poll(() => page.locator('[data-testid=live-status]').textContent(), { timeout: 60_000 })
      .toMatch(/LIVE/);

    const posted = Date.now();
    const res = await fetch(`${service.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        service_code: 'streetlight',
        lat: '37.7793',
        long: '-122.4193',
        description: 'Dark corner by the library <img src=x onerror=alert(1)>',
      }).toString(),
    });
    expect(res.status).toBe(200);
    const [created] = (await res.json()) as { service_request_id: string }[];

    const row = page.locator('[data-testid=incident-row]', {
      hasText: 'Streetlight out: Dark corner by the library',
    });
    await row.waitFor({ timeout: 10_000 });
    const seenAfterMs = Date.now() - posted;
    expect(seenAfterMs).toBeLessThan(10_000);
    // The wall's row names the department by the short name the city pack gives it, in full on hover.
    expect(await row.locator('.wall-incident__department').textContent()).toBe('DPW');
    expect(await row.getAttribute('title')).toContain('Public Works');

    // The wall only shows; the incidents view opens the panel.
    const incidentId = (await row.getAttribute('data-incident-id'))!;
    await page.goto(`${service.url}/incidents?incident=${encodeURIComponent(incidentId)}`);
    const reports = page.locator('[data-testid=public-reports]');
    await reports.waitFor({ timeout: 20_000 });
    expect(await reports.locator('h3').textContent()).toBe('Public reports (1)');
    const item = reports.locator(
      `[data-testid=public-report][data-request-id="${created!.service_request_id}"]`,
    );
    expect(await item.textContent()).toContain('Dark corner by the library <img src=x onerror=alert(1)>');
    expect(await page.locator('[data-testid=incident-detail] img').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
