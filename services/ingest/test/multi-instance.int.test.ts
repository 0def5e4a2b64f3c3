/**
 * Several instances on one shared subscription, against the real Mosquitto and PostgreSQL: each message is
 * stored once, both ingesting instances did work, the per-sensor loss count (kept in the store) shows no
 * false gaps although each instance saw half of every sensor's stream, and a live client on every instance
 * — including an API-only one that ingests nothing — sees every incident and every sensor's newest reading.
 */

import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import { createScratchDatabase, metricSum, parseMetrics } from '@twin/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  connectLive,
  connectPublisher,
  describeOnExternalStack,
  eventually,
  getJson,
  startStack,
  type TestStack,
} from './harness.js';

const INCIDENTS = 150;
const SENSORS = 20;
const READINGS_PER_SENSOR = 60;

/** Sums a Prometheus counter (all label sets) from an instance's /metrics. */
async function metric(base: string, name: string): Promise<number> {
  return metricSum(parseMetrics(await (await fetch(`${base}/metrics`)).text()), name) ?? 0;
}

type Live = Awaited<ReturnType<typeof connectLive>>;

/** What a live client holds: the incident ids and each sensor's newest value of `v`. */
function seenBy(live: Live) {
  const incidents = new Set<string>();
  const newest = new Map<string, number>();
  for (const m of live.messages) {
    for (const v of (m.incidents ?? []) as { incidentId: string }[]) incidents.add(v.incidentId);
    for (const r of (m.readings ?? []) as { sensorId: string; values: { v?: { value: number } } }[])
      if (r.values.v) newest.set(r.sensorId, Math.max(newest.get(r.sensorId) ?? 0, r.values.v.value));
  }
  return { incidents, newest };
}

describeOnExternalStack('several instances on one shared subscription', (target) => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let ingestA: TestStack;
  let ingestB: TestStack;
  let apiOnly: TestStack;
  let pub: MqttClient;
  const root = `mi${randomUUID().slice(0, 8)}`;
  const group = `g${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    scratch = await createScratchDatabase(target.databaseUrl!);
    const shared = { databaseUrl: scratch.url, topicRoot: root };
    // NOTE: started one after the other and all at once would both work (migrations take a lock);
    // in sequence keeps the test's start-up simple to read.
    [ingestA, ingestB] = await Promise.all([
      startStack(target, { ...shared, env: { INGEST_SHARE_GROUP: group, INSTANCE_ROLE: 'both' } }),
      startStack(target, { ...shared, env: { INGEST_SHARE_GROUP: group, INSTANCE_ROLE: 'both' } }),
    ]);
    apiOnly = await startStack(target, { ...shared, env: { INSTANCE_ROLE: 'api' } });
    pub = await connectPublisher(target.mqttUrl!);
  }, 120_000);

  afterAll(async () => {
    await pub?.endAsync();
    for (const s of [ingestA, ingestB, apiOnly]) await s?.stop();
    await scratch?.drop();
  });

  it('stores each message once, splits the work, counts no false gaps, and every instance shows everything', async () => {
    const bases = [ingestA, ingestB, apiOnly].map((s) => s.runtime.url);
    const lives = await Promise.all(bases.map((b) => connectLive(b)));
    for (const l of lives) await eventually(async () => l.messages.find((m) => m.type === 'snapshot'));

    const t0 = Date.now() - 600_000;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      sends.push(
        pub.publishAsync(
          topics.incidentEvents(root, i % 2 ? 'fire' : 'police'),
          JSON.stringify({
            eventId: `mi-${i}-r`,
            incidentId: `mi-${i}`,
            type: 'reported',
            ts: t0 + i,
            category: 'test',
            severity: 2,
            title: `incident ${i}`,
            lat: 37.76,
            lon: -122.42,
          }),
          { qos: 1 },
        ),
      );
    }
    for (let n = 0; n < READINGS_PER_SENSOR; n++)
      for (let s = 0; s < SENSORS; s++)
        sends.push(
          pub.publishAsync(
            topics.sensorData(root, `mi-s${s}`),
            JSON.stringify({ ts: t0 + n * 1000, values: { v: n + 1 }, seq: n + 1 }),
            { qos: 1 },
          ),
        );
    await Promise.all(sends);

    const pool = ingestA.runtime.pool;
    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from readings');
      return rows[0]!.n === SENSORS * READINGS_PER_SENSOR ? true : null;
    }, 60_000);
    const { rows: incidents } = await pool.query<{ n: number; distinct: number }>(
      'select count(*)::int as n, count(distinct incident_id)::int as distinct from incident_events',
    );
    expect(incidents[0]).toEqual({ n: INCIDENTS, distinct: INCIDENTS });

    // Both ingesting instances did work; the API-only one received nothing from the broker.
    const received = await Promise.all(bases.map((b) => metric(b, 'twin_messages_received_total')));
    expect(received[0]).toBeGreaterThan(0);
    expect(received[1]).toBeGreaterThan(0);
    expect(received[0]! + received[1]!).toBe(INCIDENTS + SENSORS * READINGS_PER_SENSOR);
    expect(received[2]).toBe(0);

    // Each sensor's stream was split between the instances, out of order between them: no loss counted.
    const { rows: totals } = await pool.query<{ seq_gaps: string; messages_stored: string }>(
      'select seq_gaps, messages_stored from ingest_totals',
    );
    expect(Number(totals[0]!.seq_gaps)).toBe(0);
    expect(Number(totals[0]!.messages_stored)).toBe(INCIDENTS + SENSORS * READINGS_PER_SENSOR);

    // Every live client, on every instance, holds every incident and every sensor's newest value.
    for (const [i, live] of lives.entries()) {
      await eventually(async () => {
        const seen = seenBy(live);
        return seen.incidents.size === INCIDENTS &&
          [...Array(SENSORS).keys()].every((s) => seen.newest.get(`mi-s${s}`) === READINGS_PER_SENSOR)
          ? true
          : null;
      }, 30_000).catch((err) => {
        throw new Error(`live client on instance ${i}: ${(err as Error).message}`);
      });
      const seqs = live.messages.filter((m) => m.type === 'changes').map((m) => m.seq as number);
      for (let k = 1; k < seqs.length; k++) expect(seqs[k]).toBeGreaterThan(seqs[k - 1]!);
    }
    // The three clients got the same changes in the same order: the log is one.
    await eventually(async () => {
      const positions = lives.map((l) => Math.max(...l.messages.map((m) => m.seq as number)));
      return new Set(positions).size === 1 ? true : null;
    });

    // The API-only instance answers the API from the shared store.
    const { body } = await getJson<{ total: number }>(
      apiOnly.runtime.url,
      '/api/v1/incidents?status=all&limit=1',
    );
    expect(body.total).toBe(INCIDENTS);
    for (const l of lives) l.close();
  }, 120_000);
});
