/**
 * `pnpm bench:wall`: is the wall smooth at city scale? Starts the service with a large simulated fleet
 * (default 50,000 sensors), opens the wall in Chromium at 1920×1080, and after a warm-up watches the page's
 * main thread: long tasks (> 50 ms, PerformanceObserver) and total task time (DevTools' TaskDuration).
 *
 *   pnpm bench:wall [--sensors 50000] [--interval-ms 10000] [--warmup-s 20] [--seconds 60]
 *                   [--root <other checkout>] [--label name]
 *
 * Prints figures; it fails only when it cannot measure. Timings on these shared machines are noisy:
 * compare a build with its baseline in the same session (`--root` a worktree of the baseline, built), and
 * repeat. ADMIN_TOKEN, if set, is given to the service and sent with every request.
 */
import { metricSum } from '@twin/test-kit';
import {
  getJson,
  launchWallBrowser,
  longTasksSince,
  MB,
  mainThreadMetrics,
  numberArg,
  openWall,
  pageNow,
  parseArgs,
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
    const registered = await waitForSensors(base, sensors, 600_000);
    const { page, cdp } = await openWall(browser, base);
    await sleep(warmupS * 1000);
    const open = (await getJson<unknown[]>(base, '/api/v1/incidents?status=open')).length;

    const storedBefore = metricSum(await wall.service.metrics(), 'twin_readings_stored_total') ?? 0;
    const before = await mainThreadMetrics(cdp);
    const from = await pageNow(page);
    await sleep(seconds * 1000);
    const to = await pageNow(page);
    const after = await mainThreadMetrics(cdp);
    const storedAfter = metricSum(await wall.service.metrics(), 'twin_readings_stored_total') ?? 0;
    const tasks = await longTasksSince(page, from);

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
