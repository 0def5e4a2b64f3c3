/**
 * The replay API's cost on a seeded store (replay-seed.ts), measured from a client: the service runs as a child
 * process on DATABASE_URL (as `pnpm start` runs it) and this process fetches and decodes what the browser would.
 *
 *   first frame   the first slice (the state at `from` and its first minute of events) and the readings of that
 *                 minute (each sensor's value at `from` included), fetched together, JSON-parsed and Arrow-decoded
 *   whole window  the window as hourly slices (two requests in flight) plus its readings at the window's bucket
 *   naive frame   the baseline: `GET /api/v1/incidents?status=all&from=t&to=t&limit=5000` per frame (the
 *                 incidents open at t, current states), timed per request over frames across the window
 *
 * Prints medians and spread over runs, ending with one JSON line.
 *   DATABASE_URL=… tsx services/ingest/bench/replay-api.ts [--from ISO --to ISO] [--runs 5]
 *   tsx services/ingest/bench/replay-api.ts --data-dir DIR …   (an embedded store replay-seed.ts made)
 * Without --from/--to: the 24 h ending at the store's data time.
 */
import { parseArgs } from 'node:util';
import { type ReplaySlice, replayBucketMs } from '@twin/domain';
import { tableFromIPC } from 'apache-arrow';
import { startService } from './service.js';
import { describe, spread } from './stats.js';

const { values: args } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'data-dir': { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 5);
const HOUR = 3_600_000;

async function main(): Promise<void> {
  const dataDir = args['data-dir'];
  const databaseUrl = dataDir ? null : (process.env.DATABASE_URL ?? null);
  if (!dataDir && !databaseUrl)
    throw new Error('set DATABASE_URL, or pass --data-dir DIR: a store seeded by replay-seed.ts');
  const service = await startService({
    databaseUrl,
    mqttUrl: null,
    topicRoot: `rb${Date.now().toString(36)}`,
    ...(dataDir ? { env: { DATA_DIR: dataDir } } : {}),
  });
  const headers = { authorization: `Bearer ${service.adminToken}` };
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  try {
    const clock = (await (await get('/api/v1/clock')).json()) as { dataTime: number };
    const to = args.to ? Date.parse(args.to) : clock.dataTime;
    const from = args.from ? Date.parse(args.from) : to - 24 * HOUR;
    const json = async (path: string) => (await (await get(path)).json()) as ReplaySlice;
    const arrow = async (path: string) =>
      tableFromIPC(new Uint8Array(await (await get(path)).arrayBuffer())).numRows;

    const first: number[] = [];
    const whole: number[] = [];
    const naive: number[] = [];
    const slicesDone: number[] = [];
    const readingsDone: number[] = [];
    let counts = { incidents: 0, events: 0, readingRows: 0 };
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      await Promise.all([
        json(`/api/v1/replay?from=${from}&to=${from + 60_000}`),
        arrow(`/api/v1/replay/readings?from=${from}&to=${from + 60_000}`),
      ]);
      first.push(performance.now() - t);

      t = performance.now();
      const starts: number[] = [];
      for (let s = from; s < to; s += HOUR) starts.push(s);
      const slices: ReplaySlice[] = [];
      const readings = arrow(`/api/v1/replay/readings?from=${from}&to=${to}`).then((rows) => {
        readingsDone.push(performance.now() - t);
        return rows;
      });
      for (let i = 0; i < starts.length; i += 2)
        slices.push(
          ...(await Promise.all(
            starts.slice(i, i + 2).map((s) => json(`/api/v1/replay?from=${s}&to=${Math.min(to, s + HOUR)}`)),
          )),
        );
      slicesDone.push(performance.now() - t);
      const readingRows = await readings;
      whole.push(performance.now() - t);
      counts = {
        incidents: new Set(slices.flatMap((s) => s.incidents.map((i) => i.incidentId))).size,
        events: slices.reduce((n, s) => n + s.events.length, 0),
        readingRows,
      };

      for (let f = 0; f < 10; f++) {
        const at = from + Math.floor(((f + 0.5) / 10) * (to - from));
        t = performance.now();
        await (await get(`/api/v1/incidents?status=all&from=${at}&to=${at}&limit=5000`)).json();
        naive.push(performance.now() - t);
      }
    }
    const f = spread(first);
    const w = spread(whole);
    const n = spread(naive);
    console.log(
      `window ${new Date(from).toISOString()} – ${new Date(to).toISOString()}, bucket ${replayBucketMs(to - from)} ms`,
    );
    console.log(
      `  ${counts.incidents} incidents, ${counts.events} events, ${counts.readingRows.toLocaleString('en-US')} reading rows`,
    );
    console.log(`first frame   ${describe(f)} ms   (target ≤ 300)`);
    console.log(`whole window  ${describe(w)} ms   (target ≤ 2,000)`);
    console.log(
      `  of which the incident slices ${describe(spread(slicesDone))} ms, the readings ${describe(spread(readingsDone))} ms (in parallel)`,
    );
    console.log(`naive frame   ${describe(n)} ms per frame (${n.runs} frames)`);
    console.log(
      JSON.stringify({
        first_frame_ms: Math.round(f.median),
        full_window_ms: Math.round(w.median),
        naive_frame_ms: Math.round(n.median),
        slices_ms: Math.round(spread(slicesDone).median),
        readings_ms: Math.round(spread(readingsDone).median),
        ...counts,
      }),
    );
  } finally {
    await service.stop();
    await service.removeData();
  }
}

main().catch((err: unknown) => {
  console.error(`replay-api: ${(err as Error).message}`);
  process.exit(1);
});
