/**
 * `pnpm bench:replay`: is replay fast enough to feel instant and to play smoothly? It seeds a store with the
 * ingest service's seed CLI (services/ingest/bench/replay-seed.ts, run as a child process: 24 h × 2,000
 * sensors at one reading per 10 s and 5,000 incidents by default), starts the service on it, and measures:
 *
 *   first frame    the browser's first request pair, as the replay view makes it (replay/slice-plan.ts): the
 *                  first slice (5 min) and its readings chunk, fetched together, JSON-parsed and Arrow-decoded
 *   whole window   every slice of the day (two in flight, as the view fetches ahead) and the readings of
 *                  their spans (planReadingSpans: each asked with the span's first slice, as the view does),
 *                  parsed and decoded
 *   naive          the baseline a replay without its own API would be: GET /api/v1/incidents for the
 *                  incidents open at t, re-queried for each frame (the first frame's, and per frame across the day)
 *   frame          in headless Chromium (software WebGL), the page's main-thread time per animation frame
 *                  while the replay view plays at 600× over a second store with --frame-sensors sensors (45,000
 *                  by default, one reading per 10 min) and the same incidents: ≈ 50,000 entities on the map
 *
 * Medians and spread (min–max) over --runs; one JSON line at the end. Targets: first frame ≤ 300 ms, whole
 * day ≤ 2 s, ≤ 16 ms of main-thread time per frame. The machine is shared: figures are noisy, repeat them.
 *
 *   [DATABASE_URL=postgres://…/db] pnpm bench:replay [--runs 5] [--hours 24] [--sensors 2000]
 *        [--incidents 5000] [--frame-sensors 45000] [--frame-interval-s 600] [--frame-seconds 20] [--frame-runs 3]
 *        [--no-api] [--no-frames] [--store postgres://…/db | --store-dir DIR] [--frame-store postgres://…/db] [--trace file.json] [--paused [--redraw]]
 *        [--profile file.cpuprofile] [--software-compositing] [--frame-clock paced|real]
 *
 * --store: measure the API on a store replay-seed.ts already made (neither seeded nor dropped here), so that
 * runs of two checkouts' services alternate on the same data: FAULT_SERVICE_ROOT=<other checkout> starts that
 * checkout's service (packages/test-kit). The window is the last --hours ending at its newest reading.
 * --store-dir: the same for an embedded engine's DATA_DIR seeded earlier (replay-seed.ts --data-dir).
 * --frame-store: the same for the browser phase. --trace: a Chrome trace of the first frame run's measured
 * window (chrome-trace.ts), written to that file and summarised per thread. --paused: the frames measured with
 * the replay left paused (what the page costs when nothing changes); with --redraw, deck.gl is made to draw the map
 * again every frame (what drawing alone costs, the floor under a playing frame). --profile: a V8 CPU profile of the page
 * over the first frame run's measured window (summarise it with services/ingest/bench/profile-summary.ts).
 *
 * Frames are measured once the page's requests for replay data are quiet: the data ahead of the playhead is in
 * (hours of it, thousands of frames at 60 Hz; loading it is not a frame's work, and here one frame takes a second
 * of wall time, so the opening load would be charged to a handful of frames).
 *
 * --frame-clock: `paced` (default) gives the page 1/60 s per animation frame, so each frame at 600× crosses
 * the 10 s of data a 60 Hz display's frame does (paced-clock.ts); `real` lets the wall clock run, so each
 * frame crosses as much data time as the software GPU took to present the last one (~10 min here).
 *
 * Chromium composites on its GPU process, which is SwiftShader too (test/chromium.ts `gpuCompositing`; the
 * line "Chromium: webgl …" says what SystemInfo reports): with `--disable-gpu`'s software compositor
 * (--software-compositing, the browser tests' setup) Chrome reads every WebGL frame back on the page's main
 * thread and waits there for SwiftShader to draw it, which is not the page's own time.
 *
 * With DATABASE_URL the stores are scratch databases on that server (created and dropped here); without, fresh
 * embedded DATA_DIRs (the WASM engine: slow to seed at full size — pass smaller sizes).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReplaySlice, replayBucketMs } from '@twin/domain';
import {
  createScratchDatabase,
  freePort,
  REPO_ROOT,
  type ScratchDatabase,
  type ServiceProcess,
  signIn,
  startService,
} from '@twin/test-kit';
import type { Browser, Page, Request } from 'playwright-core';
import { readingColumnsFromIpc } from '../src/replay/arrow-readings.js';
import { planReadingSpans, planSlices, readingSpanMs } from '../src/replay/slice-plan.js';
import { graphicsInfo, launchChromium } from '../test/chromium.js';
import { endTrace, startTrace, summarizeTrace } from './chrome-trace.js';
import { pacedClockScript } from './paced-clock.js';
import { chromiumCpu, cpuSpent } from './process-cpu.js';
import { mainThreadMetrics, numberArg, parseArgs, sleep } from './wall-harness.js';

const HOUR = 3_600_000;
const BENCH_PASSWORD = 'replay-bench-password-1';

/**
 * How the page's clock runs while frames are measured: `paced` (the default) tells the page 1/60 s passed
 * per animation frame, so each frame holds a 60 Hz display's share of the playback (paced-clock.ts); `real`
 * lets the playhead move by the wall time, as many seconds of data per frame as the software GPU takes to
 * present one.
 */
