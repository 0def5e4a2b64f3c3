/**
 * Replay, analysis and export over real sockets (embedded stack, and PostgreSQL + a real broker when
 * DATABASE_URL / MQTT_URL are set). Incident events are published over MQTT late and out of order; the replay
 * slices, folded in the browser's ReplayIndex, give the states worked out by hand, and replaying the last
 * minute ends in exactly the state the incidents API and the live socket show. The readings' Arrow stream
 * holds what was published; the analysis' figures and the exports' rows are checked against the hand-made set.
 */
import { parseCsv } from '@twin/demo-feed';
import {
  type IncidentState,
  type IncidentView,
  ReplayIndex,
  type ReplaySlice,
  stateAt,
  topics,
  type WindowAnalysis,
} from '@twin/domain';
import { tableFromIPC } from 'apache-arrow';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  authHeaders,
  connectLive,
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  hourlyRolledUntil,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

// Ten minutes ago, on a whole minute: recent enough for the live set, in the past for replay.
const T0 = Math.floor((Date.now() - 15 * 60_000) / 60_000) * 60_000;
const s = (seconds: number) => T0 + seconds * 1000;
const place = { lat: 37.7599, lon: -122.4148 };

type Dept = 'fire' | 'ems';
/** Published in this order (late and out of order on purpose): [department, event]. */
const EVENTS: [Dept, Record<string, unknown>][] = [
  // A: its resolution and on-scene arrive before its report.
  ['fire', { eventId: 'a-res', incidentId: 'rp-a', type: 'resolved', ts: s(600) }],
  ['fire', { eventId: 'a-scene', incidentId: 'rp-a', type: 'on_scene', ts: s(300), unit: 'E1' }],
  [
    'fire',
    {
      eventId: 'a-rep',
      incidentId: 'rp-a',
      type: 'reported',
      ts: s(0),
      category: 'Structure Fire',
      severity: 4,
      title: 'A',
      ...place,
    },
  ],
  ['fire', { eventId: 'a-disp', incidentId: 'rp-a', type: 'dispatched', ts: s(120), unit: 'E1' }],
  ['fire', { eventId: 'a-ack', incidentId: 'rp-a', type: 'acknowledged', ts: s(60) }],
  // B: acknowledged and dispatched at the same millisecond (dispatch published first), resolved, reopened.
  [
    'fire',
    {
      eventId: 'b-rep',
      incidentId: 'rp-b',
      type: 'reported',
      ts: s(30),
      category: 'Alarms',
      severity: 2,
      title: 'B',
      ...place,
    },
  ],
  ['fire', { eventId: 'b-disp', incidentId: 'rp-b', type: 'dispatched', ts: s(130), unit: 'E2' }],
  ['fire', { eventId: 'b-ack', incidentId: 'rp-b', type: 'acknowledged', ts: s(130) }],
  ['fire', { eventId: 'b-reopen', incidentId: 'rp-b', type: 'reopened', ts: s(400) }],
  ['fire', { eventId: 'b-res', incidentId: 'rp-b', type: 'resolved', ts: s(200) }],
  // C: handed over from fire to ems (accepted before the offer arrives); a title a spreadsheet would run.
  ['ems', { eventId: 'c-acc', incidentId: 'rp-c', type: 'handover_accepted', ts: s(250) }],
  [
    'fire',
    { eventId: 'c-offer', incidentId: 'rp-c', type: 'handover_offered', ts: s(150), toDepartment: 'ems' },
  ],
  [
    'fire',
    {
      eventId: 'c-rep',
      incidentId: 'rp-c',
      type: 'reported',
      ts: s(50),
      category: 'Medical Incident',
      severity: 3,
      title: '=HYPERLINK("http://x","y")',
      ...place,
    },
  ],
];
const TOTAL_EVENTS = EVENTS.length;

/** A sensor reading every 10 s from T0 − 30 min to T0 + 10 min, value = seconds after T0 / 10. */
const READINGS = Array.from({ length: 241 }, (_, i) => ({ ts: s(-1800 + i * 10), value: -180 + i }));

