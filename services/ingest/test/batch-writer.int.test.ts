/**
 * The BatchWriter against a real database (the embedded engine, and PostgreSQL when DATABASE_URL is set):
 * batching, per-message outcomes, a record the database refuses isolated and dead-lettered, an outage
 * retried without dead letters, HTTP writes failing fast during an outage, and close with the database down.
 */
import { join } from 'node:path';
import { type CityPack, loadCityPack } from '@twin/city/node';
import type { IngestRecord } from '@twin/domain';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.js';
import type { Dialect } from '../src/db/dialect.js';
import { CHANGE_LOG_APPEND_LOCK, LOCK_NAMESPACE } from '../src/db/lock-keys.js';
import { migrate } from '../src/db/migrations.js';
import { StorageUnavailableError } from '../src/db/storage-errors.js';
import { BatchWriter, type IngestMessage, WriterClosedError } from '../src/ingest/batch-writer.js';
import { counterValue, createIngestMetrics, type IngestMetrics } from '../src/ingest/counters.js';
import { KnownDepartments } from '../src/ingest/known-departments.js';
import { describeEachTarget, eventually } from './harness.js';
import { openScratchPool } from './scratch-pool.js';

const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
const enc = (s: string) => new TextEncoder().encode(s);

function message(topic: string, records: IngestRecord[], errors: string[] = []): IngestMessage {
  return { topic, payload: enc(JSON.stringify(records)), records, errors };
}
const reading = (sensorId: string, ts: number, value: number): IngestRecord => ({
  kind: 'reading',
  sensorId,
  ts,
  values: { v: value },
});

