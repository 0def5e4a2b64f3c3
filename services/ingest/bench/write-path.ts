/**
 * What the database alone costs the write path: the service's own batch transactions (db/write-batch.ts,
 * readings only, shaped like the ingest bench's gateway case: 2,000 sensors, one metric, a reading per
 * sensor per second) run one after another on a scratch database, without MQTT or the service around them.
 * BENCH_WRITE_STACK=embedded measures the embedded engine instead (PGlite + TimescaleDB on its own thread, in
 * a temporary folder, as `pnpm start` runs it); DATABASE_URL is then not needed.
 * With BENCH_SERVICE_ROOT (another checkout, e.g. the one `bench:compare` makes) that checkout's write path
 * runs too, on a scratch database of its own, batch for batch alternately with this build's, so both see the
 * same machine. Prints the median (min–max) ms per 10,000 readings over the timed batches.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test [BENCH_SERVICE_ROOT=/path/to/checkout] \
 *     npx pnpm@10.34.9 bench:write-path
 *   BENCH_WRITE_STACK=embedded [BENCH_SERVICE_ROOT=…] npx pnpm@10.34.9 bench:write-path
 *
 * Env: BENCH_WRITE_BATCHES (timed batches, 40), BENCH_WRITE_ROWS (rows per batch, 10,000),
 * BENCH_WRITE_WARMUP (untimed batches first, 5), BENCH_WRITE_TRACE=1 (time per statement).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDistrictIndex, createPlacer } from '@twin/city';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.js';
import { describe, envInt, spread } from './stats.js';

const embedded = process.env.BENCH_WRITE_STACK === 'embedded';
const adminUrl = process.env.DATABASE_URL;
if (!embedded && !adminUrl)
  throw new Error('DATABASE_URL names the PostgreSQL server to make a scratch database on');
const batches = envInt('BENCH_WRITE_BATCHES', 40);
const rows = envInt('BENCH_WRITE_ROWS', 10_000);
const warmup = envInt('BENCH_WRITE_WARMUP', 5);
const SENSORS = 2_000;

interface Variant {
  label: string;
  scratch: ScratchDatabase;
  pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: each checkout's own module, typed as it was then
  write: (client: pg.PoolClient, records: any[]) => Promise<unknown>;
  times: number[];
}

/** The checkout's embedded engine in a temporary folder, shaped like a scratch database. */
async function embeddedScratch(src: string): Promise<ScratchDatabase> {
  const { startEmbeddedDatabase } = await import(`${src}/embedded/embedded-database.ts`);
  const dir = await mkdtemp(join(tmpdir(), 'twin-write-path-'));
  const db = await startEmbeddedDatabase(dir);
  return {
    url: db.url,
    drop: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A checkout's write path on a scratch database of its own, migrated by that checkout. */
async function openVariant(label: string, root: string): Promise<Variant> {
  const src = resolve(root, 'services/ingest/src');
  const { migrate } = await import(`${src}/db/migrations.ts`);
  const { ensurePartitions } = await import(`${src}/db/maintenance.ts`);
  const { writeBatch } = await import(`${src}/db/write-batch.ts`);
  const { prepareBatch } = await import(`${src}/ingest/prepare-batch.ts`);
  const scratch = embedded ? await embeddedScratch(src) : await createScratchDatabase(adminUrl!, 'write');
  const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
  let dialect = 'postgres';
  try {
    ({ dialect } = await migrate(pool));
    await ensurePartitions(pool, new Date());
  } catch (err) {
    // Not yet in the list the run cleans up: its database goes here.
    await pool.end();
    await scratch.drop();
    throw err;
  }
  const ctx = {
    dialect,
    places: createPlacer(createDistrictIndex({ type: 'FeatureCollection', features: [] }), 250),
    departments: { unseen: () => [] },
    countMessages: () => ({ stored: 1, duplicate: 0, rejected: 0 }),
  };
  return {
    label,
    scratch,
    pool,
    write: (client, records) => writeBatch(client, ctx, prepareBatch(records), []),
    times: [],
  };
}

/** BENCH_WRITE_TRACE=1: time per statement (its first words), summed over the timed batches. */
const trace = process.env.BENCH_WRITE_TRACE ? new Map<string, number>() : null;
function traced(client: pg.PoolClient, label: string): pg.PoolClient {
  if (!trace) return client;
  const query = client.query.bind(client);
  return Object.assign(Object.create(client), {
    query: (...args: Parameters<typeof query>) => {
      const first = args[0] as unknown;
      const started = performance.now();
      const add = (text: string) => {
        const key = `${label}: ${text.replace(/\s+/g, ' ').trim().slice(0, 60)}`;
        trace.set(key, (trace.get(key) ?? 0) + performance.now() - started);
      };
      const result = query(...args) as unknown;
      // A COPY's stream (a submittable): timed until it finishes.
      if (typeof first === 'object' && first !== null && 'submit' in first) {
        const stream = result as NodeJS.EventEmitter;
        stream.once('finish', () => add(String((first as unknown as { text: string }).text)));
        return result;
      }
      const text = typeof first === 'string' ? first : String((first as { text?: string }).text);
      return (result as Promise<unknown>).finally(() => add(text));
    },
  });
}

async function timedBatch(v: Variant, records: unknown[]): Promise<number> {
  const client = traced(await v.pool.connect(), v.label);
  try {
    const started = performance.now();
    await client.query('begin');
    await v.write(client, records);
    await client.query('commit');
    return ((performance.now() - started) * 10_000) / rows;
  } finally {
    client.release();
  }
}

const variants: Variant[] = [];
try {
  variants.push(await openVariant('this build', resolve(import.meta.dirname, '../../..')));
  const base = process.env.BENCH_SERVICE_ROOT;
  if (base) variants.push(await openVariant(base, base));
  // Readings an hour old, as a device sends them: the same rows for every variant.
  const t0 = Date.now() - 3_600_000;
  let n = 0;
  for (let b = 0; b < warmup + batches; b++) {
    const records = [];
    for (let i = 0; i < rows; i++, n++)
      records.push({
        record: {
          kind: 'reading' as const,
          sensorId: `s-${n % SENSORS}`,
          ts: t0 + Math.floor(n / SENSORS) * 1000,
          values: { v: n },
        },
        owner: 0,
      });
    // Alternate which goes first, so neither always follows the other's commit.
    const order = b % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const ms = await timedBatch(v, records);
      if (b >= warmup) v.times.push(ms);
    }
  }
  if (trace)
    for (const [key, ms] of [...trace].sort((a, b) => b[1] - a[1]))
      console.log(`${(ms / (((warmup + batches) * rows) / 10_000)).toFixed(1).padStart(7)} ms/10k  ${key}`);
  const medians = variants.map((v) => spread(v.times).median);
  for (const v of variants) {
    const s = spread(v.times);
    console.log(`${v.label}: ms per 10,000 readings ${describe(s, 1)}`);
  }
  console.log(
    JSON.stringify({
      ms_per_10k: medians.map((m) => +m.toFixed(1)),
      ...(medians.length === 2 ? { ratio_base_over_this: +(medians[1]! / medians[0]!).toFixed(2) } : {}),
    }),
  );
} finally {
  for (const v of variants) {
    await v.pool.end();
    await v.scratch.drop();
  }
}
