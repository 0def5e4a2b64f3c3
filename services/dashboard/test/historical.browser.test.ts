/**
 * Historical data in a real Chromium against the real service (embedded broker and database, no demo feed):
 * 2019 incidents show ages as of the data's own time with a clear "data as of" note, not "2500 d"; and the
 * dead-letters page lists refused messages newest first, pages with "Load more", filters by reason and
 * shows a hostile payload as text.
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

/** The newest event of the data set: 2019-03-02 23:59 UTC, 15:59 in San Francisco. */
const DATA_TIME = Date.UTC(2019, 2, 2, 23, 59, 0);
const WRONG_TYPE = 103;
const HOSTILE = '<img src=x onerror=alert(1)>';

describe.skipIf(!haveChromium)('historical data and dead letters in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `hb${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-historical-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `hist-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false' },
    });
    const events = topics.incidentEvents(topicRoot, 'fire');
    await publishJson(service.mqttUrl, [
      // Open for exactly 2 h when the data ends.
      {
        topic: events,
        payload: {
          eventId: 'old-1-r',
          incidentId: 'old-1',
          type: 'reported',
          ts: DATA_TIME - 2 * 3_600_000,
          category: 'structure_fire',
          severity: 5,
          lat: 37.7599,
          lon: -122.4148,
          title: 'Warehouse fire 2019',
        },
      },
      {
        topic: events,
        payload: {
          eventId: 'old-1-c',
          incidentId: 'old-1',
          type: 'comment',
          ts: DATA_TIME,
          note: 'last word',
        },
      },
      // Dead letters: one hostile payload, then more than a page of one other kind.
      {
        topic: topics.sensorData(topicRoot, 'hostile-1'),
        payload: { ts: DATA_TIME, values: { level: HOSTILE } },
      },
      ...Array.from({ length: WRONG_TYPE }, (_, i) => ({
        topic: topics.sensorData(topicRoot, `bad-${i}`),
        payload: { ts: DATA_TIME, values: { level: 'high' }, n: i },
      })),
    ]);
    await waitFor({ timeoutMs: 60_000, what: 'the 2019 data and every dead letter stored' }, async () => {
      const clock = await fetchJson<{ dataTime: number | null }>(service.url, '/api/v1/clock');
      const letters = await fetchJson<{ total: number }>(service.url, '/api/v1/dead-letters?limit=1');
      return {
        done: clock.body.dataTime === DATA_TIME && letters.body.total === WRONG_TYPE + 1,
        value: null,
        seen: `dataTime ${clock.body.dataTime}, ${letters.body.total} dead letters`,
      };
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(page, service.url);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('counts ages from the data’s time and says the data is historical, as of when', async () => {
    await page.goto(`${service.url}/`);
    const asOf = page.locator('[data-testid=data-as-of]');
    await asOf.waitFor({ timeout: 60_000 });
    expect(await asOf.textContent()).toMatch(/data as of 2019-03-02 15:59/);
    const row = page.locator('[data-testid=incident-row][data-incident-id=old-1]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.wall-incident__age').textContent()).toBe('2 h 00 min');
  });

  it('lists dead letters newest first, loads more with the cursor, filters by reason, shows payloads as text', async () => {
    await page.goto(`${service.url}/dead-letters`);
    const entries = page.locator('[data-testid=dead-letter]');
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(100);
    expect(await page.locator('[data-testid=dead-letter-total]').textContent()).toBe(String(WRONG_TYPE + 1));
    // Newest first: the last published comes first.
    expect(await entries.first().locator('[data-testid=dead-letter-payload]').textContent()).toContain(
      `"n":${WRONG_TYPE - 1}`,
    );
    await page.locator('[data-testid=dead-letter-load-more]').click();
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(WRONG_TYPE + 1);
    expect(await page.locator('[data-testid=dead-letter-load-more]').count()).toBe(0);
    const ids = await Promise.all((await entries.all()).map((e) => e.getAttribute('data-dead-letter-id')));
    expect(new Set(ids).size).toBe(WRONG_TYPE + 1);

    await page.locator('[data-testid=dead-letter-reason-filter]').fill('HOSTILE');
    await page.locator('[data-testid=dead-letter-filter-apply]').click();
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(0);
    await page.locator('[data-testid=dead-letter-reason-filter]').fill('must be a NUMBER');
    await page.locator('[data-testid=dead-letter-filter-apply]').click();
    await expect
      .poll(() => page.locator('[data-testid=dead-letter-total]').textContent(), { timeout: 30_000 })
      .toBe(String(WRONG_TYPE + 1));
    const hostile = page.locator('[data-testid=dead-letter]', { hasText: 'hostile-1' });
    await page.locator('[data-testid=dead-letter-load-more]').click();
    await hostile.waitFor({ timeout: 30_000 });
    expect(await hostile.locator('[data-testid=dead-letter-payload]').textContent()).toContain(HOSTILE);
    expect(await page.locator('.dead-letter img').count()).toBe(0);
    expect(await hostile.locator('[data-testid=dead-letter-reason]').textContent()).toMatch(
      /values\.level: must be a number/,
    );
  });

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
