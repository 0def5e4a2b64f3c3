/**
 * The replay readings' cost, piece by piece, on a store replay-seed.ts made (the service runs as a child process
 * on DATABASE_URL; BENCH_SERVICE_ROOT=<another checkout> measures that checkout's service on the same store, for
 * a before/after):
 *
 *   first slice   the first slice's JSON (5 min) and its readings at the window's bucket, fetched together
 *   lead          `GET /replay/readings?from=t&to=t`: only each series' last reading at or before t
 *   day, 1 req    the whole window's readings at its bucket (1 hour for a day) in one request
 *   day, slices   the readings as the replay view asks them: per slice at the window's bucket, two in flight;
 *                 the slices as main's view cut them (5 min, then an hour each from `from`) and as it cuts
 *                 them now (5 min, then on whole UTC hours: services/dashboard/src/replay/slice-plan.ts)
 *
 *   DATABASE_URL=… tsx services/ingest/bench/replay-readings-bench.ts --from ISO --to ISO [--runs 5]
 */
import { replayBucketMs } from '@twin/domain';
import { tableFromIPC } from 'apache-arrow';
import { startService } from './service.js';
import { describe, spread } from './stats.js';
import { windowArgs } from './window-args.js';

const HOUR = 3_600_000;
const FIRST_SLICE = 5 * 60_000;

async function main(): Promise<void> {
  const { databaseUrl, from, to, runs: RUNS } = windowArgs();
  const service = await startService({
    databaseUrl,
    mqttUrl: null,
    topicRoot: `rr${Date.now().toString(36)}`,
  });
  const headers = { authorization: `Bearer ${service.adminToken}` };
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/api/v1${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const rows = async (path: string) =>
    tableFromIPC(new Uint8Array(await (await get(path)).arrayBuffer())).numRows;
  const bucketMs = replayBucketMs(to - from);
  const timed = async <T>(into: number[], fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    into.push(performance.now() - t);
    return out;
  };
  const slices: { from: number; to: number }[] = [];
  for (let s = from, len = FIRST_SLICE; s < to; s += len, len = HOUR)
    slices.push({ from: s, to: Math.min(to, s + len) });
  const hourSlices: { from: number; to: number }[] = [{ from, to: Math.min(to, from + FIRST_SLICE) }];
  while (hourSlices.at(-1)!.to < to) {
    const start = hourSlices.at(-1)!.to;
    hourSlices.push({ from: start, to: Math.min(to, (Math.floor(start / HOUR) + 1) * HOUR) });
  }
  const allSlices = async (list: { from: number; to: number }[]) => {
    let n = 0;
    for (let i = 0; i < list.length; i += 2)
      for (const got of await Promise.all(
        list
          .slice(i, i + 2)
          .map((s) => rows(`/replay/readings?from=${s.from}&to=${s.to}&bucketMs=${bucketMs}`)),
      ))
        n += got;
    return n;
  };
  try {
    const first: number[] = [];
    const lead: number[] = [];
    const day: number[] = [];
    const sliced: number[] = [];
    const hourSliced: number[] = [];
    const counts = { leadRows: 0, dayRows: 0, slicedRows: 0, hourSlicedRows: 0 };
    for (let run = 0; run < RUNS; run++) {
      await timed(first, () =>
        Promise.all([
          get(`/replay?from=${from}&to=${from + FIRST_SLICE}`).then((r) => r.json()),
          rows(`/replay/readings?from=${from}&to=${from + FIRST_SLICE}&bucketMs=${bucketMs}`),
        ]),
      );
      // A different instant each run, half-way through the window's hours: no cache of the last run helps.
      const at = from + Math.floor((to - from) * (0.3 + 0.1 * run));
      counts.leadRows = await timed(lead, () => rows(`/replay/readings?from=${at}&to=${at}`));
      counts.dayRows = await timed(day, () =>
        rows(`/replay/readings?from=${from}&to=${to}&bucketMs=${bucketMs}`),
      );
      counts.slicedRows = await timed(sliced, () => allSlices(slices));
      counts.hourSlicedRows = await timed(hourSliced, () => allSlices(hourSlices));
    }
    console.log(
      `window ${new Date(from).toISOString()} – ${new Date(to).toISOString()}, bucket ${bucketMs} ms`,
    );
    console.log(`first slice   ${describe(spread(first))} ms`);
    console.log(`lead lookup   ${describe(spread(lead))} ms (${counts.leadRows} series)`);
    console.log(`day, 1 req    ${describe(spread(day))} ms (${counts.dayRows.toLocaleString('en-US')} rows)`);
    console.log(
      `day, slices   ${describe(spread(sliced))} ms (${slices.length} slices from from, ${counts.slicedRows.toLocaleString('en-US')} rows)`,
    );
    console.log(
      `day, slices   ${describe(spread(hourSliced))} ms (${hourSlices.length} slices on whole hours, ${counts.hourSlicedRows.toLocaleString('en-US')} rows)`,
    );
    console.log(
      JSON.stringify({
        first_slice_ms: Math.round(spread(first).median),
        lead_ms: Math.round(spread(lead).median),
        day_one_request_ms: Math.round(spread(day).median),
        day_slices_ms: Math.round(spread(sliced).median),
        day_hour_slices_ms: Math.round(spread(hourSliced).median),
        ...counts,
      }),
    );
  } finally {
    await service.stop();
    await service.removeData();
  }
}

main().catch((err: unknown) => {
  console.error(`replay-readings-bench: ${(err as Error).message}`);
  process.exit(1);
});
