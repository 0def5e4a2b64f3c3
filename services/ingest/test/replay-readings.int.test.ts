/**
 * The replay's readings (`GET /api/v1/replay/readings`, db/replay-readings.ts) over a real socket, on both
 * stacks, checked against the answer worked out here from the raw rows: each series' lead (its last reading at
 * or before `from`) and its buckets. The windows are the ones the replay view asks for a day window (the first
 * slice, then the rest of the window in one request: replay/slice-plan.ts planReadingSpans), with a sensor that
 * has no reading before the window, one that reports only in a later hour, and a late reading in an hour the
 * hourly rollup holds already.
 */
import { topics } from '@twin/domain';
import { tableFromIPC } from 'apache-arrow';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readingColumns, readingSeries } from '../src/db/replay-readings.js';
import {
  authHeaders,
  connectPublisher,
  describeEachTarget,
  eventually,
  hourlyRolledUntil,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Row {
  sensor: string;
  metric: string;
  ts: number;
  value: number;
  min: number;
  max: number;
  count: number;
}

interface Reading {
  sensorId: string;
  ts: number;
  value: number;
}

/** What the answer must be: per series in byte order its lead, then its raw rows (bucketMs 0) or buckets. */
function expectedRows(raw: readonly Reading[], from: number, to: number, bucketMs: number): Row[] {
  const bySensor = new Map<string, Reading[]>();
  for (const r of [...raw].sort((a, b) => a.ts - b.ts))
    bySensor.set(r.sensorId, [...(bySensor.get(r.sensorId) ?? []), r]);
  const rows: Row[] = [];
  const point = (sensor: string, ts: number, value: number): Row => ({
    sensor,
    metric: 'pm25',
    ts,
    value,
    min: value,
    max: value,
    count: 1,
  });
  for (const sensor of [...bySensor.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const readings = bySensor.get(sensor) ?? [];
    const lead = readings.filter((r) => r.ts <= from).at(-1);
    if (lead) rows.push(point(sensor, lead.ts, lead.value));
    if (bucketMs === 0) {
      for (const r of readings) if (r.ts > from && r.ts <= to) rows.push(point(sensor, r.ts, r.value));
      continue;
    }
    const buckets = new Map<number, number[]>();
    for (const r of readings)
      if (r.ts >= from && r.ts < to) {
        const bucket = Math.floor(r.ts / bucketMs) * bucketMs;
        buckets.set(bucket, [...(buckets.get(bucket) ?? []), r.value]);
      }
    for (const [ts, values] of [...buckets].sort((a, b) => a[0] - b[0]))
      rows.push({
        sensor,
        metric: 'pm25',
        ts,
        value: values.reduce((a, b) => a + b, 0) / values.length,
        min: Math.min(...values),
        max: Math.max(...values),
        count: values.length,
      });
  }
  return rows;
}

const sameRows = (got: readonly Row[], want: readonly Row[]) =>
  got.length === want.length &&
  got.every((g, i) => {
    const w = want[i] as Row;
    return (
      g.sensor === w.sensor &&
      g.metric === w.metric &&
      g.ts === w.ts &&
      Math.abs(g.value - w.value) < 1e-9 &&
      g.min === w.min &&
      g.max === w.max &&
      g.count === w.count
    );
  });

describeEachTarget('replay readings, read set-wise per window', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  // A window off the hour, as "the last 3 h" picked at hh:30 would be, up to the last closed hour.
  const from = hour - 3 * HOUR + 30 * MIN;
  const to = hour;
  const sent: Reading[] = [];
  const sensors = ['rr-early', 'rr-fresh', 'rr-later'];

  const send = async (list: Reading[]) => {
    for (let i = 0; i < list.length; i += 60)
      await publish(
        pub,
        topics.gatewayData(stack.topicRoot, 'rr-gw'),
        list.slice(i, i + 60).map((r) => ({ sensorId: r.sensorId, ts: r.ts, values: { pm25: r.value } })),
      );
    sent.push(...list);
  };

  const api = async (qFrom: number, qTo: number, bucketMs: number): Promise<Row[]> => {
    const filter = sensors.map((s) => `&sensor=${s}`).join('');
    const res = await fetch(
      `${base}/api/v1/replay/readings?from=${qFrom}&to=${qTo}&bucketMs=${bucketMs}${filter}`,
      { headers: authHeaders(base) },
    );
    expect(res.status).toBe(200);
    return tableFromIPC(new Uint8Array(await res.arrayBuffer()))
      .toArray()
      .map((r) => r.toJSON() as unknown as Row);
  };

  /** The answer once every reading sent is stored (a PUBACK says nothing of storage on an external broker). */
  const settled = async (qFrom: number, qTo: number, bucketMs: number) =>
    eventually(async () => {
      const got = await api(qFrom, qTo, bucketMs);
      return sameRows(got, expectedRows(sent, qFrom, qTo, bucketMs)) ? got : null;
    });

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    pub = await connectPublisher(stack);
    const readings: Reading[] = [];
    // Reports every minute from before the window to 20 s ago: it has a lead everywhere.
    for (let ts = hour - 3 * HOUR + 10 * MIN + 15_000, i = 0; ts < Date.now() - 20_000; ts += MIN, i++)
      readings.push({ sensorId: 'rr-early', ts, value: (i % 13) * 2 });
    // First reads inside the first slice (after `from`): no lead in any window that starts at `from`.
    for (let ts = from + 2 * MIN + 15_000, i = 0; ts < hour - 2 * HOUR + 10 * MIN; ts += MIN, i++)
      readings.push({ sensorId: 'rr-fresh', ts, value: 100 + (i % 7) });
    // Reports only in the window's last hour: absent from the first slice, no lead in the rest.
    for (let ts = hour - HOUR + 5 * MIN; ts <= hour - HOUR + 50 * MIN; ts += 5 * MIN)
      readings.push({ sensorId: 'rr-later', ts, value: -ts / MIN });
    await send(readings);
  }, 120_000);

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('answers the first slice and the rest of a day-style window exactly, with and without leads', async () => {
    const cut = from + 5 * MIN;
    const first = await settled(from, cut, HOUR);
    // The first slice: rr-early's lead and its partial hour; rr-fresh's partial hour without a lead; no rr-later.
    expect(first.map((r) => [r.sensor, r.ts, r.count])).toEqual([
      ['rr-early', from - 45_000, 1],
      ['rr-early', hour - 3 * HOUR, 5],
      ['rr-fresh', hour - 3 * HOUR, 3],
    ]);
    const rest = await settled(cut, to, HOUR);
    const later = rest.filter((r) => r.sensor === 'rr-later');
    // Only its own hour, no lead (nothing before the span's start).
    expect(later.map((r) => [r.ts, r.count])).toEqual([[hour - HOUR, 10]]);
    // rr-fresh: led by its last reading before the span, then its hours.
    expect(rest.filter((r) => r.sensor === 'rr-fresh').map((r) => r.ts)).toEqual([
      cut - 45_000,
      hour - 3 * HOUR,
      hour - 2 * HOUR,
    ]);
    // The two requests together hold every reading of the window once (the leads are never on a whole hour).
    const whole = await settled(from, to, HOUR);
    const bucketed = (rows: Row[]) => rows.filter((r) => r.ts % HOUR === 0).reduce((n, r) => n + r.count, 0);
    expect(bucketed(first) + bucketed(rest)).toBe(bucketed(whole));
    expect(bucketed(whole)).toBe(sent.filter((r) => r.ts >= from && r.ts < to).length);
  });

  it('answers minutes and raw readings set-wise the same way', async () => {
    const minutes = await settled(hour - 2 * HOUR, hour - HOUR, MIN);
    expect(minutes.filter((r) => r.sensor === 'rr-early')).toHaveLength(1 + 60);
    expect(minutes.some((r) => r.sensor === 'rr-later')).toBe(false);
    const raw = await settled(hour - HOUR + 20 * MIN, hour - HOUR + 30 * MIN, 0);
    expect(raw.filter((r) => r.sensor === 'rr-later').map((r) => r.ts)).toEqual([
      hour - HOUR + 20 * MIN,
      hour - HOUR + 25 * MIN,
      hour - HOUR + 30 * MIN,
    ]);
  });

  it('includes a late reading in an hour the hourly rollup already holds', async () => {
    await eventually(async () => (await hourlyRolledUntil(stack)) >= hour - HOUR || null);
    const cut = from + 5 * MIN;
    const before = await settled(cut, to, HOUR);
    const hourOf = (rows: Row[], sensor: string) =>
      rows.find((r) => r.sensor === sensor && r.ts === hour - 2 * HOUR && r.count !== 1);
    const late: Reading = { sensorId: 'rr-fresh', ts: hour - 2 * HOUR + 40 * MIN, value: 5000 };
    await send([late]);
    const after = await settled(cut, to, HOUR);
    expect(hourOf(after, 'rr-fresh')?.count).toBe((hourOf(before, 'rr-fresh')?.count ?? 0) + 1);
    expect(hourOf(after, 'rr-fresh')?.max).toBe(5000);
  });

  it('plans an hourly window for its own series every time, never with a generic plan', async () => {
    // NOTE: PostgreSQL may switch a named statement to one generic plan after five runs on a connection; the
    // hourly window's, planned for ten series instead of thousands, took 140 s where 1.2 s was enough.
    const client = await stack.runtime.pool.connect();
    try {
      const series = await readingSeries(client, {});
      for (let run = 0; run < 8; run++)
        for await (const chunk of readingColumns(client, series, { from, to, bucketMs: HOUR }))
          expect(chunk.length).toBeGreaterThan(0);
      const { rows } = await client.query<{ generic: number }>(
        "select coalesce(sum(generic_plans), 0)::int as generic from pg_prepared_statements where statement like '%readings_1h%'",
      );
      expect(rows[0]?.generic).toBe(0);
    } finally {
      client.release();
    }
  });
});
