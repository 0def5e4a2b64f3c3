/**
 * The wall screen is unattended: when the service behind it stops, it must say STALE (not keep showing old
 * data as live), and when the service comes back it must recover by itself, without a reload. And while the
 * service runs but cannot store what arrives, it must say so instead of LIVE.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../ingest/test/fault/free-port.js';
import { startStack, type TestStack, targets } from '../../ingest/test/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true')
  throw new Error(`Chromium not found at ${CHROMIUM}: CI must install it (apt-get install chromium)`);

describe.skipIf(!haveChromium)(
  `wall screen across a service restart${haveChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM})`}`,
  () => {
    let browser: Browser | undefined;
    let stack: TestStack | undefined;
    let dataDir = '';

    afterAll(async () => {
      await browser?.close();
      await stack?.destroy();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('turns STALE when the service stops and LIVE again when it is back, without a reload', async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'twin-wall-'));
      const port = String(await freePort());
      const options = { dataDir, topicRoot: 'city', feed: true, env: { PORT: port } };
      stack = await startStack(targets()[0]!, options);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(`${stack.runtime.url}/`);
      const status = page.locator('[data-testid=live-status]');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);
      const navigations: string[] = [];
      page.on('framenavigated', (f) => navigations.push(f.url()));

      await stack.stop();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/STALE/);

      stack = await startStack(targets()[0]!, options);
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);
      expect(await page.locator('[data-testid=incident-row]').count()).toBeGreaterThan(0);
      expect(navigations).toEqual([]);
    });

    it('says NOT STORING with the reason while the database refuses writes, and LIVE once it stores again', async () => {
      await stack?.destroy();
      stack = await startStack(targets()[0]!, { feed: true });
      browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(`${stack.runtime.url}/`);
      const status = page.locator('[data-testid=live-status]');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/LIVE/);

      // NOTE: an error that is not about the data (here: a full disk) refuses every write alike: an outage.
      const pool = stack.runtime.pool;
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
      const { rows } = await pool.query(
        "select count(*)::int as n from dead_letters where reason like '%No space%'",
      );
      expect(rows[0].n).toBe(0);
    });
  },
);
