/**
 * What the wall's browser benchmarks share: the service (embedded stack, demo feed sized by SIM_* settings) as
 * a child process, credentials for its API and live socket, a Chromium page on the wall, and the main
 * thread's figures read from the page (long tasks) and from Chrome DevTools Protocol (busy time, heap).
 *
 * `--root <checkout>` starts another checkout's service and dashboard build (e.g. a `git worktree` of main
 * with its node_modules installed and its dashboard built), so a change can be measured side by side with
 * the build before it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServiceProcess } from '@twin/test-kit';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { haveChromium, launchChromium } from '../test/chromium.js';

export interface FeedSettings {
  sensors: number;
  intervalMs: number;
  incidentsPerMinute: number;
  timeScale: number;
}

export interface WallService {
  service: ServiceProcess;
  root: string;
  stop(): Promise<void>;
}

/** `--name value` pairs from the command line; every figure has a default so a bare run works. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(arg.slice(2), 'true');
    else {
      args.set(arg.slice(2), next);
      i++;
    }
  }
  return args;
}

export function numberArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got "${raw}"`);
  return n;
}

/** An ADMIN_TOKEN of your choice for the service (optional: the service is otherwise given a fresh one). */
function adminTokenFromEnv(): string | null {
  return process.env.ADMIN_TOKEN || null;
}

/** The service's admin token as a bearer header, for the benchmark's own API calls. */
export function authHeaders(service: Pick<ServiceProcess, 'adminToken'>): Record<string, string> {
  return service.adminToken ? { authorization: `Bearer ${service.adminToken}` } : {};
}

/**
 * Signs the page in as a wall screen is signed in: a kiosk link made with the service's admin token
 * (POST /api/v1/admin/kiosk-links), opened as `/?kiosk=<token>`; the dashboard exchanges it for a kiosk
 * session whose cookie carries the API's requests and the live socket. Returns once the kiosk session is
 * in place. A build from before sign-in (`--root` of an older checkout: no kiosk links, 404) needs no
 * credentials, and its wall is simply opened.
 */
export async function authenticatePage(page: Page, service: ServiceProcess): Promise<void> {
  const res = await fetch(`${service.url}/api/v1/admin/kiosk-links`, {
    method: 'POST',
    headers: { ...authHeaders(service), 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Wall benchmark' }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status === 404) {
    await page.goto(`${service.url}/`);
    return;
  }
  if (res.status !== 201)
    throw new Error(`creating a kiosk link answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const { token } = (await res.json()) as { token: string };
  await page.goto(`${service.url}/?kiosk=${encodeURIComponent(token)}`);
  try {
    await page.waitForSelector('[data-testid=kiosk-badge]', { timeout: 180_000 });
  } catch (err) {
    // What the page showed instead is the first thing to know when a run fails here.
    const shot = join(tmpdir(), `wall-bench-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.warn(`the kiosk wall did not open; the page as it was: ${shot}`);
    throw err;
  }
}

/** Readings stored so far, from /metrics (test-kit is imported only once the checkout to start is known). */
export async function readingsStored(base: string): Promise<number> {
  const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(30_000) });
  let sum = 0;
  for (const m of (await res.text()).matchAll(/^twin_readings_stored_total(?:\{[^}]*\})?\s+(\S+)/gm))
    sum += Number(m[1]);
  return sum;
}

