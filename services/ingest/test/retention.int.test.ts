/**
 * Data that lives for years, on both engines: the maintenance leader drops raw readings past their
 * retention, keeps the 1-minute rollup longer, compresses old TimescaleDB chunks (still readable, still
 * accepting late readings), trims the change log and dead letters, and survives a job that fails.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '@twin/test-kit';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/db/dialect.js';
import { createEmbeddedVacuum } from '../src/db/embedded-vacuum.js';
import {
  ensurePartitions,
  type MaintenanceJob,
  refreshRollup,
  startMaintenance,
} from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import { trimDeadLetters } from '../src/db/retention.js';
import { startEmbeddedDatabase } from '../src/embedded/embedded-database.js';
import { eventually } from './harness.js';

const DAY = 86_400_000;
const SETTINGS = {
  readingsRetentionDays: 30,
  rollupRetentionDays: 100,
  compressAfterHours: 24,
  changeLogRetentionHours: 24,
  deadLetterRetentionDays: 30,
};
/** Series: how long ago, and how many readings 10 s apart. */
const SERIES = { 'old-140d': 140 * DAY, 'old-75d': 75 * DAY, 'mid-10d': 10 * DAY, 'new-1h': 3_600_000 };
const PER_SERIES = 30;

interface Engine {
  name: 'embedded' | 'postgres';
  open(): Promise<{ pool: pg.Pool; embedded: boolean; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'embedded',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'twin-retention-'));
      const db = await startEmbeddedDatabase(dir);
      const pool = createPool(db.url, true);
      return {
        pool,
        embedded: true,
        async close() {
          await pool.end();
          await db.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
if (process.env.DATABASE_URL) {
  const adminUrl = process.env.DATABASE_URL;
  engines.push({
    name: 'postgres',
    async open() {
      const scratch = await createScratchDatabase(adminUrl);
      const pool = createPool(scratch.url, false);
      return {
        pool,
        embedded: false,
        async close() {
          await pool.end();
          await scratch.drop();
        },
      };
    },
  });
} else if (process.env.CI === 'true') {
  throw new Error('CI=true but DATABASE_URL is not set: retention must be tested on PostgreSQL');
} else {
  describe.skip('retention on PostgreSQL (skipped: set DATABASE_URL to run it)', () => {
    it('drops old partitions and rollup rows', () => {});
  });
}

const monthSuffix = (d: Date) => `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

for (const engine of engines) {
  describe(`retention on the ${engine.name} engine`, () => {
    let db: Awaited<ReturnType<Engine['open']>>;
    let pool: pg.Pool;
    let dialect: Dialect;
    let maintenance: MaintenanceJob;
    const registry = new Registry();
    const now = Date.now();
    const base = (ago: number) => Math.floor((now - ago) / 60_000) * 60_000;

    const rawCount = async (sensor: string) =>
      (
        await pool.query<{ n: number }>('select count(*)::int as n from readings where sensor_id = $1', [
          sensor,
        ])
      ).rows[0]!.n;
    const rollupCount = async (sensor: string) =>
      (
        await pool.query<{ n: number }>(
          'select coalesce(sum(count), 0)::int as n from readings_1m where sensor_id = $1',
          [sensor],
        )
      ).rows[0]!.n;

    beforeAll(async () => {
      db = await engine.open();
      pool = db.pool;
      dialect = (await migrate(pool)).dialect;
      expect(dialect).toBe(engine.name === 'embedded' ? 'timescale' : 'postgres');
      if (dialect === 'postgres') {
        // The partitions the service creates before its ingest starts.
        await ensurePartitions(pool, new Date(now));
        // As if the service had run back then: a partition for the 75-day-old month. The 140-day-old
        // readings have no partition and land in the default one.
        const from = new Date(base(SERIES['old-75d']));
        const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
        const end = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
        await pool.query(
          `create table readings_${monthSuffix(start)} partition of readings
           for values from ('${start.toISOString()}') to ('${end.toISOString()}')`,
        );
      }
      for (const [sensor, ago] of Object.entries(SERIES))
        await pool.query(
          `insert into readings (sensor_id, metric, ts, value)
           select $1, 'flow', to_timestamp(($2::float8 + i * 10000) / 1000), i from generate_series(0, $3 - 1) i`,
          [sensor, base(ago), PER_SERIES],
        );
      // The rollup as the service kept it while these readings were fresh.
      if (dialect === 'postgres')
        await pool.query(`insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
          select date_trunc('minute', ts), sensor_id, metric, sum(value), count(*), min(value), max(value)
          from readings group by 1, 2, 3`);
      else await refreshRollup(pool, null, new Date(base(0) - 60_000));
      await pool.query(
        `insert into dead_letters (received_at, topic, reason, payload, payload_bytes)
         values (now() - interval '40 days', 't', 'old', '', 0), (now(), 't', 'new', '', 0)`,
      );
      maintenance = await startMaintenance(
        pool,
        dialect,
        { info: () => {}, warn: () => {} },
        {
          ...SETTINGS,
          embedded: db.embedded,
          registry,
          intervalMs: 3_600_000,
        },
      );
    });

    afterAll(async () => {
      await maintenance?.stop();
      await db?.close();
    });

    it('ran every job of the first round without a failure', async () => {
      const { values } = await registry.getSingleMetric('twin_maintenance_last_success_seconds')!.get();
      expect(values.map((v) => v.labels.job).sort()).toEqual(
        (dialect === 'timescale' ? ['compression', 'rollup_refresh'] : ['partitions', 'rollup'])
          .concat(['change_log_retention', 'dead_letter_retention', 'readings_retention', 'rollup_retention'])
          .concat(db.embedded ? ['vacuum'] : [])
          .sort(),
      );
      expect((await registry.getSingleMetric('twin_maintenance_failures_total')!.get()).values).toEqual([]);
    });

    it('drops exactly the raw readings past their retention', async () => {
      expect(await rawCount('old-140d')).toBe(0);
      expect(await rawCount('old-75d')).toBe(0);
      expect(await rawCount('mid-10d')).toBe(PER_SERIES);
      expect(await rawCount('new-1h')).toBe(PER_SERIES);
    });

    it('keeps the rollup for its longer retention, and drops it past that', async () => {
      expect(await rollupCount('old-75d')).toBe(PER_SERIES);
      expect(await rollupCount('old-140d')).toBe(0);
      expect(await rollupCount('mid-10d')).toBe(PER_SERIES);
      expect(await rollupCount('new-1h')).toBe(PER_SERIES);
      // Later rounds (refreshing the rollup again) keep the aggregates whose raw rows are gone.
      expect((await maintenance.runJobs()).every((o) => o.ok)).toBe(true);
      expect(await rollupCount('old-75d')).toBe(PER_SERIES);
    });

    it('trims dead letters past their retention', async () => {
      const { rows } = await pool.query('select reason from dead_letters order by id');
      expect(rows).toEqual([{ reason: 'new' }]);
    });

    it('trims the change log past its retention, always keeping the newest row', async () => {
      await pool.query('delete from change_log');
      await pool.query(
        `insert into change_log (kind, body, at) select 'dead_letter', '{}', now() - interval '2 days' + i * interval '1 second'
         from generate_series(1, 25000) i`,
      );
      const { rows: newest } = await pool.query(
        "insert into change_log (kind, body, at) values ('dead_letter', '{}', now() - interval '1 hour') returning seq::int",
      );
      let outcomes = await maintenance.runJobs();
      expect(outcomes.find((o) => o.job === 'change_log_retention')).toEqual({
        job: 'change_log_retention',
        ok: true,
        detail: { deleted: 25000 },
      });
      const { rows } = await pool.query('select seq::int from change_log');
      expect(rows).toEqual(newest);
      // Old as it is, the newest row is the log's position: it stays.
      await pool.query("update change_log set at = now() - interval '30 days'");
      outcomes = await maintenance.runJobs();
      expect(outcomes.find((o) => o.job === 'change_log_retention')).toMatchObject({
        detail: { deleted: 0 },
      });
      expect((await pool.query('select seq::int from change_log')).rows).toEqual(newest);
    });

    if (engine.name === 'embedded') {
      it('analysed every table in its first round (the engine has no autovacuum to do it)', async () => {
        const { rows } = await pool.query<{ relname: string; reltuples: number }>(
          `select relname, reltuples from pg_class
           where relname in ('dead_letters', 'change_log', 'sensor_latest', 'incidents', 'readings')`,
        );
        expect(rows).toHaveLength(5);
        // -1: never analysed.
        for (const r of rows)
          expect({ table: r.relname, analysed: r.reltuples >= 0 }).toEqual({
            table: r.relname,
            analysed: true,
          });
      });

      it('reuses the space the retention jobs freed once vacuumed, where without a vacuum the table grows', async () => {
        const size = async () =>
          (await pool.query<{ bytes: number }>("select pg_relation_size('dead_letters')::int as bytes"))
            .rows[0]!.bytes;
        const fill = (age: string) =>
          pool.query(
            `insert into dead_letters (received_at, topic, reason, payload, payload_bytes)
             select now() - interval '${age}', 't', 'bulk', repeat('x', 200), 200 from generate_series(1, 5000)`,
          );
        const trim = () => trimDeadLetters(pool, new Date(Date.now() - 30 * DAY));
        // Without a vacuum: rows deleted, then as many inserted, and the table grows by their size.
        await fill('40 days');
        const full = await size();
        expect(await trim()).toBe(5000);
        await fill('40 days');
        expect(await size()).toBeGreaterThan(full * 1.6);
        expect(await trim()).toBe(5000);
        // With the job's vacuum after the trim, the next 5,000 rows fit in the freed pages.
        const before = await size();
        const outcome = await createEmbeddedVacuum()(pool, Date.now());
        expect(outcome.vacuumed).toContain('dead_letters');
        expect(outcome.analyzed).toEqual(expect.arrayContaining(['readings', 'incident_events']));
        await fill('1 hour');
        expect(await size()).toBeLessThanOrEqual(before);
      });

      it('compresses chunks older than COMPRESS_AFTER_HOURS, which stay readable', async () => {
        const { rows } = await pool.query<{ compressed: boolean; newest: boolean }>(
          `select is_compressed as compressed, range_end > now() - interval '24 hours' as newest
           from timescaledb_information.chunks where hypertable_name = 'readings' order by range_end`,
        );
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(rows.filter((r) => !r.newest).every((r) => r.compressed)).toBe(true);
        expect(rows.filter((r) => r.newest).every((r) => !r.compressed)).toBe(true);
        const { rows: values } = await pool.query<{ sum: number }>(
          "select sum(value)::int as sum from readings where sensor_id = 'mid-10d'",
        );
        expect(values[0]!.sum).toBe((PER_SERIES * (PER_SERIES - 1)) / 2);
      });

      it('takes a late reading into a compressed chunk (on conflict do nothing) and refreshes its rollup', async () => {
        const ts = new Date(base(SERIES['mid-10d']) + 5_000);
        const existing = new Date(base(SERIES['mid-10d']));
        const { rows } = await pool.query(
          `insert into readings (sensor_id, metric, ts, value) values ('mid-10d', 'flow', $1, 100), ('mid-10d', 'flow', $2, 100)
           on conflict do nothing returning ts`,
          [ts, existing],
        );
        expect(rows).toEqual([{ ts }]);
        expect(await rawCount('mid-10d')).toBe(PER_SERIES + 1);
        maintenance.readingsCommitted(ts.getTime(), ts.getTime());
        await eventually(async () => (await rollupCount('mid-10d')) === PER_SERIES + 1, 15_000);
        // The late row sits uncompressed in its chunk (a partially compressed chunk); the next round folds
        // it into the compressed data.
        const chunk = async () =>
          (
            await pool.query<{ chunk: string }>(
              `select format('%I.%I', chunk_schema, chunk_name) as chunk from timescaledb_information.chunks
               where hypertable_name = 'readings' and range_start <= $1 and range_end > $1`,
              [ts],
            )
          ).rows[0]!.chunk;
        const uncompressedRows = async () =>
          (await pool.query<{ n: number }>(`select count(*)::int as n from only ${await chunk()}`)).rows[0]!
            .n;
        expect(await uncompressedRows()).toBe(1);
        const outcomes = await maintenance.runJobs();
        expect(outcomes.find((o) => o.job === 'compression')).toEqual({
          job: 'compression',
          ok: true,
          detail: { compressed: [await chunk()] },
        });
        expect(await uncompressedRows()).toBe(0);
        expect(await rawCount('mid-10d')).toBe(PER_SERIES + 1);
      });
    } else {
      it('dropped the old monthly partition but kept the default one and the current months', async () => {
        const { rows } = await pool.query<{ name: string }>(
          `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = 'readings'::regclass order by 1`,
        );
        const names = rows.map((r) => r.name);
        expect(names).not.toContain(`readings_${monthSuffix(new Date(base(SERIES['old-75d'])))}`);
        expect(names).toContain('readings_default');
        expect(names).toContain(`readings_${monthSuffix(new Date(now))}`);
      });

      it('a job that cannot get its lock fails alone, is counted, and succeeds at the next round', async () => {
        const month = new Date(now - 62 * DAY);
        const start = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
        const end = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
        const name = `readings_${monthSuffix(start)}`;
        await pool.query(
          `create table if not exists ${name} partition of readings
           for values from ('${start.toISOString()}') to ('${end.toISOString()}')`,
        );
        const blocker = await pool.connect();
        try {
          await blocker.query('begin');
          await blocker.query(`lock table ${name} in access share mode`);
          const outcomes = await maintenance.runJobs();
          const failed = outcomes.filter((o) => !o.ok);
          expect(failed.map((o) => o.job)).toEqual(['readings_retention']);
          expect(String(failed[0]!.detail)).toMatch(/lock timeout/);
          expect(outcomes.filter((o) => o.ok).length).toBe(outcomes.length - 1);
        } finally {
          await blocker.query('rollback');
          blocker.release();
        }
        const { values } = await registry.getSingleMetric('twin_maintenance_failures_total')!.get();
        expect(values).toEqual([
          expect.objectContaining({ labels: { job: 'readings_retention' }, value: 1 }),
        ]);
        expect((await maintenance.runJobs()).every((o) => o.ok)).toBe(true);
        expect((await pool.query('select 1 from pg_class where relname = $1', [name])).rowCount).toBe(0);
      });
    }
  });
}
