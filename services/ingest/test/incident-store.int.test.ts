/**
 * Stored incident states against a real database: events in order are applied incrementally, a late event
 * refolds from history, and whatever the arrival order, batching or number of writers, the stored state is
 * the pure fold of all the events. Also: the change log gets every change in commit order, and a refold
 * rebuilds states made by older rules.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CityPack, loadCityPack } from '@twin/city/node';
import { FOLD_VERSION, foldIncident, type IncidentEvent, type IngestRecord } from '@twin/domain';
import { createScratchDatabase } from '@twin/test-kit';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.js';
import type { Dialect } from '../src/db/dialect.js';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import { refoldIncidents } from '../src/db/refold.js';
import { startEmbeddedDatabase } from '../src/embedded/embedded-database.js';
import { BatchWriter } from '../src/ingest/batch-writer.js';
import { counterValue, createIngestMetrics, type IngestMetrics } from '../src/ingest/counters.js';
import { KnownDepartments } from '../src/ingest/known-departments.js';
import { describeEachTarget } from './harness.js';

const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
const TYPES = ['acknowledged', 'dispatched', 'on_scene', 'comment', 'escalated', 'updated'] as const;

/** A deterministic pseudo-random sequence, so a failing order can be reproduced. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function eventsOf(incidentId: string, n: number, rnd: () => number): IncidentEvent[] {
  const list: IncidentEvent[] = [
    {
      eventId: `${incidentId}-0`,
      incidentId,
      type: 'reported',
      ts: T0,
      department: 'fire',
      category: 'fire',
      severity: 2,
      lat: 37.76,
      lon: -122.42,
      title: incidentId,
    } as IncidentEvent,
  ];
  for (let i = 1; i < n; i++) {
    const type = TYPES[Math.floor(rnd() * TYPES.length)]!;
    list.push({
      eventId: `${incidentId}-${i}`,
      incidentId,
      type,
      ts: T0 + Math.floor(rnd() * 50) * 1000,
      department: rnd() < 0.5 ? 'fire' : 'ems',
      ...(type === 'dispatched' || type === 'on_scene' ? { unit: `U${i % 3}` } : {}),
      ...(type === 'updated' ? { severity: 1 + Math.floor(rnd() * 5) } : {}),
    } as IncidentEvent);
  }
  return list;
}

const asRecord = (event: IncidentEvent): IngestRecord => ({ kind: 'incident-event', event });

describeEachTarget('stored incident states', (target) => {
  let pools: pg.Pool[];
  let dialect: Dialect;
  let city: CityPack;
  let cleanup: () => Promise<void>;

  const writerOn = (pool: pg.Pool, metrics: IngestMetrics) =>
    new BatchWriter({
      pool,
      dialect,
      places: city.places,
      departments: new KnownDepartments([], []),
      metrics,
      maxRecords: 50,
      flushIntervalMs: 0,
      // Two transactions in flight per writer where the pool has the connections, as with an external broker.
      maxConcurrentBatches: target.databaseUrl ? 2 : 1,
      log: pino({ level: 'silent' }),
    });

  const submit = (writer: BatchWriter, events: IncidentEvent[]) =>
    writer.submit({
      topic: 't',
      payload: new TextEncoder().encode('x'),
      records: events.map(asRecord),
      errors: [],
    });

  async function stored(ids: string[]) {
    const { rows } = await pools[0]!.query<{ incident_id: string; state: unknown; fold_version: number }>(
      'select incident_id, state, fold_version from incidents where incident_id = any($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.incident_id, r]));
  }

  beforeAll(async () => {
    city = await loadCityPack(join(REPO_ROOT, 'data/cities/sf'));
    if (target.databaseUrl) {
      const scratch = await createScratchDatabase(target.databaseUrl);
      // Two pools: two instances writing to one database.
      pools = [createPool(scratch.url, false), createPool(scratch.url, false)];
      cleanup = async () => {
        for (const p of pools) await p.end();
        await scratch.drop();
      };
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'twin-fold-'));
      const db = await startEmbeddedDatabase(dir);
      pools = [createPool(db.url, true)];
      cleanup = async () => {
        await pools[0]!.end();
        await db.close();
        await rm(dir, { recursive: true, force: true });
      };
    }
    ({ dialect } = await migrate(pools[0]!));
  }, 120_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('applies in-order events incrementally and refolds only for late ones', async () => {
    const metrics = createIngestMetrics();
    const writer = writerOn(pools[0]!, metrics);
    const events = eventsOf('inc-order', 6, random(1)).map((e, i) => ({ ...e, ts: T0 + i * 1000 }));
    for (const e of events) await submit(writer, [e]);
    expect(await counterValue(metrics.incidentsRefolded)).toBe(0);
    const late = { ...events[2]!, eventId: 'inc-order-late', type: 'comment' as const, ts: T0 + 1500 };
    await submit(writer, [late]);
    expect(await counterValue(metrics.incidentsRefolded)).toBe(1);
    const row = (await stored(['inc-order'])).get('inc-order');
    expect(row?.state).toEqual({
      ...foldIncident([...events, late]),
      district: expect.any(String),
      cell: expect.any(String),
      outsideCity: false,
    });
    expect(row?.fold_version).toBe(FOLD_VERSION);
    await writer.close(1000);
  });

  it('stores the pure fold of all events whatever the arrival order, batching and number of writers', async () => {
    const rnd = random(42);
    const byIncident = new Map<string, IncidentEvent[]>();
    for (let i = 0; i < 8; i++) byIncident.set(`inc-shuffle-${i}`, eventsOf(`inc-shuffle-${i}`, 15, rnd));
    const all = [...byIncident.values()].flat();
    // Shuffle, then deal into messages of 1–5 events, alternately to the writers (instances).
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    const writers = pools.map((p) => writerOn(p, createIngestMetrics()));
    const pending: Promise<unknown>[] = [];
    for (let i = 0, w = 0; i < all.length; w++) {
      const n = 1 + Math.floor(rnd() * 5);
      pending.push(submit(writers[w % writers.length]!, all.slice(i, i + n)));
      i += n;
    }
    await Promise.all(pending);
    const rows = await stored([...byIncident.keys()]);
    for (const [id, events] of byIncident) {
      expect(rows.get(id)?.state, id).toEqual({
        ...foldIncident(events),
        district: expect.any(String),
        cell: expect.any(String),
        outsideCity: false,
      });
    }
    for (const w of writers) await w.close(1000);
  });

  it('logs every change in commit order, and a refold rebuilds states made by older rules', async () => {
    const writer = writerOn(pools[0]!, createIngestMetrics());
    const { rows: before } = await pools[0]!.query<{ max: string | null }>('select max(seq) from change_log');
    const from = Number(before[0]?.max ?? 0);
    await writer.submit({
      topic: 't',
      payload: new TextEncoder().encode('x'),
      records: [
        {
          kind: 'sensor-meta',
          sensorId: 'cl-1',
          ts: T0,
          meta: { name: 'x', kind: 'air', department: 'environment', lat: 37.76, lon: -122.42 },
        } as IngestRecord,
        { kind: 'reading', sensorId: 'cl-1', ts: T0, values: { v: 1 } },
        asRecord(eventsOf('inc-log', 1, random(3))[0]!),
      ],
      errors: ['a bad part'],
    });
    const { rows } = await pools[0]!.query<{ seq: string; kind: string }>(
      'select seq, kind from change_log where seq > $1 order by seq',
      [from],
    );
    expect(rows.map((r) => r.kind).sort()).toEqual(['dead_letter', 'incident', 'readings', 'sensor']);

    // A state made by older fold rules (and wrong): rebuilt from its events, and the change is logged.
    await pools[0]!.query(
      "update incidents set fold_version = 0, state = jsonb_set(state, '{title}', '\"stale\"') where incident_id = 'inc-log'",
    );
    const result = await refoldIncidents(pools[0]!, city.places, { onlyOutdated: true });
    expect(result).toEqual({ incidents: 1, changed: 1 });
    const row = (await stored(['inc-log'])).get('inc-log');
    expect((row?.state as { title?: string } | undefined)?.title).toBe('inc-log');
    expect(row?.fold_version).toBe(FOLD_VERSION);
    const { rows: after } = await pools[0]!.query<{ kind: string; body: { title: string } }>(
      'select kind, body from change_log order by seq desc limit 1',
    );
    expect(after[0]).toMatchObject({ kind: 'incident', body: { title: 'inc-log' } });
    expect(await refoldIncidents(pools[0]!, city.places, { onlyOutdated: true })).toEqual({
      incidents: 0,
      changed: 0,
    });
    await writer.close(1000);
  });
});
