/**
 * `pnpm soak:wall`: does the wall run for days? The wall in Chromium against the service with an accelerated
 * demo feed (many incidents opening and closing, sensors reporting every second); reports the page's JS
 * heap after a full garbage collection once warmed up, then every few minutes, and at the end.
 *
 *   pnpm soak:wall [--minutes 60] [--warmup-s 60] [--sample-min 5] [--sensors 2000] [--interval-ms 1000]
 *                  [--incidents-per-min 60] [--time-scale 60]
 *
 * Prints figures; it fails (non-zero) only when it cannot run. Growth over a short run says little: compare
 * the figures of an hour's run with those of a few minutes'. ADMIN_TOKEN, if set, is used as in bench:wall.
 */
import {
  heapAfterGc,
  launchWallBrowser,
  MB,
  mainThreadMetrics,
  numberArg,
  openWall,
  parseArgs,
  sleep,
  startWallService,
  waitForSensors,
} from './wall-harness.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const minutes = numberArg(args, 'minutes', 60);
  const warmupS = numberArg(args, 'warmup-s', 60);
  const sampleMin = Math.max(0.5, numberArg(args, 'sample-min', 5));
  const feed = {
    sensors: numberArg(args, 'sensors', 2000),
    intervalMs: numberArg(args, 'interval-ms', 1000),
    incidentsPerMinute: numberArg(args, 'incidents-per-min', 60),
    timeScale: numberArg(args, 'time-scale', 60),
  };
  const wall = await startWallService(feed, args.get('root'));
  const browser = await launchWallBrowser();
  try {
    const base = wall.service.url;
    console.log(`soak: ${JSON.stringify(feed)}, ${minutes} min after ${warmupS} s of warm-up, at ${base}`);
    await waitForSensors(wall.service, feed.sensors, 300_000);
    const { cdp } = await openWall(browser, wall.service);
    await sleep(warmupS * 1000);
    const start = Date.now();
    const baseline = await heapAfterGc(cdp);
    const rows: {
      minute: number;
      heapMB: number;
      growthMB: number;
      domNodes: number;
      serviceRssMB: number;
    }[] = [];
    const sample = async () => {
      const heap = await heapAfterGc(cdp);
      const { nodes } = await cdp.send('Memory.getDOMCounters');
      const rss = (await wall.service.rssBytes()) ?? 0;
      const row = {
        minute: Math.round((Date.now() - start) / 6000) / 10,
        heapMB: Math.round((heap / MB) * 10) / 10,
        growthMB: Math.round(((heap - baseline) / MB) * 10) / 10,
        domNodes: nodes,
        serviceRssMB: Math.round(rss / MB),
      };
      rows.push(row);
      console.log(`soak: ${JSON.stringify(row)}`);
    };
    await sample();
    const end = start + minutes * 60_000;
    while (Date.now() < end) {
      await sleep(Math.min(sampleMin * 60_000, end - Date.now()));
      await sample();
    }
    const { taskS } = await mainThreadMetrics(cdp);
    const last = rows.at(-1);
    console.log(
      `soak: heap after warm-up ${(baseline / MB).toFixed(1)} MB, after ${last?.minute ?? 0} min ${last?.heapMB ?? 0} MB ` +
        `(${(last?.growthMB ?? 0) >= 0 ? '+' : ''}${last?.growthMB ?? 0} MB); page main thread busy ${taskS.toFixed(0)} s in all`,
    );
    console.table(rows);
  } finally {
    await browser.close();
    await wall.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`soak:wall failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