export async function getJson<T>(service: ServiceProcess, path: string, timeoutMs = 30_000): Promise<T> {
  const res = await fetch(`${service.url}${path}`, {
    headers: authHeaders(service),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/**
 * Starts the service of `root` (this checkout by default) with the demo feed at the given size and pace.
 * With `BENCH_DATABASE_URL` and `BENCH_MQTT_URL` set it runs on that external stack (a scratch database of
 * that server, dropped afterwards) instead of the embedded one: the page's live-update work can then be
 * measured at feed rates the embedded ingest cannot keep up with.
 */
export async function startWallService(feed: FeedSettings, root?: string): Promise<WallService> {
  // NOTE: test-kit reads which checkout to start when it is first imported.
  if (root) process.env.FAULT_SERVICE_ROOT = resolve(root);
  const { createScratchDatabase, freePort, startService, SERVICE_ROOT } = await import('@twin/test-kit');
  // The service serves the dashboard's built files: a fresh clone has none yet (the same check as `pnpm test`).
  execFileSync(process.execPath, [join(SERVICE_ROOT, 'services/dashboard/scripts/build-if-needed.mjs')], {
    stdio: 'inherit',
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'twin-wall-bench-'));
  const externalDb = process.env.BENCH_DATABASE_URL;
  const externalMqtt = process.env.BENCH_MQTT_URL;
  const scratch = externalDb && externalMqtt ? await createScratchDatabase(externalDb) : null;
  const env: Record<string, string> = {
    SIMULATOR: 'true',
    SIM_SENSORS: String(feed.sensors),
    SIM_INTERVAL_MS: String(feed.intervalMs),
    SIM_INCIDENTS_PER_MIN: String(feed.incidentsPerMinute),
    SIM_TIME_SCALE: String(feed.timeScale),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const token = adminTokenFromEnv();
  if (token) env.ADMIN_TOKEN = token;
  const service = await startService({
    dataDir,
    topicRoot: `wb${randomUUID().slice(0, 8)}`,
    clientId: `wall-bench-${randomUUID().slice(0, 8)}`,
    mqttPort: await freePort(),
    ...(scratch && externalMqtt ? { databaseUrl: scratch.url, mqttUrl: externalMqtt } : {}),
    env,
    startTimeoutMs: 300_000,
  });
  return {
    service,
    root: SERVICE_ROOT,
    async stop() {
      await service.stop(60_000).catch((err: Error) => console.warn(err.message.split('\n')[0]));
      await scratch?.drop().catch((err: Error) => console.warn(err.message.split('\n')[0]));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the service knows `count` sensors (their registrations are messages like any other). */
export async function waitForSensors(
  service: ServiceProcess,
  count: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let known = 0;
  while (Date.now() < deadline) {
    try {
      known = (await getJson<unknown[]>(service, '/api/v1/sensors', 120_000)).length;
    } catch (err) {
      // NOTE: at load 15 on 2 cores, listing 50,000 sensors while they register can outlast a request's
      // timeout or the service's own (a 500): a slow answer, not a failed run; ask again until the deadline.
      console.warn(
        `listing the sensors failed (${known} known so far), asking again: ${String(err).split('\n')[0]}`,
      );
    }
    if (known >= count) return known;
    await new Promise((r) => setTimeout(r, 5_000));
  }
  console.warn(`only ${known} of ${count} sensors registered after ${Math.round(timeoutMs / 1000)} s`);
  return known;
}

export interface LongTask {
  start: number;
  duration: number;
}

/** A script inside a long animation frame (LoAF): who invoked it and how long it ran, microtasks included. */
export interface FrameScript {
  start: number;
  duration: number;
  invoker: string;
  /** Style and layout the script forced (reading a size after changing the DOM), inside its duration. */
  forcedLayout?: number;
  /** Where the script's entry point is: function name and source position (for `--detail`). */
  source?: string;
}

/**
 * Scripts run for the live socket (its message handler and what it sets off synchronously): the main-thread
 * cost of live updates, apart from the frame and compositing cost that a software-rendered (SwiftShader)
 * headless browser adds to any frame.
 */
export function isLiveUpdateScript(script: FrameScript): boolean {
  return /WebSocket|onmessage/i.test(script.invoker);
}

/**
 * Installed in the page before its own code (a string: the bench's own tsconfig has no DOM types). Long
 * Animation Frames attribute each long frame's scripts to their invoker (e.g. "WebSocket.onmessage"), which
 * tells the live path's own cost apart from rendering and compositing.
 */
const OBSERVERS = `
  window.__twinMeasureLive = true;
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__frameScripts = [];
  try {
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries())
        for (const s of frame.scripts || [])
          window.__frameScripts.push({
            start: s.startTime,
            duration: s.duration,
            invoker: String(s.invoker || ''),
            forcedLayout: s.forcedStyleAndLayoutDuration || 0,
            source: String(s.sourceFunctionName || '') + ' ' + String(s.sourceURL || '').split('/').pop() + ':' + String(s.sourceCharPosition ?? ''),
          });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
`;

export async function launchWallBrowser(): Promise<Browser> {
  if (!haveChromium) throw new Error('no Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  return launchChromium();
}

/**
 * Opens the wall at 1920×1080, signed in (authenticatePage), with a long-task observer installed before any
 * of the page's own code. Returns once the wall shows data: the map, incidents and the live link, so the
 * figures are never those of an empty or signed-out page.
 */
export async function openWall(
  browser: Browser,
  service: ServiceProcess,
): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript(OBSERVERS);
  page.on('pageerror', (e) => console.warn(`page error: ${e.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await authenticatePage(page, service);
  await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 180_000 });
  await page.waitForSelector('[data-testid=incident-row]', { timeout: 180_000 });
  // NOTE: at 50,000 sensors on a loaded 2-core machine the first snapshot takes minutes to arrive and draw.
  await page.waitForFunction(
    `/LIVE/.test(document.querySelector('[data-testid=live-status]')?.textContent ?? '')`,
    undefined,
    { timeout: 180_000 },
  );
  return { page, cdp };
}

/**
 * Cumulative main-thread task time (s: wall time, waits for a core included), the main thread's CPU time (s)
 * and the JS heap in use (bytes), from DevTools' Performance domain.
 */
export async function mainThreadMetrics(
  cdp: CDPSession,
): Promise<{ taskS: number; scriptS: number; threadS: number; heapBytes: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    taskS: value('TaskDuration'),
    scriptS: value('ScriptDuration'),
    threadS: value('ThreadTime'),
    heapBytes: value('JSHeapUsedSize'),
  };
}

/** The JS heap in use after a full garbage collection, so the figure is what is really kept alive. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate('performance.now()');
}

export async function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  return page.evaluate(`(window.__longTasks ?? []).filter((t) => t.start >= ${Number(since)})`);
}

export async function frameScriptsSince(page: Page, since: number): Promise<FrameScript[]> {
  return page.evaluate(`(window.__frameScripts ?? []).filter((t) => t.start >= ${Number(since)})`);
}

/**
 * The page's own timing of its live-update work (services/dashboard/src/live/live-timing.ts): each socket
 * message with what it runs synchronously, and each later slice of its readings, whatever task runs it —
 * LoAF attributes a slice run from a MessageChannel task to no WebSocket, so it would miss them.
 */
export async function liveUpdatesSince(page: Page, since: number): Promise<LongTask[]> {
  return page.evaluate(
    `performance.getEntriesByName('twin:live-update', 'measure').filter((e) => e.startTime >= ${Number(since)}).map((e) => ({ start: e.startTime, duration: e.duration }))`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const MB = 1024 * 1024;
