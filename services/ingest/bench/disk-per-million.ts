/**
 * Disk used per million readings, measured: inserts 1,000,000 readings shaped like real ones into a fresh
 * database of each engine and prints the size of what they take (table + indexes + TOAST), raw and, on
 * TimescaleDB, after compression. A script that prints figures, not a test (docs/operations.md has them).
 *
 *   npx pnpm@10.34.9 bench:disk                  # embedded TimescaleDB (PGlite) only
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx pnpm@10.34.9 bench:disk   # adds plain PostgreSQL
 *
 * With DATABASE_URL the script creates a scratch database on that server and drops it at the end.
 *
 * Shapes: "1 metric": 2,000 sensors × 500 timestamps 10 s apart, one metric each (1,000,000 rows).
 * "3 metrics": 2,000 sensors × 167 timestamps × 3 metrics per reading time (1,002,000 rows), like an air-quality
 * sensor sending pm25, no2 and o3 together. Values are smooth series with noise at two decimals, as sensors send.
 */

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '@twin/test-kit';
import type pg from 'pg';
import { ensurePartitions } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import { startEmbeddedDatabase } from '../src/embedded/embedded-database.js';

const SENSORS = 2_000;
const BATCH = 10_000;
const STEP_MS = 10_000;

interface Shape {
  name: string;
  metrics: string[];
  timestamps: number;
}
const SHAPES: Shape[] = [
  { name: '1 metric', metrics: ['flow'], timestamps: 500 },
  { name: '3 metrics', metrics: ['pm25', 'no2', 'o3'], timestamps: 167 },
];

/** Deterministic noise, so every run stores the same values. */
function noise(n: number): number {
  const x = Math.sin(n * 12.9898) * 43_758.5453;
  return x - Math.floor(x) - 0.5;
}

/** Rows in time order, a batch at a time, as the service receives them (all sensors per time step). */
function* batches(shape: Shape, t0: number): Generator<[string[], string[], Date[], number[]]> {
  let cols: [string[], string[], Date[], number[]] = [[], [], [], []];
  for (let t = 0; t < shape.timestamps; t++) {
    const ts = new Date(t0 + t * STEP_MS);
    for (let s = 0; s < SENSORS; s++) {
      shape.metrics.forEach((metric, m) => {
        const level = 20 + 10 * m + 5 * Math.sin((t + s * 7) / 50);
        cols[0].push(`sf-sensor-${String(s).padStart(4, '0')}`);
        cols[1].push(metric);
        cols[2].push(ts);
        cols[3].push(Math.round((level + noise(t * 7919 + s * 31 + m)) * 100) / 100);
      });
      if (cols[0].length >= BATCH) {
        yield cols;
        cols = [[], [], [], []];
      }
    }
  }
  if (cols[0].length > 0) yield cols;
}

async function insertAll(
  pool: pg.Pool,
  shape: Shape,
  t0: number,
): Promise<{ rows: number; seconds: number }> {
  const started = Date.now();
  let rows = 0;
  for (const cols of batches(shape, t0)) {
    // The writer's statement shape (db/write-batch.ts): unnest arrays, on conflict do nothing.
    await pool.query(
      `insert into readings (sensor_id, metric, ts, value)
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[]) on conflict do nothing`,
      cols,
    );
    rows += cols[0].length;
  }
  return { rows, seconds: (Date.now() - started) / 1000 };
}

async function one<T>(pool: pg.Pool, sql: string): Promise<T> {
  const { rows } = await pool.query(sql);
  return Object.values(rows[0] as Record<string, unknown>)[0] as T;
}

/** Bytes of the files under dir, leaving out `skip` (the WAL: recycled, it does not grow with the data). */
async function dirBytes(dir: string, skip = 'pg_wal'): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path, skip) : (await stat(path)).size;
  }
  return total;
}

interface Row {
  engine: string;
  shape: string;
  rows: number;
  what: string;
  bytes: number;
}
const results: Row[] = [];
const record = (engine: string, shape: Shape, rows: number, what: string, bytes: number) => {
  results.push({ engine, shape: shape.name, rows, what, bytes });
  console.log(
    `${engine} | ${shape.name} | ${what}: ${(bytes / 1024 ** 2).toFixed(1)} MiB, ${(((bytes / rows) * 1e6) / 1024 ** 2).toFixed(1)} MiB per million readings`,
  );
};

