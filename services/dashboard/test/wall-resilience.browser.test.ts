/**
 * The wall screen is unattended: when the service behind it stops, it must say STALE (not keep showing old
 * data as live), and when the service comes back it must recover by itself, without a reload. And while the
 * service runs but cannot store what arrives, it must say so instead of LIVE.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  openExternalDb,
  type ServiceOptions,
  type ServiceProcess,
  startService,
  startTestDatabase,
  type TestDatabase,
  testDatabaseMissing,
} from '@twin/test-kit';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium, launchChromium } from './chromium.js';
import { signInPage } from './sign-in.js';

// NOTE: the service runs as a child process and its embedded database takes only the service's own
// connection, so the NOT STORING test makes a PostgreSQL database of its own refuse writes.
const noDatabase = testDatabaseMissing();
if (haveChromium && noDatabase && process.env.CI === 'true')
  throw new Error(`the NOT STORING browser test cannot run: ${noDatabase}`);

/** The service as `pnpm start` runs it (demo feed on), embedded broker on a port of its own. */
async function serviceOptions(dataDir: string, extra: Partial<ServiceOptions> = {}): Promise<ServiceOptions> {
  return {
    dataDir,
    topicRoot: 'city',
    clientId: `wall-ingest-${Date.now().toString(36)}`,
    mqttPort: await freePort(),
    ...extra,
    env: { SIMULATOR: 'true', ...extra.env },
  };
}

describe.skipIf(!haveChromium)(
  `wall screen across a service restart${haveChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM})`}`,
  () => {
    let browser: Browser | undefined;
    let service: ServiceProcess | undefined;
    let database: TestDatabase | undefined;
    const dataDirs: string[] = [];
    const newDataDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'twin-wall-'));
      dataDirs.push(dir);
      return dir;
    };

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
      await database?.destroy();
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    });

    it('turns STALE when the service stops and LIVE again when it is back, without a reload', async () => {
      // Same port, broker port and data on restart: the page reconnects to where it was.
      const options = await serviceOptions(await newDataDir(), { env: { PORT: String(await freePort()) } });
      service = await startService(options);
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await signInPage(page, service.url);
      await page.goto(`${service.url}/`);
      const status = page.locator('[data-testid=live-status]');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);
      const navigations: string[] = [];
      page.on('framenavigated', (f) => navigations.push(f.url()));

      await service.stop();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/STALE/);

      service = await startService(options);
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);
      expect(await page.locator('[data-testid=incident-row]').count()).toBeGreaterThan(0);
      expect(navigations).toEqual([]);
    });

    it.skipIf(noDatabase !== null)(
      `says NOT STORING with the reason while the database refuses writes, and LIVE once it stores again${noDatabase ? ` (skipped: ${noDatabase})` : ''}`,
      async () => {
        await service?.stop();
        database = await startTestDatabase();
        service = await startService(await serviceOptions(await newDataDir(), { databaseUrl: database.url }));
        browser ??= await launchChromium();
        const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
        await signInPage(page, service.url);
        await page.goto(`${service.url}/`);
        const status = page.locator('[data-testid=live-status]');
        await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);

        // NOTE: an error that is not about the data (here: a full disk) refuses every write alike: an outage.
        const pool = await openExternalDb(database.url);
        await pool.query(`create or replace function wall_refuse() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`);
        await pool.query(
          'create trigger wall_refuse before insert on sensor_latest for each row execute function wall_refuse()',
        );
        try {
          await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/NOT STORING/);
          expect(await status.textContent()).toContain('No space left on device');
        } finally {
          await pool.query('drop trigger if exists wall_refuse on sensor_latest');
        }
        await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^LIVE/);
        const rows = await pool.query<{ n: number }>(
          "select count(*)::int as n from dead_letters where reason like '%No space%'",
        );
        await pool.close();
        expect(rows[0]?.n).toBe(0);
      },
    );
  },
);
