/**
 * The plain-PostgreSQL 1-minute rollup off the write path (db/rollup.ts), on a real server: `readings_1m`
 * answers exactly what the raw rows say before, during and after the roll-up of closed minutes; duplicates
 * (copied batches that meet a stored reading) are stored and counted once; a late reading reaches the rollup
 * once, also by the writing instance's own late refresh; and the claim's lock order holds with transactions
 * really in flight on other connections (a claim waits for a writer that read the old claim; a writer after
 * the claim marks its rows; a step never waits for a writer holding a mark, and never misses its rows).
 */
import { createDistrictIndex, createPlacer } from '@twin/city';
import type { IngestRecord } from '@twin/domain';
import type pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensurePartitions, type MaintenanceJob, startMaintenance } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { claimClosedMinutes, rollUp } from '../src/db/rollup.js';
import { rollUpHours } from '../src/db/rollup-hours.js';
import { type WriteContext, writeBatch } from '../src/db/write-batch.js';
import { BatchWriter, type CommittedEvent, type IngestMessage } from '../src/ingest/batch-writer.js';
import { createIngestMetrics } from '../src/ingest/counters.js';
import { KnownDepartments } from '../src/ingest/known-departments.js';
import { prepareBatch } from '../src/ingest/prepare-batch.js';
import { eventually } from './harness.js';
import { describeOnPostgres } from './postgres-only.js';
import { openScratchPool } from './scratch-pool.js';

const MINUTE = 60_000;
const places = createPlacer(createDistrictIndex({ type: 'FeatureCollection', features: [] }), 250);
const reading = (sensorId: string, ts: number, value: number): IngestRecord => ({
  kind: 'reading',
  sensorId,
  ts,
  values: { v: value },
});
const message = (records: IngestRecord[]): IngestMessage => ({
  topic: 'city/v1/gateways/g/data',
  payload: new TextEncoder().encode(JSON.stringify(records)),
  records,
  errors: [],
});

