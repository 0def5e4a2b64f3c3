/**
 * `pnpm bench:wall`: is the wall smooth at city scale? Starts the service with a large simulated fleet
 * (default 50,000 sensors), opens the wall in Chromium at 1920×1080, and after a warm-up watches the page's
 * main thread: long tasks (> 50 ms, PerformanceObserver), total task and script time (DevTools'
 * TaskDuration, ScriptDuration), and the scripts the live socket's messages run (Long Animation Frames,
 * scripts of 5 ms or more invoked by the WebSocket's message handler: the live-update path's own cost).
 *
 * NOTE: headless Chromium draws WebGL in software (SwiftShader); on a loaded 2-core machine a frame's commit
 * can block the main thread for a second whatever the page does, and those show as long tasks too. The
 * live-update figures are the ones this page's code controls.
 *
 *   pnpm bench:wall [--sensors 50000] [--interval-ms 10000] [--warmup-s 20] [--seconds 60]
 *                   [--root <other checkout>] [--label name] [--profile <file.cpuprofile>]
 *                   [--detail <file.json>]
 *
 * `--profile` records the page's main thread (V8 CPU profile) over the measured window; summarise it with
 * `npx tsx services/ingest/bench/profile-summary.ts <file>`. `--detail` writes the live updates over 50 ms (their
 * own measure, the Long-Animation-Frame scripts around them, forced layout included); with both, `npx tsx
 * services/dashboard/bench/profile-windows.ts <profile> <detail>` says which functions ran inside each.
 *
 * Prints figures; it fails only when it cannot measure. Timings on these shared machines are noisy:
 * compare a build with its baseline in the same session (`--root` a worktree of the baseline, built), and
 * repeat. The page opens the wall through a kiosk link (a real kiosk session), made with the service's
 * ADMIN_TOKEN (yours if set, else a fresh one); the benchmark's own API calls carry that token.
 */
import { writeFile } from 'node:fs/promises';
import {
  frameScriptsSince,
  getJson,
  isLiveUpdateScript,
  launchWallBrowser,
  liveUpdatesSince,
  longTasksSince,
  MB,
  mainThreadMetrics,
  numberArg,
  openWall,
  pageNow,
  parseArgs,
  readingsStored,
  sleep,
  startWallService,
  waitForSensors,
} from './wall-harness.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sensors = numberArg(args, 'sensors', 50_000);
  const intervalMs = numberArg(args, 'interval-ms', 10_000);
  const warmupS = numberArg(args, 'warmup-s', 20);
  const seconds = numberArg(args, 'seconds', 60);
  const label = args.get('label') ?? (args.get('root') ? 'baseline' : 'this build');

  const wall = await startWallService(
    { sensors, intervalMs, incidentsPerMinute: 12, timeScale: 12 },
    args.get('root'),
  );
  const browser = await launchWallBrowser();
  try {
    const base = wall.service.url;
    console.log(`[${label}] ${wall.root}: service at ${base}, waiting for ${sensors} sensors to register…`);
    const registered = await waitForSensors(wall.service, sensors, 600_000);
    const { page, cdp } = await openWall(browser, wall.service);
    await sleep(warmupS * 1000);
    const open = (await getJson<{ incidents: unknown[] }>(wall.service, '/api/v1/incidents?status=open'))
      .incidents.length;

    const storedBefore = await readingsStored(base);
    const before = await mainThreadMetrics(cdp);
    const profile = args.get('profile');
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const from = await pageNow(page);
    await sleep(seconds * 1000);
    const to = await pageNow(page);
    if (profile) {
      const { profile: recorded } = await cdp.send('Profiler.stop');
      await writeFile(profile, JSON.stringify(recorded));
      console.log(`[${label}] CPU profile of the page written to ${profile}`);
    }
    const after = await mainThreadMetrics(cdp);
    const storedAfter = await readingsStored(base);
    const tasks = await longTasksSince(page, from);
    const liveScripts = (await frameScriptsSince(page, from)).filter(isLiveUpdateScript);
    // NOTE: a measure covers the synchronous part of a live-update task; the LoAF script that contains its
    // start also holds the microtasks it set off (React's renders), so each task counts as the longer of the two.
    const frameScripts = await frameScriptsSince(page, from);
    const measured = (await liveUpdatesSince(page, from)).map((u) => {
      const around = frameScripts.filter((s) => s.start <= u.start && u.start <= s.start + s.duration);
      return {
        ...u,
        around,
        duration: Math.max(u.duration, ...around.map((s) => s.duration)),
        own: u.duration,
      };
    });
    const liveUpdates = measured.map((u) => u.duration).sort((a, b) => a - b);
    const detail = args.get('detail');
    if (detail) {
      // The long ones with the scripts around them, and where the profile starts on the page's clock, so
      // `profile-windows.ts` can say what ran inside each.
      const long = measured.filter((u) => u.duration > 50);
      await writeFile(detail, JSON.stringify({ profileFrom: from, long }, null, 1));
      console.log(`[${label}] ${long.length} live updates over 50 ms written to ${detail}`);
    }

    const spanS = (to - from) / 1000;
    const durations = tasks.map((t) => t.duration).sort((a, b) => a - b);
    const figures = {
      label,
      sensors: registered,
      openIncidents: open,
      seconds: Math.round(spanS),
      readingsStoredPerS: Math.round((storedAfter - storedBefore) / spanS),
      longTasks: tasks.length,
      maxLongTaskMs: Math.round(durations.at(-1) ?? 0),
      medianLongTaskMs: Math.round(durations[Math.floor(durations.length / 2)] ?? 0),
      longTaskMsPerS: Math.round(durations.reduce((a, b) => a + b, 0) / spanS),
      mainThreadBusyMsPerS: Math.round(((after.taskS - before.taskS) * 1000) / spanS),
      scriptMsPerS: Math.round(((after.scriptS - before.scriptS) * 1000) / spanS),
      liveUpdateScriptsOver5Ms: liveScripts.length,
      maxLiveUpdateScriptMs: Math.round(Math.max(0, ...liveScripts.map((s) => s.duration))),
      liveUpdateScriptMsPerS: Math.round(liveScripts.reduce((a, s) => a + s.duration, 0) / spanS),
      liveUpdates: liveUpdates.length,
      liveUpdatesOver50Ms: liveUpdates.filter((d) => d > 50).length,
      maxLiveUpdateMs: Math.round(liveUpdates.at(-1) ?? 0),
      p99LiveUpdateMs: Math.round(liveUpdates[Math.floor(liveUpdates.length * 0.99)] ?? 0),
      liveUpdateMsPerS: Math.round(liveUpdates.reduce((a, b) => a + b, 0) / spanS),
      jsHeapMB: Math.round(after.heapBytes / MB),
    };
    console.log(`[${label}] ${JSON.stringify(figures)}`);
    console.table([figures]);
  } finally {
    await browser.close();
    await wall.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:wall failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
