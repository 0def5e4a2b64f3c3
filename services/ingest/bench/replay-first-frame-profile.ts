/**
 * Where the replay's first frame goes, statement by statement: runs what `GET /replay` and `GET
 * /replay/readings` run for the first slice of a window (db/replay.ts, db/replay-readings.ts) in this process,
 * on a store replay-seed.ts made, through the service's pool (db/pool.ts), and prints each statement's time (a pool that times every query), the
 * Node-side time around them, and the total, over several runs. No HTTP: the service's own cost is the rest.
 *
 *   DATABASE_URL=… tsx services/ingest/bench/replay-first-frame-profile.ts --from ISO --to ISO [--runs 5]
 */
import { replayBucketMs } from '@twin/domain';
import type pg from 'pg';
import { createPool } from '../src/db/pool.js';
import { readReplaySlice } from '../src/db/replay.js';
import { readingColumns, readingSeries } from '../src/db/replay-readings.js';
import { describe, spread } from './stats.js';
import { windowArgs } from './window-args.js';

const FIRST_SLICE = 5 * 60_000;

async function main(): Promise<void> {
  const { databaseUrl, from, to, runs } = windowArgs();
  // The service's own pool (its settings per connection included).
  const pool = createPool(databaseUrl, false);
  const times = new Map<string, number[]>();
  let current: Map<string, number> = new Map();
  // A pool whose query records its time under the statement's first words.
  const timed = {
    query: async (text: unknown, values?: unknown[]) => {
      const sql = typeof text === 'string' ? text : (text as { text: string }).text;
      const label = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
      const t = performance.now();
      const out = await pool.query(text as string, values);
      current.set(label, (current.get(label) ?? 0) + performance.now() - t);
      return out;
    },
  } as unknown as pg.Pool;
  const slice = { from, to: Math.min(to, from + FIRST_SLICE), bucketMs: replayBucketMs(to - from) };
  const totals = { slice: [] as number[], readings: [] as number[], both: [] as number[] };
  try {
    for (let run = 0; run < runs; run++) {
      current = new Map();
      const t0 = performance.now();
      const [sliceMs, readingsMs] = await Promise.all([
        (async () => {
          const t = performance.now();
          await readReplaySlice(timed, slice.from, slice.to);
          return performance.now() - t;
        })(),
        (async () => {
          const t = performance.now();
          const series = await readingSeries(timed, {});
          let rows = 0;
          for await (const chunk of readingColumns(timed, series, slice)) rows += chunk.length;
          if (run === 0) console.log(`  ${series.sensorIndex.length} series, ${rows} rows`);
          return performance.now() - t;
        })(),
      ]);
      totals.both.push(performance.now() - t0);
      totals.slice.push(sliceMs);
      totals.readings.push(readingsMs);
      for (const [label, ms] of current) times.set(label, [...(times.get(label) ?? []), ms]);
    }
    console.log(`first slice ${new Date(slice.from).toISOString()} + 5 min, bucket ${slice.bucketMs} ms:`);
    for (const [label, list] of times) console.log(`  ${describe(spread(list))}  ${label}`);
    console.log(`  ${describe(spread(totals.slice))}  = /replay (slice)`);
    console.log(`  ${describe(spread(totals.readings))}  = /replay/readings`);
    console.log(`  ${describe(spread(totals.both))}  = both, together`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(`replay-first-frame-profile: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