describeOnPostgres('the 1-minute rollup off the write path', (adminUrl) => {
  let pool: pg.Pool;
  let cleanup: () => Promise<void>;
  let writer: BatchWriter;
  let maintenance: MaintenanceJob | null = null;
  const silent = pino({ level: 'silent' });
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  // Closed minutes, well before the claim the job takes (a minute before the current one).
  const now = Date.now();
  const M = Math.floor(now / MINUTE) * MINUTE - 20 * MINUTE;

  const ctx: WriteContext = {
    dialect: 'postgres',
    places,
    departments: { unseen: () => [] },
    countMessages: null,
  };

  /** `readings_1m` and the same aggregate computed from the raw rows, for the sensors starting with prefix. */
  async function viewAndRaw(prefix: string) {
    const like = [`${prefix}%`];
    const view = await pool.query(
      `select floor(extract(epoch from bucket) * 1000)::float8 as bucket, sensor_id, metric, count::int, min, max,
              round(avg::numeric, 9)::float8 as avg
       from readings_1m where sensor_id like $1 order by sensor_id, metric, bucket`,
      like,
    );
    const raw = await pool.query(
      `select floor(extract(epoch from date_trunc('minute', ts)) * 1000)::float8 as bucket, sensor_id, metric,
              count(*)::int as count, min(value), max(value), round(avg(value)::numeric, 9)::float8 as avg
       from readings where sensor_id like $1 group by 1, 2, 3 order by sensor_id, metric, bucket`,
      like,
    );
    return { view: view.rows, raw: raw.rows };
  }
  const expectViewMatchesRaw = async (prefix: string) => {
    const { view, raw } = await viewAndRaw(prefix);
    expect(raw.length).toBeGreaterThan(0);
    expect(view).toEqual(raw);
  };
  const watermarks = async () =>
    Object.fromEntries(
      (
        await pool.query<{ name: string; until: number }>(
          `select name, extract(epoch from until)::float8 * 1000 as until from rollup_watermarks`,
        )
      ).rows.map((r) => [r.name, r.until]),
    );
  const rollupRows = async (prefix: string) =>
    (await pool.query('select 1 from readings_1m_rollup where sensor_id like $1', [`${prefix}%`])).rowCount;
  const marks = async (prefix: string) =>
    (await pool.query('select 1 from readings_1m_late where sensor_id like $1', [`${prefix}%`])).rowCount;
  /** Both watermarks of the 1-minute rollup at `at`, as if the job had rolled up to there. */
  const setWatermarks = (at: number) =>
    pool.query("update rollup_watermarks set until = $1 where name in ('claimed', 'rolled')", [
      new Date(at).toISOString(),
    ]);

  /** A writer transaction held open on a connection of its own until `commit`. */
  async function openWriter(records: IngestRecord[]) {
    const client = await pool.connect();
    await client.query('begin');
    const outcome = await writeBatch(
      client,
      ctx,
      prepareBatch(records.map((record) => ({ record, owner: 0 }))),
      [],
    );
    return {
      outcome,
      async commit() {
        await client.query('commit');
        client.release();
      },
    };
  }

  beforeAll(async () => {
    ({ pool, cleanup } = await openScratchPool(adminUrl, 'rollup'));
    await migrate(pool);
    await ensurePartitions(pool, new Date(now));
    writer = new BatchWriter({
      pool,
      dialect: 'postgres',
      places,
      departments: new KnownDepartments([], []),
      metrics: createIngestMetrics(),
      maxRecords: 10_000,
      flushIntervalMs: 5,
      log: {
        info: (o, m) => silent.info(o, m),
        warn: (o, m) => silent.warn(o, m),
        error: (o, m) => silent.error(o, m),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await maintenance?.stop();
    await writer?.close(1000);
    await cleanup?.();
  });

  const first = [0, 1, 2].flatMap((minute) =>
    ['ra-1', 'ra-2'].flatMap((sensor) =>
      [0, 15_000, 30_000].map((s, i) => reading(sensor, M + minute * MINUTE + s, minute * 10 + i)),
    ),
  );

  it('answers readings_1m from the raw rows before anything is rolled up', async () => {
    expect(await watermarks()).toEqual({
      claimed: Number.NEGATIVE_INFINITY,
      rolled: Number.NEGATIVE_INFINITY,
      // The hourly rollup's (db/rollup-hours.ts).
      rolled_1h: Number.NEGATIVE_INFINITY,
    });
    expect(await writer.submit(message(first))).toBe('stored');
    // The current minute too: it is never rolled up while it lasts.
    expect(await writer.submit(message([reading('ra-1', now, 99)]))).toBe('stored');
    expect(await rollupRows('ra-')).toBe(0);
    await expectViewMatchesRaw('ra-');
  });

  it('rolls up the closed minutes and still answers what the raw rows say', async () => {
    await claimClosedMinutes(pool);
    await rollUp(pool);
    const rolled = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
    const marks = await watermarks();
    expect(marks.rolled).toBe(marks.claimed);
    // NOTE: a minute may turn between the claim and this read.
    expect(rolled - marks.rolled!).toBeLessThanOrEqual(MINUTE);
    expect(await rollupRows('ra-')).toBe(6);
    await expectViewMatchesRaw('ra-');
    // A second run finds nothing to do and changes nothing.
    expect(await rollUp(pool)).toMatchObject({ minutes: 0, lateKeys: 0 });
    await expectViewMatchesRaw('ra-');
  });

  it('stores a redelivered message once and counts it once, raw and rolled up', async () => {
    const before = await viewAndRaw('ra-');
    expect(await writer.submit(message(first))).toBe('duplicate');
    // New and already stored readings in one message: the new one is stored, the rest once.
    expect(await writer.submit(message([...first.slice(0, 3), reading('ra-1', M + 45_000, 7)]))).toBe(
      'stored',
    );
    const after = await viewAndRaw('ra-');
    expect(after.raw.find((r) => r.bucket === M && r.sensor_id === 'ra-1')?.count).toBe(4);
    expect(after.raw.filter((r) => r.bucket !== M || r.sensor_id !== 'ra-1')).toEqual(
      before.raw.filter((r) => r.bucket !== M || r.sensor_id !== 'ra-1'),
    );
    // That reading is late for the rollup (its minute was rolled up): marked, recomputed once.
    expect(await marks('ra-')).toBe(1);
    expect((await rollUp(pool)).lateKeys).toBe(1);
    expect(await marks('ra-')).toBe(0);
    await expectViewMatchesRaw('ra-');
    await rollUp(pool);
    await expectViewMatchesRaw('ra-');
  });

  it('takes a late reading into the rollup within seconds, through the writing instance', async () => {
    maintenance = await startMaintenance(pool, 'postgres', log, {
      embedded: false,
      readingsRetentionDays: 0,
      rollupRetentionDays: 0,
      compressAfterHours: 0,
      changeLogRetentionHours: 24,
      deadLetterRetentionDays: 0,
      registry: new Registry(),
      intervalMs: 3_600_000,
    });
    const job = maintenance;
    // As the service wires it (plugins/maintenance.ts).
    const committed = (c: CommittedEvent) => {
      if (c.readingsWindow)
        job.readingsCommitted(c.readingsWindow.oldest, c.readingsWindow.newest, c.lateRollupKeys);
    };
    writer.on('committed', committed);
    // Two hours late, into a minute the rollup has long had (another sensor's), and a minute it never had.
    await pool.query(`insert into readings (sensor_id, metric, ts, value) values ('rl-1', 'v', $1, 1)`, [
      new Date(M - 120 * MINUTE),
    ]);
    await rollUp(pool);
    expect(
      await writer.submit(message([reading('rl-1', M - 120 * MINUTE + 1000, 5), reading('rl-2', M, 3)])),
    ).toBe('stored');
    await eventually(async () => (await marks('rl-')) === 0, 10_000);
    await expectViewMatchesRaw('rl-');
    expect((await viewAndRaw('rl-')).view.map((r) => r.count)).toEqual([2, 1]);
    // The tests below run the steps themselves.
    writer.off('committed', committed);
    await maintenance.stop();
    maintenance = null;
  });

  it('a claim waits for the writer that read the old claim, and the roll-up then has its rows', async () => {
    const X = M - 10 * MINUTE;
    await setWatermarks(X);
    const w = await openWriter([reading('rc-1', X + MINUTE, 1), reading('rc-1', X + MINUTE + 1, 2)]);
    expect(w.outcome.lateRollupKeys).toBe(0);
    let claimed = false;
    const claim = claimClosedMinutes(pool).then(() => {
      claimed = true;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(claimed, 'the claim waits for the writer').toBe(false);
    await w.commit();
    await claim;
    await rollUp(pool);
    expect(await marks('rc-')).toBe(0);
    expect((await viewAndRaw('rc-')).view).toEqual([
      expect.objectContaining({ bucket: X + MINUTE, sensor_id: 'rc-1', count: 2 }),
    ]);
    expect(await rollupRows('rc-')).toBe(1);
  });

  it('a writer after the claim marks its rows older than it, and the roll-up counts them once', async () => {
    const X = M - 10 * MINUTE;
    await setWatermarks(X);
    await claimClosedMinutes(pool);
    const w = await openWriter([reading('rd-1', X + MINUTE, 1), reading('rd-1', X + 2 * MINUTE, 2)]);
    expect(w.outcome.lateRollupKeys).toBe(2);
    await w.commit();
    const outcome = await rollUp(pool);
    expect(outcome.lateKeys).toBeGreaterThanOrEqual(2);
    await expectViewMatchesRaw('rd-');
    expect((await viewAndRaw('rd-')).view.map((r) => r.count)).toEqual([1, 1]);
  });

  it('a step never waits for a writer holding a mark, and takes its rows once it commits', async () => {
    const X = M - 10 * MINUTE;
    expect(await writer.submit(message([reading('re-1', X + 1000, 1)]))).toBe('stored');
    // The first late row's mark, committed; a second writer then locks it with its own row in flight.
    const w = await openWriter([reading('re-1', X + 2000, 2)]);
    expect(w.outcome.lateRollupKeys).toBe(1);
    const step = await Promise.race([
      rollUp(pool).then(() => 'done'),
      new Promise((r) => setTimeout(() => r('waited'), 5_000)),
    ]);
    expect(step).toBe('done');
    expect(await marks('re-')).toBe(1);
    await w.commit();
    await rollUp(pool);
    expect(await marks('re-')).toBe(0);
    await expectViewMatchesRaw('re-');
    expect((await viewAndRaw('re-')).view.map((r) => r.count)).toEqual([2]);
  });

  it('rolls whole hours up from the minutes, and an hour again when a late reading changes one of its minutes', async () => {
    const HOUR = 60 * MINUTE;
    // Two whole hours well before everything else here, a reading a minute, written beside the writer.
    const H = Math.floor((M - 5 * HOUR) / HOUR) * HOUR;
    await pool.query(
      `insert into readings (sensor_id, metric, ts, value)
       select 'rh-1', 'v', $1::timestamptz + i * interval '1 minute', (i % 7) * 1.5 from generate_series(0, 119) i`,
      [new Date(H).toISOString()],
    );
    await pool.query(
      "update rollup_watermarks set until = $1 where name in ('claimed', 'rolled', 'rolled_1h')",
      [new Date(H).toISOString()],
    );
    await claimClosedMinutes(pool);
    await rollUp(pool);
    const outcome = await rollUpHours(pool);
    expect(outcome.hours).toBeGreaterThanOrEqual(2);
    const hourly = async () => {
      const view = await pool.query(
        `select extract(epoch from bucket)::float8 * 1000 as bucket, avg, min, max, count::int as count
         from readings_1h where sensor_id = 'rh-1' order by bucket`,
      );
      // Worked out from the raw rows.
      const raw = await pool.query(
        `select extract(epoch from date_bin('1 hour', ts, timestamptz 'epoch'))::float8 * 1000 as bucket,
                avg(value) as avg, min(value) as min, max(value) as max, count(*)::int as count
         from readings where sensor_id = 'rh-1' group by 1 order by 1`,
      );
      return { view: view.rows, raw: raw.rows };
    };
    const first = await hourly();
    expect(first.view.map((r) => r.bucket)).toEqual([H, H + HOUR]);
    expect(first.view.map((r) => [r.min, r.max, r.count])).toEqual(
      first.raw.map((r) => [r.min, r.max, r.count]),
    );
    for (const [i, r] of first.view.entries()) expect(r.avg).toBeCloseTo(first.raw[i]!.avg, 9);
    const rolled = await pool.query<{ n: number }>(
      "select count(*)::int as n from readings_1h_rollup where sensor_id = 'rh-1'",
    );
    expect(rolled.rows[0]!.n, 'both hours in the rollup table').toBe(2);

    // A late reading in the second hour: its minute is recomputed, which marks the hour, which is rolled again.
    expect(await writer.submit(message([reading('rh-1', H + HOUR + 30 * MINUTE + 1000, 100)]))).toBe(
      'stored',
    );
    await rollUp(pool);
    const late = await pool.query<{ n: number }>(
      "select count(*)::int as n from readings_1h_late where sensor_id = 'rh-1'",
    );
    expect(late.rows[0]!.n).toBe(1);
    expect((await rollUpHours(pool)).lateHours).toBe(1);
    const after = await hourly();
    expect(after.view[1]).toMatchObject({ bucket: H + HOUR, max: 100, count: 61 });
    expect(after.view.map((r) => [r.min, r.max, r.count])).toEqual(
      after.raw.map((r) => [r.min, r.max, r.count]),
    );
    for (const [i, r] of after.view.entries()) expect(r.avg).toBeCloseTo(after.raw[i]!.avg, 9);
    // Nothing left: a second run changes nothing.
    expect(await rollUpHours(pool)).toMatchObject({ lateHours: 0 });
  });
});