async function slice(base: string, from: number, to: number): Promise<ReplaySlice> {
  const res = await getJson<ReplaySlice>(base, `/api/v1/replay?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function indexOf(base: string, cuts: number[]): Promise<ReplayIndex> {
  const index = new ReplayIndex();
  for (let i = 0; i + 1 < cuts.length; i++) index.addSlice(await slice(base, cuts[i]!, cuts[i + 1]!));
  return index;
}

/** The folded part of a view (what replay restores): the view without its placement. */
function folded(view: IncidentView): IncidentState {
  const { district: _d, cell: _c, outsideCity: _o, ...state } = view;
  return state;
}

async function getText(
  base: string,
  path: string,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { headers: authHeaders(base) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describeEachTarget('replay, analysis and export', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    const root = stack.topicRoot;
    pub = await connectPublisher(stack);
    for (const [dept, event] of EVENTS) await publish(pub, topics.incidentEvents(root, dept), event);
    await publish(
      pub,
      topics.sensorMeta(root, 'rp-air'),
      { name: 'Air', kind: 'air_quality', department: 'environment', ...place, units: { pm25: 'µg/m³' } },
      true,
    );
    // A second sensor with two metrics: the stream orders rows by sensor, then metric, then time.
    await publish(
      pub,
      topics.sensorMeta(root, 'rp-air0'),
      { name: 'Air 0', kind: 'air_quality', department: 'environment', ...place, units: { no2: 'ppb' } },
      true,
    );
    await publish(pub, topics.gatewayData(root, 'rp-gw'), [
      { sensorId: 'rp-air0', ts: s(30), values: { no2: 7, pm25: 70 } },
      { sensorId: 'rp-air0', ts: s(-30), values: { no2: 6, pm25: 60 } },
    ]);
    for (let i = 0; i < READINGS.length; i += 60)
      await publish(
        pub,
        topics.gatewayData(root, 'rp-gw'),
        READINGS.slice(i, i + 60).map((r) => ({ sensorId: 'rp-air', ts: r.ts, values: { pm25: r.value } })),
      );
    await eventually(async () => {
      const { body } = await getJson<{ incidents: IncidentView[] }>(
        base,
        '/api/v1/incidents?status=all&limit=100',
      );
      return body.incidents.reduce((n, i) => n + i.eventCount, 0) === TOTAL_EVENTS;
    });
    await eventually(async () => {
      const { body } = await getJson<{ lastSeen: number | null }>(base, '/api/v1/sensors/rp-air');
      return body.lastSeen === READINGS.at(-1)!.ts;
    });
  }, 120_000);

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('replays the late and out-of-order stream into the states worked out by hand', async () => {
    const index = await indexOf(base, [s(-60), s(100), s(130), s(300), s(700)]);
    const a = index.tracks.get('rp-a')!;
    const b = index.tracks.get('rp-b')!;
    const c = index.tracks.get('rp-c')!;
    expect(stateAt(a, s(-1))).toBeNull();
    expect(stateAt(a, s(0))).toMatchObject({ status: 'reported', awaitingAck: true, title: 'A' });
    expect(stateAt(a, s(60))).toMatchObject({ status: 'acknowledged', acknowledgedAt: s(60) });
    expect(stateAt(a, s(299))).toMatchObject({
      status: 'dispatched',
      units: [{ unit: 'E1', onSceneAt: null }],
    });
    expect(stateAt(a, s(300))).toMatchObject({
      status: 'on_scene',
      units: [{ unit: 'E1', onSceneAt: s(300) }],
    });
    expect(stateAt(a, s(600))).toMatchObject({ status: 'resolved', resolvedAt: s(600) });
    // B: acknowledged and dispatched at one instant: the fold's order (acknowledge first) whatever the arrival.
    expect(stateAt(b, s(129))).toMatchObject({ status: 'reported', awaitingAck: true });
    expect(stateAt(b, s(130))).toMatchObject({
      status: 'dispatched',
      acknowledgedAt: s(130),
      awaitingAck: false,
    });
    expect(stateAt(b, s(200))).toMatchObject({ status: 'resolved', resolvedAt: s(200) });
    expect(stateAt(b, s(400))).toMatchObject({ status: 'reported', resolvedAt: null, awaitingAck: true });
    // C: fire's until the hand-over is accepted, then ems's.
    expect(stateAt(c, s(200))).toMatchObject({ department: 'fire', pendingHandover: { to: 'ems' } });
    expect(stateAt(c, s(250))).toMatchObject({ department: 'ems', pendingHandover: null, handoffs: 1 });
    expect(
      index
        .openAt(s(250))
        .map((x) => x.incidentId)
        .sort(),
    ).toEqual(['rp-a', 'rp-c']);
    expect(
      index
        .openAt(s(450))
        .map((x) => x.incidentId)
        .sort(),
    ).toEqual(['rp-a', 'rp-b', 'rp-c']);
    expect(
      index
        .openAt(s(650))
        .map((x) => x.incidentId)
        .sort(),
    ).toEqual(['rp-b', 'rp-c']);
    expect(index.nextEventAfter(s(130))).toBe(s(150));
    expect(index.previousEventBefore(s(130))).toBe(s(120));
    // A slice starting mid-way carries the state at its start, folded on the server: the same as the index's.
    const mid = await slice(base, s(260), s(260));
    expect(mid.events).toEqual([]);
    for (const inc of mid.incidents)
      expect(inc.atFrom).toEqual(stateAt(index.tracks.get(inc.incidentId)!, s(260)));
    expect(mid.incidents.map((i) => i.incidentId)).toEqual(['rp-a', 'rp-b', 'rp-c']);
  });

  it('ends the last minute in exactly the state the incidents API and the live socket show', async () => {
    const last = s(600);
    const index = await indexOf(base, [last - 60_000, last]);
    const { body } = await getJson<{ incidents: IncidentView[] }>(
      base,
      '/api/v1/incidents?status=all&limit=100',
    );
    const live = await connectLive(base);
    const snapshot = await eventually(async () => live.messages.find((m) => m.type === 'snapshot'));
    live.close();
    const liveIncidents = new Map((snapshot.incidents as IncidentView[]).map((i) => [i.incidentId, i]));
    for (const view of body.incidents) {
      const track = index.tracks.get(view.incidentId);
      expect(track, view.incidentId).toBeDefined();
      expect(stateAt(track!, last)).toEqual(folded(view));
      expect(stateAt(track!, last)).toEqual(folded(liveIncidents.get(view.incidentId)!));
      expect(track!.placement).toEqual({
        district: view.district,
        cell: view.cell,
        outsideCity: view.outsideCity,
      });
    }
  });

  it('streams the readings as Arrow: raw with the value before the window, and buckets', async () => {
    const read = async (query: string) => {
      const res = await fetch(`${base}/api/v1/replay/readings?${query}`, { headers: authHeaders(base) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
      const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
      return table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    };
    const air = async (query: string) => (await read(query)).filter((r) => r.sensor === 'rp-air');
    // Raw: from T0 + 5 s (the last reading at or before it is T0's), to T0 + 60 s.
    const raw = await eventually(async () => {
      const rows = await air(`from=${s(5)}&to=${s(60)}`);
      return rows.length === 7 ? rows : null;
    });
    expect(raw.map((r) => [r.ts, r.value, r.count])).toEqual([
      [s(0), 0, 1],
      [s(10), 1, 1],
      [s(20), 2, 1],
      [s(30), 3, 1],
      [s(40), 4, 1],
      [s(50), 5, 1],
      [s(60), 6, 1],
    ]);
    expect(raw.every((r) => r.metric === 'pm25' && r.min === r.value && r.max === r.value)).toBe(true);
    // Every series in byte order of sensor, then metric (a prefix first): rp-air, then rp-air0's no2 and pm25,
    // each led by its value at or before the window's start.
    const all = await eventually(async () => {
      const rows = await read(`from=${s(0)}&to=${s(35)}&sensor=rp-air0&sensor=rp-air`);
      return rows.length === 8 ? rows : null;
    });
    expect(all.map((r) => [r.sensor, r.metric, r.ts, r.value])).toEqual([
      ['rp-air', 'pm25', s(0), 0],
      ['rp-air', 'pm25', s(10), 1],
      ['rp-air', 'pm25', s(20), 2],
      ['rp-air', 'pm25', s(30), 3],
      ['rp-air0', 'no2', s(-30), 6],
      ['rp-air0', 'no2', s(30), 7],
      ['rp-air0', 'pm25', s(-30), 60],
      ['rp-air0', 'pm25', s(30), 70],
    ]);
    // 1-minute buckets of the half hour before T0 (the rollup fills within seconds).
    const minutes = await eventually(async () => {
      const rows = await air(`from=${s(-1800)}&to=${s(0)}&bucketMs=60000&sensor=rp-air&metric=pm25`);
      return rows.length === 31 && rows.at(-1)!.count === 6 ? rows : null;
    });
    expect(minutes[0]).toMatchObject({ ts: s(-1800), value: -180, count: 1 });
    expect(minutes[1]).toMatchObject({ ts: s(-1800), value: -177.5, min: -180, max: -175, count: 6 });
    expect(minutes.at(-1)).toMatchObject({ ts: s(-60), value: -3.5, min: -6, max: -1, count: 6 });
    // 1-hour buckets: the whole 40 minutes of readings in the hours they fall in.
    const hours = await air(`from=${s(-1800) - 3_600_000}&to=${s(3600)}&bucketMs=3600000&sensor=rp-air`);
    expect(hours.reduce((n, r) => n + (r.count as number), 0)).toBe(READINGS.length);
    const mean =
      hours.reduce((sum, r) => sum + (r.value as number) * (r.count as number), 0) / READINGS.length;
    expect(mean).toBeCloseTo(READINGS.reduce((x, r) => x + r.value, 0) / READINGS.length, 9);
  });

  it("answers a day window from the hourly rollup: per hour the raw rows' aggregate, a late reading re-rolled, the current hour exact", async () => {
    const HOUR = 3_600_000;
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    // A reading a minute from 3 h − 5 min before the current hour to 20 s ago (values 0–16, 1.5 apart).
    const start = hour - 3 * HOUR + 5 * 60_000;
    const readings: { ts: number; value: number }[] = [];
    for (let ts = start, i = 0; ts < Date.now() - 20_000; ts += 60_000, i++)
      readings.push({ ts, value: (i % 17) * 1.5 });
    const root = stack.topicRoot;
    const send = async (list: { ts: number; value: number }[]) => {
      for (let i = 0; i < list.length; i += 60)
        await publish(
          pub,
          topics.gatewayData(root, 'rp-gw'),
          list.slice(i, i + 60).map((r) => ({ sensorId: 'rp-hours', ts: r.ts, values: { pm25: r.value } })),
        );
    };
    await send(readings);
    // Not on an hour (the first hours' edge comes from the minutes), through the hour still open.
    const from = hour - 3 * HOUR + 30 * 60_000;
    const to = hour + HOUR;
    const query = `from=${from}&to=${to}&bucketMs=3600000&sensor=rp-hours`;
    const api = async () => {
      const res = await fetch(`${base}/api/v1/replay/readings?${query}`, { headers: authHeaders(base) });
      expect(res.status).toBe(200);
      return tableFromIPC(new Uint8Array(await res.arrayBuffer()))
        .toArray()
        .map((r) => r.toJSON() as { ts: number; value: number; min: number; max: number; count: number });
    };
    // What the answer must be, worked out here from the raw rows: the lead, then per UTC hour of the minutes
    // in [from, to) the mean, min, max and count.
    const expected = async (stored: number) => {
      const { rows } = await stack.runtime.pool.query<{ ms: number; value: number }>(
        `select extract(epoch from ts)::float8 * 1000 as ms, value from readings
         where sensor_id = 'rp-hours' and metric = 'pm25' order by ts`,
      );
      // With an external broker, a PUBACK says nothing of storage: wait for every reading sent.
      if (rows.length < stored) return null;
      const lead = rows.filter((r) => r.ms <= from).at(-1)!;
      const hours = new Map<number, number[]>();
      for (const r of rows)
        if (r.ms >= from && r.ms < to) {
          const h = Math.floor(r.ms / HOUR) * HOUR;
          hours.set(h, [...(hours.get(h) ?? []), r.value]);
        }
      return [
        { ts: lead.ms, value: lead.value, min: lead.value, max: lead.value, count: 1 },
        ...[...hours].map(([ts, v]) => ({
          ts,
          value: v.reduce((a, b) => a + b, 0) / v.length,
          min: Math.min(...v),
          max: Math.max(...v),
          count: v.length,
        })),
      ];
    };
    const same = (
      got: Awaited<ReturnType<typeof api>>,
      want: NonNullable<Awaited<ReturnType<typeof expected>>>,
    ) =>
      got.length === want.length &&
      got.every(
        (g, i) =>
          g.ts === want[i]!.ts &&
          Math.abs(g.value - want[i]!.value) < 1e-9 &&
          g.min === want[i]!.min &&
          g.max === want[i]!.max &&
          g.count === want[i]!.count,
      );
    const check = async (stored: number) => {
      const got = await eventually(async () => {
        const [g, w] = [await api(), await expected(stored)];
        return w && same(g, w) ? g : null;
      });
      expect(got.map((r) => r.ts)).toEqual([
        readings[25]!.ts,
        hour - 3 * HOUR,
        hour - 2 * HOUR,
        hour - HOUR,
        hour,
      ]);
    };
    await check(readings.length);

    // The closed hours are in the hourly rollup (not re-binned at query time).
    await eventually(async () => (await hourlyRolledUntil(stack)) >= hour || null);
    if (stack.runtime.app.dialect === 'postgres') {
      const { rows } = await stack.runtime.pool.query<{ n: number }>(
        "select count(*)::int as n from readings_1h_rollup where sensor_id = 'rp-hours'",
      );
      expect(rows[0]!.n).toBe(3);
    }

    // A late reading in a rolled hour: that hour is rolled again (within the late-refresh delay).
    const late = { ts: hour - 2 * HOUR + 30 * 60_000 + 5_000, value: 1000 };
    await send([late]);
    await check(readings.length + 1);
    const after = await api();
    expect(after[2]).toMatchObject({ ts: hour - 2 * HOUR, max: 1000, count: 61 });

    // A reading in the hour still open: in the answer at once, exactly.
    await send([{ ts: Date.now() - 5_000, value: -7 }]);
    await check(readings.length + 2);
    expect((await api()).at(-1)!.min).toBe(-7);
  });

  it('analyses the window: counts and response times with their missing steps', async () => {
    const { status, body } = await getJson<WindowAnalysis>(
      base,
      `/api/v1/analysis?from=${s(-60)}&to=${s(700)}`,
    );
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    const fire = Object.fromEntries(
      body.responseTimes.filter((r) => r.department === 'fire').map((r) => [r.measure, r]),
    );
    expect(fire.acknowledge).toMatchObject({ medianS: 80, p90S: 96, counted: 2, missing: 0 });
    expect(fire.dispatch).toMatchObject({ medianS: 110, p90S: 118, counted: 2, missing: 0 });
    expect(fire.onScene).toMatchObject({ medianS: 300, p90S: 300, counted: 1, missing: 1 });
    expect(fire.resolve).toMatchObject({ medianS: 600, counted: 1, missing: 1 });
    const ems = Object.fromEntries(
      body.responseTimes.filter((r) => r.department === 'ems').map((r) => [r.measure, r]),
    );
    expect(ems.acknowledge).toMatchObject({ medianS: 200, counted: 1, missing: 0 });
    expect(ems.dispatch).toMatchObject({ medianS: null, counted: 0, missing: 1 });
    expect(body.byCategory.map((c) => [c.key, c.count])).toEqual([
      ['alarms', 1],
      ['medical-incident', 1],
      ['structure-fire', 1],
    ]);
    expect(body.byDepartmentHour.reduce((n, h) => n + h.count, 0)).toBe(3);
    const emsOnly = await getJson<WindowAnalysis>(
      base,
      `/api/v1/analysis?from=${s(-60)}&to=${s(700)}&department=ems`,
    );
    expect(emsOnly.body.total).toBe(1);
  });

  it('exports the incidents of the window as CSV and GeoJSON matching the API, escaped and filtered', async () => {
    const window = `from=${s(-60)}&to=${s(700)}`;
    const csv = await getText(base, `/api/v1/export/incidents.csv?${window}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="incidents_.+\.csv"$/);
    const [header, ...rows] = parseCsv(csv.text).filter((r) => r.length > 1);
    const col = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(TOTAL_EVENTS);
    for (const id of ['rp-a', 'rp-b', 'rp-c']) {
      const detail = await getJson<{ timeline: { eventId: string }[] }>(base, `/api/v1/incidents/${id}`);
      const mine = rows.filter((r) => r[col('incident_id')] === id);
      expect(mine.map((r) => r[col('event_id')])).toEqual(detail.body.timeline.map((e) => e.eventId));
    }
    const c = rows.find((r) => r[col('incident_id')] === 'rp-c')!;
    expect(c[col('title')]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(c[col('department')]).toBe('ems');
    expect(Number(c[col('lon')])).toBe(place.lon);

    const emsCsv = await getText(base, `/api/v1/export/incidents.csv?${window}&department=ems`);
    const emsIds = new Set(
      parseCsv(emsCsv.text)
        .slice(1)
        .filter((r) => r.length > 1)
        .map((r) => r[0]),
    );
    expect([...emsIds]).toEqual(['rp-c']);

    const geo = await getText(base, `/api/v1/export/incidents.geojson?${window}`);
    const collection = JSON.parse(geo.text) as {
      features: {
        id: string;
        geometry: { coordinates: number[] };
        properties: IncidentView & { timeline: unknown[] };
      }[];
    };
    const { body: list } = await getJson<{ incidents: IncidentView[] }>(
      base,
      `/api/v1/incidents?status=all&${window}`,
    );
    expect(collection.features.map((f) => f.id).sort()).toEqual(
      list.incidents.map((i) => i.incidentId).sort(),
    );
    for (const f of collection.features) {
      const { timeline, ...props } = f.properties;
      expect(props).toEqual(list.incidents.find((i) => i.incidentId === f.id));
      expect(timeline).toHaveLength(props.eventCount);
      expect(f.geometry.coordinates).toEqual([place.lon, place.lat]);
    }

    const readings = await getText(
      base,
      `/api/v1/export/readings.csv?from=${s(5)}&to=${s(60)}&sensor=rp-air`,
    );
    const readingRows = parseCsv(readings.text).filter((r) => r.length > 1);
    expect(readingRows[0]).toEqual(['sensor', 'metric', 'ts', 'value', 'min', 'max', 'count']);
    expect(readingRows.slice(1).map((r) => Number(r[3]))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(readingRows[1]![2]).toBe(new Date(s(0)).toISOString());
  });

  it('refuses bad parameters with every reason, and anyone not signed in', async () => {
    const bad = await getJson<{ message: string }>(base, '/api/v1/replay/readings?to=yesterday&bucketMs=5');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('from is required');
    expect(bad.body.message).toContain('to must be');
    expect(bad.body.message).toContain('bucketMs must be one of 0, 60000, 3600000');
    const reversed = await getJson<{ message: string }>(base, `/api/v1/analysis?from=${s(10)}&to=${s(0)}`);
    expect(reversed).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('from must not be after to') },
    });
    const long = await getJson<{ message: string }>(
      base,
      '/api/v1/replay?from=2019-01-01T00:00:00Z&to=2021-01-01T00:00:00Z',
    );
    expect(long).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('at most 366 days') },
    });
    for (const path of [
      `/api/v1/replay?from=${s(0)}&to=${s(1)}`,
      `/api/v1/replay/readings?from=${s(0)}&to=${s(1)}`,
      `/api/v1/analysis?from=${s(0)}&to=${s(1)}`,
      `/api/v1/export/incidents.csv?from=${s(0)}&to=${s(1)}`,
      `/api/v1/export/incidents.geojson?from=${s(0)}&to=${s(1)}`,
      `/api/v1/export/readings.csv?from=${s(0)}&to=${s(1)}`,
    ])
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
  });
});