describeEachTarget('BatchWriter', (target) => {
  let pool: pg.Pool;
  let dialect: Dialect;
  let city: CityPack;
  let cleanup: () => Promise<void>;
  let metrics: IngestMetrics;
  let writer: BatchWriter;
  let warnings: string[];

  beforeAll(async () => {
    city = await loadCityPack(join(REPO_ROOT, 'data/cities/sf'));
    ({ pool, cleanup } = await openScratchPool(target.databaseUrl, 'writer'));
    ({ dialect } = await migrate(pool));
  }, 120_000);

  afterAll(async () => {
    await writer?.close(1000);
    await cleanup?.();
  });

  beforeEach(async () => {
    await writer?.close(1000);
    metrics = createIngestMetrics();
    warnings = [];
    const log = pino({ level: 'silent' });
    writer = new BatchWriter({
      pool,
      dialect,
      places: city.places,
      departments: new KnownDepartments([], []),
      metrics,
      maxRecords: 200,
      flushIntervalMs: 5,
      log: {
        info: (o, m) => log.info(o, m),
        warn: (_o, m) => warnings.push(m),
        error: (o, m) => log.error(o, m),
      },
    });
  });

  async function deadLetters(topicLike: string) {
    const { rows } = await pool.query<{ topic: string; reason: string; payload: string }>(
      'select topic, reason, payload from dead_letters where topic like $1 order by id',
      [topicLike],
    );
    return rows;
  }

  it('batches concurrent messages into few transactions and resolves each after its commit', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        writer.submit(message('t/batch', [reading('wb-batch', T0 + i, i)])),
      ),
    );
    expect(new Set(outcomes)).toEqual(new Set(['stored']));
    const { rows } = await pool.query("select count(*)::int as n from readings where sensor_id = 'wb-batch'");
    expect(rows[0].n).toBe(500);
    const batches = await counterValue(metrics.batchesCommitted);
    expect(batches).toBeGreaterThanOrEqual(3); // 500 rows, at most 200 per transaction
    expect(batches).toBeLessThan(50);
    expect(writer.pendingMessages).toBe(0);
    expect(writer.pendingBytes).toBe(0);
  });

  it('tells stored, duplicate and rejected messages apart, and the counts add up', async () => {
    const first = message('t/dup', [reading('wb-dup', T0, 1)]);
    expect(await writer.submit(first)).toBe('stored');
    expect(await writer.submit(first)).toBe('duplicate');
    // the same reading in two messages of one batch: the first owns it
    const [a, b] = await Promise.all([
      writer.submit(message('t/dup', [reading('wb-dup', T0 + 1, 1)])),
      writer.submit(message('t/dup', [reading('wb-dup', T0 + 1, 1)])),
    ]);
    expect([a, b]).toEqual(['stored', 'duplicate']);
    // a partly good message: its good record is stored, the message is rejected with every reason
    const partial = message(
      't/partial',
      [reading('wb-dup', T0 + 2, 2)],
      ['item 1: lat: missing', 'item 2: lon: missing'],
    );
    expect(await writer.submit(partial)).toBe('rejected');
    const letters = await deadLetters('t/partial');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.reason).toBe('item 1: lat: missing; item 2: lon: missing');
    const { rows } = await pool.query("select count(*)::int as n from readings where sensor_id = 'wb-dup'");
    expect(rows[0].n).toBe(3);
    expect(await counterValue(metrics.messagesStored)).toBe(2);
    expect(await counterValue(metrics.messagesDuplicate)).toBe(2);
    expect(await counterValue(metrics.messagesRejected)).toBe(1);
  });

  it('treats the same eventId of two departments as two events, and a replay as a duplicate', async () => {
    const event = (department: string, note: string): IngestRecord => ({
      kind: 'incident-event',
      event: {
        eventId: 'wb-e1',
        incidentId: `wb-inc-${department}`,
        type: 'comment',
        ts: T0,
        department,
        note,
      },
    });
    expect(await writer.submit(message('t/ev', [event('fire', 'a')]))).toBe('stored');
    expect(await writer.submit(message('t/ev', [event('police', 'b')]))).toBe('stored');
    expect(await writer.submit(message('t/ev', [event('fire', 'again')]))).toBe('duplicate');
    const { rows } = await pool.query(
      "select department from incident_events where event_id = 'wb-e1' order by 1",
    );
    expect(rows.map((r) => r.department)).toEqual(['fire', 'police']);
  });

  it('isolates a record the database refuses, dead-letters only its message, and stores the rest', async () => {
    const good = Array.from({ length: 9 }, (_, i) => message('t/split', [reading('wb-split', T0 + i, i)]));
    // NOTE: bypasses decoding on purpose: a NUL the database refuses (22021) stands for any value it rejects.
    const bad = message('t/split\u0000bad', [reading('wb-split\u0000x', T0, 1)]);
    const outcomes = await Promise.all(
      [...good.slice(0, 4), bad, ...good.slice(4)].map((m) => writer.submit(m)),
    );
    expect(outcomes).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'rejected',
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
    ]);
    const { rows } = await pool.query("select count(*)::int as n from readings where sensor_id = 'wb-split'");
    expect(rows[0].n).toBe(9);
    const letters = await deadLetters('t/split%bad');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.topic).toBe('t/split\\u0000bad');
    expect(letters[0]!.reason).toMatch(/^the database refused part of it: .*22021/);
    expect(writer.storage.ok).toBe(true);
  });

  it('retries an outage without dead-lettering anything, says why, and stores everything once it passes', async () => {
    await pool.query(`create or replace function wb_refuse() returns trigger language plpgsql as $$
      begin raise exception 'the disk is on fire' using errcode = '58030'; end $$`);
    await pool.query(
      'create trigger wb_refuse before insert on sensor_latest for each row execute function wb_refuse()',
    );
    const before = (await pool.query('select count(*)::int as n from dead_letters')).rows[0].n;
    try {
      const submitted = Array.from({ length: 20 }, (_, i) =>
        writer.submit(message('t/outage', [reading('wb-outage', T0 + i, i)])),
      );
      let settled = 0;
      for (const p of submitted)
        p.then(
          () => settled++,
          () => settled++,
        );
      await eventually(async () => !writer.storage.ok);
      expect(writer.storage.reason).toMatch(/the disk is on fire/);
      expect(writer.storage.since).toBeTypeOf('number');
      expect(warnings.filter((w) => w.startsWith('storage failing'))).toHaveLength(1);
      expect(await counterValue(metrics.storageUp)).toBe(0);
      // HTTP writes do not wait in the queue: they fail fast
      await expect(writer.writeNow([reading('wb-outage-http', T0, 1)], 1000)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(settled).toBe(0); // nothing committed, so nothing may be acknowledged
      expect(writer.pendingMessages).toBe(20);
      await pool.query('drop trigger wb_refuse on sensor_latest');
      expect(new Set(await Promise.all(submitted))).toEqual(new Set(['stored']));
    } finally {
      await pool.query('drop trigger if exists wb_refuse on sensor_latest');
    }
    expect(writer.storage).toEqual({ ok: true, reason: null, since: null });
    expect((await pool.query('select count(*)::int as n from dead_letters')).rows[0].n).toBe(before);
    const { rows } = await pool.query(
      "select count(*)::int as n from readings where sensor_id = 'wb-outage'",
    );
    expect(rows[0].n).toBe(20);
  });

  it('closes within its grace period while the database is down, leaving messages unacknowledged', async () => {
    await pool.query(`create or replace function wb_refuse() returns trigger language plpgsql as $$
      begin raise exception 'read only' using errcode = '25006'; end $$`);
    await pool.query(
      'create trigger wb_refuse before insert on sensor_latest for each row execute function wb_refuse()',
    );
    try {
      const pending = writer.submit(message('t/close', [reading('wb-close', T0, 1)]));
      await eventually(async () => !writer.storage.ok);
      const started = Date.now();
      await writer.close(500);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(pending).rejects.toBeInstanceOf(WriterClosedError);
      await expect(
        writer.submit(message('t/close', [reading('wb-close', T0 + 1, 1)])),
      ).rejects.toBeInstanceOf(WriterClosedError);
    } finally {
      await pool.query('drop trigger if exists wb_refuse on sensor_latest');
    }
    const { rows } = await pool.query("select count(*)::int as n from readings where sensor_id = 'wb-close'");
    expect(rows[0].n).toBe(0);
  });

  // NOTE: PostgreSQL only: the embedded engine takes one connection, so its writer runs one transaction.
  it.skipIf(!target.databaseUrl)(
    'starts a transaction beside a running one only for a full batch (external PostgreSQL only)',
    async () => {
      const two = new BatchWriter({
        pool,
        dialect,
        places: city.places,
        departments: new KnownDepartments([], []),
        metrics: createIngestMetrics(),
        maxRecords: 200,
        flushIntervalMs: 5,
        maxConcurrentBatches: 2,
        log: pino({ level: 'silent' }),
      });
      // Every writing transaction waits for the change-log lock while this connection holds it.
      const holder = await pool.connect();
      const lock = [LOCK_NAMESPACE, CHANGE_LOG_APPEND_LOCK];
      const waiting = async () =>
        (
          await pool.query<{ n: number }>(
            `select count(*)::int as n from pg_locks
             where locktype = 'advisory' and classid = $1 and objid = $2 and not granted
               and database = (select oid from pg_database where datname = current_database())`,
            lock,
          )
        ).rows[0]!.n;
      const submitted: Promise<unknown>[] = [];
      // NOTE: a sensor per message: two transactions writing one sensor's latest value wait for each other.
      const submit = (n: number, from: number) => {
        for (let i = 0; i < n; i++)
          submitted.push(two.submit(message('t/two', [reading(`wb-two-${from + i}`, T0, i)])));
      };
      try {
        await holder.query('select pg_advisory_lock($1, $2)', lock);
        submit(1, 0);
        await eventually(async () => (await waiting()) === 1);
        // A few messages while it runs: they wait for it (20 flush intervals later, still one transaction).
        submit(5, 1);
        await new Promise((r) => setTimeout(r, 100));
        expect(await waiting()).toBe(1);
        // A full batch gets a transaction of its own at once.
        submit(200, 6);
        await eventually(async () => (await waiting()) === 2);
      } finally {
        await holder.query('select pg_advisory_unlock($1, $2)', lock);
        holder.release();
      }
      expect(new Set(await Promise.all(submitted))).toEqual(new Set(['stored']));
      const { rows } = await pool.query(
        "select count(*)::int as n from readings where sensor_id like 'wb-two-%'",
      );
      expect(rows[0].n).toBe(206);
      await two.close(1000);
    },
  );

  it('writes what is queued before it closes', async () => {
    const pending = Array.from({ length: 50 }, (_, i) =>
      writer.submit(message('t/drain', [reading('wb-drain', T0 + i, i)])),
    );
    await writer.close(10_000);
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['stored']));
  });
});
