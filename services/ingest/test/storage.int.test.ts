/**
 * Storage on a real database: migrations, the dialect each engine gets, idempotent writes, the 1-minute
 * rollup, and (embedded) persistence across a restart.
 */
import { topics } from '@twin/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePartitions } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import {
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  publish,
  startStack,
  type TestStack,
  targets,
} from './harness.js';

describeEachTarget('storage', (target) => {
  let stack: TestStack;
  let db: pg.Pool;

  beforeAll(async () => {
    stack = await startStack(target);
    // NOTE: the embedded engine serves one connection: share the service's own pool instead of a second one.
    db = stack.runtime.pool;
  });

  afterAll(async () => {
    await stack?.destroy();
  });

  it('uses hypertables where TimescaleDB exists and native partitions where it does not', async () => {
    const { rows } = await db.query<{ dialect: string }>('select distinct dialect from schema_migrations');
    expect(rows.map((r) => r.dialect)).toEqual([target.name === 'embedded' ? 'timescale' : 'postgres']);
    if (target.name === 'embedded') {
      const hyper = await db.query<{ hypertable_name: string }>(
        'select hypertable_name from timescaledb_information.hypertables order by 1',
      );
      expect(hyper.rows.map((r) => r.hypertable_name)).toEqual(['incident_events', 'readings']);
      const cagg = await db.query(
        'select 1 from timescaledb_information.continuous_aggregates where view_name = $1',
        ['readings_1m'],
      );
      expect(cagg.rowCount).toBe(1);
    } else {
      const parts = await db.query<{ relname: string }>(
        `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
         join pg_class p on p.oid = i.inhparent where p.relname = 'readings' order by 1`,
      );
      expect(parts.rows.map((r) => r.relname)).toContain('readings_default');
      expect(parts.rows.length).toBeGreaterThanOrEqual(4);
    }
  });

  // Partitions exist only on the plain-PostgreSQL path, so this runs for the external target alone.
  (target.name === 'external' ? it : () => {})(
    'reports a month whose partition cannot be created and still creates the others',
    async () => {
      const now = new Date();
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
      const suffix = `${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
      // A row of that month lands in the default partition once its own partition is gone.
      await db.query(`drop table readings_${suffix}`);
      await db.query(`drop table incident_events_${suffix}`);
      await db.query(`insert into readings values ('p-1', 'm', $1, 1)`, [
        new Date(month.getTime() + 3600_000),
      ]);
      const result = await ensurePartitions(db, now);
      expect(result.created).toEqual([`incident_events_${suffix}`]);
      expect(result.failed.map((f) => f.name)).toEqual([`readings_${suffix}`]);
      expect(result.failed[0]?.reason).toMatch(/default partition/);
      const again = await ensurePartitions(db, now);
      expect(again.created).toEqual([]);
    },
  );

  it('applies migrations once: a second run applies nothing', async () => {
    const result = await migrate(db);
    expect(result.applied).toEqual([]);
  });

  it('keeps the 1-minute rollup exact when the same readings arrive twice', async () => {
    const pub = await connectPublisher(stack);
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    const readings = [1, 2, 3, 4].map((v, i) => ({
      sensorId: 'roll-1',
      ts: minute + i * 1000,
      values: { flow: v },
    }));
    await publish(pub, topics.gatewayData(stack.topicRoot, 'gw-roll'), readings);
    await publish(pub, topics.gatewayData(stack.topicRoot, 'gw-roll'), readings);
    await publish(pub, topics.sensorMeta(stack.topicRoot, 'roll-1'), {
      name: 'Flow',
      kind: 'flow',
      department: 'water',
      lat: 37.75,
      lon: -122.45,
    });
    await pub.endAsync();
    const body = await eventually(async () => {
      const res = await getJson<{
        buckets: { bucket: number; avg: number; min: number; max: number; count: number }[];
      }>(
        stack.runtime.url,
        `/api/v1/sensors/roll-1/readings?metric=flow&from=${minute - 60_000}&to=${minute + 120_000}&bucket=60`,
      );
      return res.body.buckets?.[0]?.count === 4 ? res.body : null;
    });
    expect(body.buckets).toEqual([{ bucket: minute, avg: 2.5, min: 1, max: 4, count: 4 }]);
    const raw = await db.query('select count(*)::int as n from readings where sensor_id = $1', ['roll-1']);
    expect(raw.rows[0].n).toBe(4);
  });
});

describe('embedded database persistence', () => {
  it('keeps incidents across a restart of the service', async () => {
    const target = targets()[0]!;
    const first = await startStack(target);
    const pub = await connectPublisher(first);
    await publish(pub, topics.incidentEvents(first.topicRoot, 'water'), {
      eventId: 'keep-1',
      incidentId: 'inc-keep',
      type: 'reported',
      ts: Date.now() - 1000,
      category: 'main_break',
      severity: 5,
      lat: 37.77,
      lon: -122.42,
      title: 'Water main break',
    });
    await pub.endAsync();
    await eventually(
      async () => (await getJson(first.runtime.url, '/api/v1/incidents/inc-keep')).status === 200,
    );
    await first.stop();

    const second = await startStack(target, { dataDir: first.dataDir, topicRoot: first.topicRoot });
    try {
      const { status, body } = await getJson<{ incident: { title: string; severity: number } }>(
        second.runtime.url,
        '/api/v1/incidents/inc-keep',
      );
      expect(status).toBe(200);
      expect(body.incident).toMatchObject({ title: 'Water main break', severity: 5 });
    } finally {
      await second.destroy();
      await first.destroy();
    }
  });
});

describe('embedded database wire protocol', () => {
  it('stores a batch whose statement is larger than one TCP chunk (64 KiB)', async () => {
    const stack = await startStack(targets()[0]!);
    try {
      const pub = await connectPublisher(stack);
      const ts = Date.now() - 120_000;
      const items = Array.from({ length: 2000 }, (_, i) => ({
        sensorId: `bulk-sensor-with-a-long-id-${i}`,
        ts: ts + i,
        values: { some_long_metric_name: i, another_metric: i * 2 },
      }));
      expect(JSON.stringify(items).length).toBeGreaterThan(150_000);
      await publish(pub, topics.gatewayData(stack.topicRoot, 'gw-bulk'), items);
      await pub.endAsync();
      const n = await eventually(async () => {
        const { rows } = await stack.runtime.pool.query<{ n: number }>(
          "select count(*)::int as n from readings where sensor_id like 'bulk-sensor-%'",
        );
        return rows[0]!.n === 4000 ? rows[0]!.n : null;
      });
      expect(n).toBe(4000);
    } finally {
      await stack.destroy();
    }
  });
});
