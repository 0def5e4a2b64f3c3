/**
 * What the wall's boards cost (GET /api/v1/kpis and /api/v1/units), and what keeping the unit board costs
 * the writer: 100,000 incident events (20,000 incidents over a week, 600 units) written through the real
 * write path, then EXPLAIN ANALYZE of the two boards' queries and the wall time of the unit-board upsert per
 * batch. A script that prints figures, not a test.
 *
 *   node --import tsx services/ingest/bench/board-queries.ts                 # the embedded engine (PGlite)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx services/ingest/bench/board-queries.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCityPack } from '@twin/city/node';
import { foldIncident, type IncidentEvent, type IncidentState } from '@twin/domain';
import type pg from 'pg';
import pino from 'pino';
import { REPO_ROOT } from '../src/config.js';
import { syncPackDepartments } from '../src/db/departments.js';
import { KPI_SQL, kpiParams } from '../src/db/kpis.js';
import { migrate } from '../src/db/migrations.js';
import { createPool, withTransaction } from '../src/db/pool.js';
import { storeUnitFacts, UNIT_BOARD_SQL } from '../src/db/unit-status.js';
import { startEmbeddedDatabase } from '../src/embedded/embedded-database.js';
import { BatchWriter } from '../src/ingest/batch-writer.js';
import { createIngestMetrics } from '../src/ingest/counters.js';
import { KnownDepartments } from '../src/ingest/known-departments.js';
import { createScratchDatabase } from './scratch-db.js';

const INCIDENTS = 20_000;
const END = Date.UTC(2026, 10, 30, 12, 0, 0);
const WEEK = 7 * 86_400_000;
const DEPARTMENTS = ['fire', 'ems', 'police'];

function eventsOf(i: number): IncidentEvent[] {
  const department = DEPARTMENTS[i % 3]!;
  const opened = END - Math.floor(((i * 7919) % INCIDENTS) * (WEEK / INCIDENTS));
  const unit = `${department.slice(0, 1).toUpperCase()}${i % 200}`;
  const id = `b-${i}`;
  const base = { incidentId: id, department };
  return [
    {
      ...base,
      eventId: `${id}-r`,
      type: 'reported',
      ts: opened,
      category: 'Alarm',
      severity: 1 + (i % 5),
      lat: 37.76,
      lon: -122.42,
      title: id,
    },
    { ...base, eventId: `${id}-a`, type: 'acknowledged', ts: opened + 30_000 + (i % 90) * 1000 },
    { ...base, eventId: `${id}-d`, type: 'dispatched', ts: opened + 90_000 + (i % 120) * 1000, unit },
    { ...base, eventId: `${id}-o`, type: 'on_scene', ts: opened + 300_000 + (i % 300) * 1000, unit },
    // Four in five are over: the rest stay open, as on a busy wall.
    ...(i % 5 === 0
      ? []
      : [{ ...base, eventId: `${id}-x`, type: 'resolved' as const, ts: opened + 3_600_000 }]),
  ] as IncidentEvent[];
}

async function explain(pool: pg.Pool, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const times: number[] = [];
  let plan = '';
  for (let run = 0; run < 7; run++) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]));
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: execution ${times[3]!.toFixed(2)} ms median of 7 (${times[0]!.toFixed(2)}–${times[6]!.toFixed(2)})`,
  );
  if (process.env.SHOW_PLANS) console.log(plan);
}

async function main(): Promise<void> {
  const city = await loadCityPack(join(REPO_ROOT, 'data/cities/sf'));
  let pool: pg.Pool;
  let cleanup: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'boards');
    pool = createPool(scratch.url, false);
    cleanup = async () => {
      await pool.end();
      await scratch.drop();
    };
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'twin-boards-'));
    const db = await startEmbeddedDatabase(dir);
    pool = createPool(db.url, true);
    cleanup = async () => {
      await pool.end();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    };
  }
  try {
    const { dialect } = await migrate(pool);
    await syncPackDepartments(pool, city.manifest.departments);
    const writer = new BatchWriter({
      pool,
      dialect,
      places: city.places,
      departments: new KnownDepartments([], []),
      metrics: createIngestMetrics(),
      maxRecords: 1000,
      flushIntervalMs: 0,
      log: pino({ level: 'silent' }),
    });
    const started = performance.now();
    const all: IncidentEvent[] = [];
    for (let i = 0; i < INCIDENTS; i++) all.push(...eventsOf(i));
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < all.length; i += 1000)
      pending.push(
        writer.submit({
          topic: 't',
          payload: new TextEncoder().encode('x'),
          records: all.slice(i, i + 1000).map((event) => ({ kind: 'incident-event' as const, event })),
          errors: [],
        }),
      );
    await Promise.all(pending);
    await writer.close();
    console.log(
      `${dialect}: wrote ${all.length} events (${INCIDENTS} incidents) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const counts = await pool.query<{ units: number; incidents: number }>(
      'select (select count(*)::int from unit_status) as units, (select count(*)::int from incidents) as incidents',
    );
    console.log(`rows: ${counts.rows[0]!.incidents} incidents, ${counts.rows[0]!.units} units`);
    // As autovacuum would have by then: the writes left every incident updated several times.
    await pool.query('vacuum analyze');

    // A yardstick on the same machine at the same moment (the machine is shared: compare, don't quote alone).
    await explain(pool, 'baseline: count(*) of every incident', 'select count(*) from incidents');
    await explain(pool, 'GET /kpis, 24 h window', KPI_SQL, kpiParams(END, 24 * 3_600_000));
    await explain(pool, 'GET /kpis, 168 h window', KPI_SQL, kpiParams(END, 168 * 3_600_000));
    await explain(pool, 'GET /units', UNIT_BOARD_SQL);

    // The writer's extra statement: the unit-board upsert of a batch of 1,000 events (~200 incidents).
    const states: IncidentState[] = [];
    for (let i = 0; i < 200; i++) states.push(foldIncident(eventsOf(INCIDENTS - 1 - i * 37))!);
    const upserts: number[] = [];
    for (let run = 0; run < 21; run++) {
      await withTransaction(pool, async (client) => {
        const t = performance.now();
        await storeUnitFacts(client, states);
        upserts.push(performance.now() - t);
        await client.query('rollback');
        await client.query('begin');
      });
    }
    upserts.sort((a, b) => a - b);
    console.log(
      `unit-board upsert for 200 incidents (a 1,000-event batch): ${upserts[10]!.toFixed(2)} ms median of 21 (${upserts[0]!.toFixed(2)}–${upserts[20]!.toFixed(2)})`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