async function timescale(shape: Shape, t0: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'twin-disk-'));
  const db = await startEmbeddedDatabase(dir);
  const pool = createPool(db.url, true);
  try {
    await migrate(pool);
    const empty = await dirBytes(join(dir, 'pg'));
    const { rows, seconds } = await insertAll(pool, shape, t0);
    console.log(`timescale | ${shape.name} | inserted ${rows} rows in ${seconds.toFixed(1)} s`);
    await pool.query("call refresh_continuous_aggregate('readings_1m', null, null)");
    await pool.query('vacuum analyze');
    const cagg = `(select format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)
                   from timescaledb_information.continuous_aggregates where view_name = 'readings_1m')`;
    record(
      'TimescaleDB (PGlite)',
      shape,
      rows,
      'readings raw',
      Number(await one(pool, "select hypertable_size('readings')")),
    );
    record(
      'TimescaleDB (PGlite)',
      shape,
      rows,
      'readings_1m (cagg)',
      Number(await one(pool, `select hypertable_size(${cagg})`)),
    );
    const started = Date.now();
    await pool.query("select compress_chunk(c, if_not_compressed => true) from show_chunks('readings') c");
    console.log(`timescale | ${shape.name} | compressed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await pool.query('vacuum analyze');
    const stats = await pool.query(
      "select before_compression_total_bytes::bigint as before, after_compression_total_bytes::bigint as after from hypertable_compression_stats('readings')",
    );
    console.log(`timescale | ${shape.name} | compression stats`, stats.rows[0]);
    record(
      'TimescaleDB (PGlite)',
      shape,
      rows,
      'readings compressed',
      Number(await one(pool, "select hypertable_size('readings')")),
    );
    await pool.query('checkpoint');
    record(
      'TimescaleDB (PGlite)',
      shape,
      rows,
      'data folder growth (files, without pg_wal)',
      (await dirBytes(join(dir, 'pg'))) - empty,
    );
  } finally {
    await pool.end();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function postgres(adminUrl: string, shape: Shape, t0: number): Promise<void> {
  const scratch = await createScratchDatabase(adminUrl);
  const pool = createPool(scratch.url, false);
  try {
    await migrate(pool);
    await ensurePartitions(pool, new Date(t0));
    await ensurePartitions(pool, new Date());
    const { rows, seconds } = await insertAll(pool, shape, t0);
    console.log(`postgres | ${shape.name} | inserted ${rows} rows in ${seconds.toFixed(1)} s`);
    // The service feeds the rollup in the insert statement; one grouped insert gives the same rows.
    await pool.query(`insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
      select date_trunc('minute', ts), sensor_id, metric, sum(value), count(*), min(value), max(value)
      from readings group by 1, 2, 3`);
    await pool.query('vacuum analyze');
    record(
      'PostgreSQL 15',
      shape,
      rows,
      'readings (all partitions)',
      Number(
        await one(
          pool,
          "select sum(pg_total_relation_size(relid)) from pg_partition_tree('readings') where isleaf",
        ),
      ),
    );
    record(
      'PostgreSQL 15',
      shape,
      rows,
      'readings_1m_rollup',
      Number(await one(pool, "select pg_total_relation_size('readings_1m_rollup')")),
    );
  } finally {
    await pool.end();
    await scratch.drop();
  }
}

const t0 = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
console.log(
  `disk per million readings, ${new Date().toISOString()}, readings from ${new Date(t0).toISOString()}`,
);
for (const shape of SHAPES) {
  await timescale(shape, t0);
  if (process.env.DATABASE_URL) await postgres(process.env.DATABASE_URL, shape, t0);
}
console.log('\n| engine | shape | rows | what | MiB | MiB per million readings | bytes per reading |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.engine} | ${r.shape} | ${r.rows.toLocaleString('en')} | ${r.what} | ${(r.bytes / 1024 ** 2).toFixed(1)} | ${(((r.bytes / r.rows) * 1e6) / 1024 ** 2).toFixed(1)} | ${(r.bytes / r.rows).toFixed(1)} |`,
  );