type FrameClock = 'paced' | 'real';

function frameClockArg(value: string | undefined): FrameClock {
  if (value === undefined || value === 'paced') return 'paced';
  if (value === 'real') return 'real';
  throw new Error(`--frame-clock is paced or real, not ${value}`);
}

interface Seeded {
  sensors: number;
  readings: number;
  incidents: number;
  events: number;
  from: number;
  to: number;
  seed_ms: number;
}

interface Store {
  databaseUrl?: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function newStore(): Promise<Store> {
  const dataDir = await mkdtemp(join(tmpdir(), 'twin-replay-bench-'));
  const admin = process.env.DATABASE_URL;
  let scratch: ScratchDatabase | null = null;
  if (admin) scratch = await createScratchDatabase(admin);
  return {
    databaseUrl: scratch?.url,
    dataDir,
    async drop() {
      await scratch?.drop().catch((e: Error) => console.warn(`dropping the scratch database: ${e.message}`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A store seeded earlier: used as it is, never dropped. */
async function existingStore(url: string): Promise<Store> {
  const dataDir = await mkdtemp(join(tmpdir(), 'twin-replay-bench-'));
  return { databaseUrl: url, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

/** An embedded store seeded earlier (its DATA_DIR): used as it is, never deleted. */
function existingEmbeddedStore(dataDir: string): Store {
  return { dataDir, drop: async () => {} };
}

/** What a store seeded earlier holds, asked through the service's API (the seed's summary, in part). */
async function describeStore(service: ServiceProcess): Promise<Seeded> {
  const headers = { authorization: `Bearer ${service.adminToken}` };
  const res = await fetch(`${service.url}/api/v1/sensors`, { headers });
  if (res.status !== 200) throw new Error(`/sensors answered ${res.status}`);
  const sensors = (await res.json()) as { lastSeen: number | null }[];
  const to = Math.max(...sensors.map((s) => s.lastSeen ?? Number.NEGATIVE_INFINITY));
  if (!Number.isFinite(to)) throw new Error('the store holds no readings: seed it with replay-seed.ts first');
  return {
    sensors: sensors.length,
    readings: Number.NaN,
    incidents: Number.NaN,
    events: Number.NaN,
    from: Number.NaN,
    to,
    seed_ms: 0,
  };
}

/** Runs the seed CLI as a child process; its last line is a JSON summary. */
function seed(store: Store, options: Record<string, number | string>): Promise<Seeded> {
  const args = ['tsx', 'services/ingest/bench/replay-seed.ts'];
  for (const [k, v] of Object.entries(options)) args.push(`--${k}`, String(v));
  if (!store.databaseUrl) args.push('--data-dir', store.dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, TOPIC_ROOT: `rs${randomUUID().slice(0, 6)}` };
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  else delete env.DATABASE_URL;
  delete env.MQTT_URL;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`the seed exited with ${code}`));
      try {
        resolve(JSON.parse(last) as Seeded);
      } catch {
        reject(new Error(`the seed's last line is not JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

async function serve(store: Store): Promise<ServiceProcess> {
  return startService({
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    dataDir: store.dataDir,
    topicRoot: `rb${randomUUID().slice(0, 8)}`,
    clientId: `replay-bench-${randomUUID().slice(0, 8)}`,
    mqttPort: await freePort(),
    env: { SIMULATOR: 'false', HISTORY_IMPORT: 'false', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    startTimeoutMs: 300_000,
  });
}

function spread(values: number[]): { median: number; min: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
}

const show = (s: ReturnType<typeof spread>) =>
  `median ${s.median.toFixed(1)} (min ${s.min.toFixed(1)} – max ${s.max.toFixed(1)}, n=${s.n})`;

/** The API phase: what the replay view fetches, timed from a client that parses and decodes like the page. */
async function measureApi(service: ServiceProcess, from: number, to: number, runs: number) {
  const headers = { authorization: `Bearer ${service.adminToken}` };
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/api/v1${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res;
  };
  // The view asks every slice's readings at the whole window's bucket (replay/replay-session.ts).
  const bucketMs = replayBucketMs(to - from);
  const sliceJson = async (s: { from: number; to: number }) => {
    const json = (await (await get(`/replay?from=${s.from}&to=${s.to}`)).json()) as ReplaySlice;
    return { events: json.events.length, incidents: json.incidents.length };
  };
  const readings = async (s: { from: number; to: number }) => {
    const res = await get(`/replay/readings?from=${s.from}&to=${s.to}&bucketMs=${bucketMs}`);
    return readingColumnsFromIpc(new Uint8Array(await res.arrayBuffer()), bucketMs, s.from).length;
  };
  const slices = planSlices(from, to);
  // The view asks a span's readings with the span's first slice (replay/replay-session.ts).
  const plan = planReadingSpans(slices, readingSpanMs(bucketMs));
  const first: number[] = [];
  const firstIncidents: number[] = [];
  const whole: number[] = [];
  const naiveFirst: number[] = [];
  const naivePerFrame: number[] = [];
  let totals = { events: 0, rows: 0, slices: slices.length, readingRequests: plan.spans.length };
  for (let run = 0; run < runs; run++) {
    let t = performance.now();
    // The view draws the incidents when the slice's JSON is in; the sensors when their chunk follows.
    await Promise.all([
      sliceJson(slices[0] as { from: number; to: number }).then(() =>
        firstIncidents.push(performance.now() - t),
      ),
      readings(plan.spans[0] as { from: number; to: number }),
    ]);
    first.push(performance.now() - t);

    t = performance.now();
    let events = 0;
    const asked = new Set<number>();
    const chunks: Promise<number>[] = [];
    for (let i = 0; i < slices.length; i += 2) {
      const pair = slices.slice(i, i + 2);
      pair.forEach((_, k) => {
        const span = plan.spanOf[i + k] as number;
        if (asked.has(span)) return;
        asked.add(span);
        chunks.push(readings(plan.spans[span] as { from: number; to: number }));
      });
      for (const d of await Promise.all(pair.map(sliceJson))) events += d.events;
    }
    const rows = (await Promise.all(chunks)).reduce((n, r) => n + r, 0);
    whole.push(performance.now() - t);
    totals = { events, rows, slices: slices.length, readingRequests: plan.spans.length };

    const naive = async (at: number) => {
      const started = performance.now();
      await (await get(`/incidents?status=all&from=${at}&to=${at}&limit=5000`)).json();
      return performance.now() - started;
    };
    naiveFirst.push(await naive(from));
    for (let f = 0; f < 10; f++)
      naivePerFrame.push(await naive(from + Math.floor(((f + 0.5) / 10) * (to - from))));
  }
  return {
    first: spread(first),
    firstIncidents: spread(firstIncidents),
    whole: spread(whole),
    naiveFirst: spread(naiveFirst),
    naivePerFrame: spread(naivePerFrame),
    totals,
  };
}

/** Requests for replay data are quiet once none is on its way and none ended for this long (decoding). */
const QUIET_MS = 3000;

/** The page's requests for replay data (slices and readings): `settled` waits until they are quiet. */
function followReplayRequests(page: Page): { settled(quietMs: number, timeoutMs: number): Promise<void> } {
  let inFlight = 0;
  let lastEnd = Date.now();
  const isReplay = (request: Request) => request.url().includes('/api/v1/replay');
  const ended = (request: Request) => {
    if (!isReplay(request)) return;
    inFlight--;
    lastEnd = Date.now();
  };
  page.on('request', (request) => {
    if (isReplay(request)) inFlight++;
  });
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    async settled(quietMs, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 || Date.now() - lastEnd < quietMs) {
        if (Date.now() > deadline) throw new Error(`replay data still loading after ${timeoutMs} ms`);
        await sleep(250);
      }
    },
  };
}

/**
 * The page's map canvases by name (an expression evaluated in the page): a build before the districts had
 * their own canvas (a baseline checkout) lists its overlays instead, named by index.
 */
const MAP_CANVASES = 'globalThis.__twinMap.canvases ?? Object.assign({}, globalThis.__twinMap.overlays)';

/** The browser phase: main-thread time per frame while the replay view plays at 600×. */
async function measureFrames(
  browser: Browser,
  service: ServiceProcess,
  from: number,
  to: number,
  seconds: number,
  runs: number,
  options: {
    trace: string | null;
    paused: boolean;
    redraw: boolean;
    profile: string | null;
    clock: FrameClock;
  },
) {
  const { trace, paused, redraw, profile, clock } = options;
  const headers = { authorization: `Bearer ${service.adminToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${service.url}/api/v1/admin/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      username: 'bench-analyst',
      displayName: 'Bench analyst',
      role: 'analyst',
      department: null,
      password: BENCH_PASSWORD,
    }),
  });
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`creating the analyst answered ${created.status}: ${await created.text()}`);
  const cookie = await signIn(service.url, 'bench-analyst', BENCH_PASSWORD);
  const perFrame: number[] = [];
  const scriptPerFrame: number[] = [];
  const cpuPerFrame: number[] = [];
  const gpuPerFrame: number[] = [];
  const fps: number[] = [];
  let entities = { sensors: 0, open: 0 };
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    if (clock === 'paced') await context.addInitScript(pacedClockScript(60));
    await context.addCookies([{ ...cookie, url: service.url, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const replayRequests = followReplayRequests(page);
    try {
      const start = from + 2 * HOUR;
      await page.goto(
        `${service.url}/replay?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&t=${new Date(start).toISOString()}&speed=600`,
      );
      await page.waitForSelector('[data-map-loaded=true]', { timeout: 300_000 });
      await page.waitForSelector('[data-testid=replay-open-count]', { timeout: 300_000 });
      // Every sensor known to the page (the live snapshot) before timing.
      const sensors = (await page.evaluate(
        "fetch('/api/v1/sensors', { credentials: 'same-origin' }).then((r) => r.json()).then((s) => s.length)",
      )) as number;
      await sleep(5000);
      // The camera's eases (the panel's padding, a link's camera) have ended: the map draws only on change.
      await page.waitForFunction('!globalThis.__twinMap.map.isMoving()', undefined, { timeout: 120_000 });
      if (clock === 'paced') await page.evaluate('globalThis.__startPacedClock()');
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      // NOTE: a string, so the bundler's helpers (tsx's __name) never reach the page.
      await page.evaluate(
        'globalThis.__frames = 0; (function tick() { globalThis.__frames++; requestAnimationFrame(tick); })();',
      );
      // --paused: the same page left paused (does it draw when nothing changes?).
      if (!paused) await page.getByTestId('replay-play').click();
      // --redraw: deck.gl draws both of the map's canvases again every frame with nothing changed: what drawing
      // alone costs.
      if (redraw)
        await page.evaluate(
          `(function draw() { for (const o of Object.values(${MAP_CANVASES})) o._deck.redraw('bench'); requestAnimationFrame(draw); })()`,
        );
      await sleep(2000);
      // The data ahead of the playhead has loaded (an hour of data is 360 frames here; loading it is not a
      // frame's work): on this machine's software GPU a frame takes a second of wall time, so the opening
      // load would otherwise be charged to a handful of frames instead of thousands.
      await replayRequests.settled(QUIET_MS, 300_000);
      const frames = async () => (await page.evaluate('globalThis.__frames')) as number;
      // How many frames redrew each of the map's canvases (deck.gl draws a canvas only when one of its layers
      // changed): which layers still change while playing.
      await page.evaluate(
        `globalThis.__draws = {}; for (const [name, o] of Object.entries(${MAP_CANVASES})) { const deck = o._deck; const draw = deck._drawLayers; globalThis.__draws[name] = 0; deck._drawLayers = function (...args) { globalThis.__draws[name]++; return draw.apply(this, args); }; } globalThis.__draws.basemap = 0; globalThis.__twinMap.map.on('render', () => globalThis.__draws.basemap++);`,
      );
      const draws = async () =>
        (await page.evaluate('({ ...globalThis.__draws })')) as Record<string, number>;
      // The first run only: a trace of the measured window, and where the threads' time went.
      const tracing = trace !== null && run === 0;
      if (tracing) await startTrace(cdp);
      const profiling = profile !== null && run === 0;
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const before = await mainThreadMetrics(cdp);
      const processesBefore = await chromiumCpu();
      const f0 = await frames();
      const d0 = await draws();
      await sleep(seconds * 1000);
      const after = await mainThreadMetrics(cdp);
      const processes = cpuSpent(processesBefore, await chromiumCpu());
      const f1 = await frames();
      const d1 = await draws();
      if (profiling) {
        const { profile: recorded } = await cdp.send('Profiler.stop');
        await writeFile(profile, JSON.stringify(recorded));
        console.log(`  CPU profile of run 1 written to ${profile} (${f1 - f0} frames)`);
      }
      if (tracing) {
        const events = await endTrace(cdp, trace);
        console.log(`  trace of run 1 written to ${trace}\n${summarizeTrace(events, f1 - f0)}`);
      }
      const open = Number(await page.getByTestId('replay-open-count').textContent());
      const state = await page.getByTestId('replay-state').getAttribute('data-state');
      entities = { sensors, open };
      const n = Math.max(1, f1 - f0);
      perFrame.push(((after.taskS - before.taskS) * 1000) / n);
      // The page's own JavaScript (its share of the main thread; the rest is layout, paint and the
      // compositor, which draws WebGL in software here).
      scriptPerFrame.push(((after.scriptS - before.scriptS) * 1000) / n);
      // The main thread's CPU time: the task time above also counts the thread waiting for a core, and here
      // SwiftShader's threads (the GPU process, a core's worth) share the 2 cores with it.
      cpuPerFrame.push(((after.threadS - before.threadS) * 1000) / n);
      // The GPU process (SwiftShader drawing WebGL and compositing the page): the work the page's main thread
      // waits behind for a core.
      if (processes.has('gpu-process')) gpuPerFrame.push(((processes.get('gpu-process') ?? 0) * 1000) / n);
      fps.push(n / seconds);
      console.log(
        `  run ${run + 1}: ${n} frames in ${seconds} s, main thread ${((after.taskS - before.taskS) * 1000).toFixed(0)} ms, ${open} open + ${sensors} sensors on the map, state ${state}; canvases redrawn: ${Object.keys(
          d1,
        )
          .map((name) => `${name} ${(d1[name] ?? 0) - (d0[name] ?? 0)}`)
          .join(', ')}; CPU of Chromium's processes: ${
          [...processes]
            .filter(([, seconds]) => seconds > 0)
            .map(([kind, seconds]) => `${kind} ${seconds.toFixed(1)} s`)
            .join(', ') || 'not readable here'
        }`,
      );
    } finally {
      await context.close();
    }
  }
  return {
    perFrame: spread(perFrame),
    scriptPerFrame: spread(scriptPerFrame),
    cpuPerFrame: spread(cpuPerFrame),
    gpuPerFrame: gpuPerFrame.length > 0 ? spread(gpuPerFrame) : null,
    fps: spread(fps),
    entities,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = numberArg(args, 'runs', 5);
  const hours = numberArg(args, 'hours', 24);
  const sensors = numberArg(args, 'sensors', 2000);
  const incidents = numberArg(args, 'incidents', 5000);
  const frameSensors = numberArg(args, 'frame-sensors', 45_000);
  const frameInterval = numberArg(args, 'frame-interval-s', 600);
  const frameSeconds = numberArg(args, 'frame-seconds', 20);
  const frameRuns = numberArg(args, 'frame-runs', 3);
  const withFrames = !args.has('no-frames');
  const withApi = !args.has('no-api');
  const clock = frameClockArg(args.get('frame-clock'));
  const end = new Date(Math.floor(Date.now() / HOUR) * HOUR).toISOString();
  console.log(
    `replay bench: ${process.env.DATABASE_URL ? 'PostgreSQL (scratch databases on DATABASE_URL)' : 'embedded engine'}; 2 shared cores, figures are noisy`,
  );

  const stores: Store[] = [];
  const services: ServiceProcess[] = [];
  let browser: Browser | null = null;
  try {
    let api: Awaited<ReturnType<typeof measureApi>> | null = null;
    if (withApi) {
      const existingDir = args.get('store-dir');
      const existing = args.get('store') ?? existingDir;
      const apiStore = existingDir
        ? existingEmbeddedStore(existingDir)
        : existing
          ? await existingStore(existing)
          : await newStore();
      stores.push(apiStore);
      const seeded = existing
        ? null
        : await seed(apiStore, { end, hours, sensors, 'interval-s': 10, incidents });
      const apiService = await serve(apiStore);
      services.push(apiService);
      const store = seeded ?? (await describeStore(apiService));
      // NOTE: the window an analyst picks ("last 24 h"): `hours` ending at the last reading. The seeded span
      // itself is one reading interval shorter, which would replay 1-minute buckets instead of hourly ones.
      api = await measureApi(apiService, store.to - hours * HOUR, store.to, runs);
      await apiService.stop(60_000);
      services.pop();
      console.log(
        `\nAPI (${store.sensors} sensors, ${store.readings.toLocaleString('en-US')} readings, ${store.incidents} incidents, ${store.events} events; ${api.totals.slices} slices, ${api.totals.readingRequests} readings requests, ${api.totals.events} events and ${api.totals.rows.toLocaleString('en-US')} reading rows per window)`,
      );
      console.log(`  first frame      ${show(api.first)} ms   target ≤ 300`);
      console.log(
        `  first incidents  ${show(api.firstIncidents)} ms   (the slice alone: the view draws it first)`,
      );
      console.log(`  whole window     ${show(api.whole)} ms   target ≤ 2,000`);
      console.log(`  naive 1st frame  ${show(api.naiveFirst)} ms   (GET /incidents open at t)`);
      console.log(
        `  naive per frame  ${show(api.naivePerFrame)} ms   (a request per frame: at 60 fps it cannot keep up)`,
      );
    }

    let frames: Awaited<ReturnType<typeof measureFrames>> | null = null;
    if (withFrames) {
      const existingFrames = args.get('frame-store');
      const frameStore = existingFrames ? await existingStore(existingFrames) : await newStore();
      stores.push(frameStore);
      const seeded = existingFrames
        ? null
        : await seed(frameStore, {
            end,
            hours,
            sensors: frameSensors,
            'interval-s': frameInterval,
            incidents,
          });
      const frameService = await serve(frameStore);
      services.push(frameService);
      const seededFrames = seeded ?? (await describeStore(frameService));
      if (!seeded) seededFrames.from = seededFrames.to - hours * HOUR;
      browser = await launchChromium({ gpuCompositing: !args.has('software-compositing') });
      console.log(`  Chromium: ${await graphicsInfo(browser)}`);
      frames = await measureFrames(
        browser,
        frameService,
        seededFrames.from,
        seededFrames.to,
        frameSeconds,
        frameRuns,
        {
          trace: args.get('trace') ?? null,
          paused: args.has('paused'),
          redraw: args.has('redraw'),
          profile: args.get('profile') ?? null,
          clock,
        },
      );
      console.log(
        `\nBrowser at 600×, ${clock === 'paced' ? 'each frame 1/60 s of page time (10 s of data)' : 'the real clock (each frame as much data time as the GPU took)'} (${frames.entities.sensors} sensors + ${incidents} incidents in the store, ${frames.entities.open} open at the end)`,
      );
      console.log(`  main thread per frame  ${show(frames.perFrame)} ms   target ≤ 16`);
      console.log(`  script per frame       ${show(frames.scriptPerFrame)} ms   (the page's JavaScript)`);
      console.log(
        `  main thread CPU/frame  ${show(frames.cpuPerFrame)} ms   (on a core; the time above includes waiting for one)`,
      );
      console.log(
        `  GPU process CPU/frame  ${frames.gpuPerFrame ? `${show(frames.gpuPerFrame)} ms   (SwiftShader drawing and compositing, beside the page)` : 'not readable here (no /proc)'}`,
      );
      console.log(`  frames per second      ${show(frames.fps)}`);
    }
    console.log(
      JSON.stringify({
        first_frame_ms: api ? Math.round(api.first.median) : null,
        full_window_ms: api ? Math.round(api.whole.median) : null,
        frame_ms: frames ? Number(frames.perFrame.median.toFixed(1)) : null,
        naive_first_frame_ms: api ? Math.round(api.naiveFirst.median) : null,
        naive_frame_ms: api ? Math.round(api.naivePerFrame.median) : null,
        first_incidents_ms: api ? Math.round(api.firstIncidents.median) : null,
        script_frame_ms: frames ? Number(frames.scriptPerFrame.median.toFixed(1)) : null,
        frame_cpu_ms: frames ? Number(frames.cpuPerFrame.median.toFixed(1)) : null,
        gpu_process_frame_ms: frames?.gpuPerFrame ? Number(frames.gpuPerFrame.median.toFixed(1)) : null,
        fps: frames ? Number(frames.fps.median.toFixed(1)) : null,
        frame_clock: frames ? clock : null,
      }),
    );
  } finally {
    await browser?.close();
    for (const s of services) await s.stop(60_000).catch(() => {});
    for (const s of stores) await s.drop();
  }
}

main().then(
  // NOTE: keep-alive sockets and the browser's pipes can hold the event loop open after the work is done.
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:replay: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
