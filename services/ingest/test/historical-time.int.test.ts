/**
 * Time as the data has it, over real sockets (embedded stack, and PostgreSQL + a real broker when
 * DATABASE_URL / MQTT_URL are set): 2019 data published over MQTT. Incidents open through a window without a
 * change are in it; the readings API without a window shows the sensor's own last hour; the clock says the
 * data is of 2019 and historical. Dead letters: more than a page of them, walked with the cursor, each once.
 */
import { type DeadLetterPage, type IncidentView, openDuring, topics } from '@twin/domain';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

const at = (iso: string) => Date.parse(iso);

interface IncidentList {
  incidents: IncidentView[];
  total: number;
}

/**
 * 2019 incidents around the window 2019-03-02 12:00–14:00Z. `through` is open through the whole window and
 * never changes in it: a query on "updated in the window" misses it.
 */
const INCIDENTS: { id: string; reported: string; resolved?: string; closed?: string }[] = [
  { id: 'h-through', reported: '2019-03-01T20:00:00Z' },
  { id: 'h-through-closed-later', reported: '2019-03-01T21:00:00Z', closed: '2019-03-03T09:00:00Z' },
  { id: 'h-done-before', reported: '2019-03-01T20:00:00Z', resolved: '2019-03-02T01:00:00Z' },
  { id: 'h-inside', reported: '2019-03-02T12:30:00Z', closed: '2019-03-02T13:00:00Z' },
  { id: 'h-resolved-at-start', reported: '2019-03-02T08:00:00Z', resolved: '2019-03-02T12:00:00Z' },
  { id: 'h-opened-at-end', reported: '2019-03-02T14:00:00Z' },
  { id: 'h-after', reported: '2019-03-02T15:00:00Z' },
];
const WINDOW = { from: '2019-03-02T12:00:00Z', to: '2019-03-02T14:00:00Z' };
const IN_WINDOW = [
  'h-inside',
  'h-opened-at-end',
  'h-resolved-at-start',
  'h-through',
  'h-through-closed-later',
];

/** The sensor's readings: one a minute for three hours, the last at 2019-03-02T23:59:00Z. */
const LAST_READING = at('2019-03-02T23:59:00Z');
const READINGS = Array.from({ length: 180 }, (_, i) => ({ ts: LAST_READING - (179 - i) * 60_000, value: i }));

describeEachTarget('time as the data has it', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  let root: string;

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    root = stack.topicRoot;
    pub = await connectPublisher(stack);
    for (const inc of INCIDENTS) {
      await publish(pub, topics.incidentEvents(root, 'fire'), {
        eventId: `${inc.id}-r`,
        incidentId: inc.id,
        type: 'reported',
        ts: at(inc.reported),
        category: 'structure_fire',
        severity: 3,
        lat: 37.7599,
        lon: -122.4148,
        title: `Historical ${inc.id}`,
      });
      for (const type of ['resolved', 'closed'] as const) {
        const ts = inc[type];
        if (ts) {
          await publish(pub, topics.incidentEvents(root, 'fire'), {
            eventId: `${inc.id}-${type}`,
            incidentId: inc.id,
            type,
            ts: at(ts),
          });
        }
      }
    }
    await publish(
      pub,
      topics.sensorMeta(root, 'hist-aq-1'),
      {
        name: 'Air 2019',
        kind: 'air_quality',
        department: 'environment',
        lat: 37.7599,
        lon: -122.4148,
        units: { pm25: 'µg/m³' },
      },
      true,
    );
    for (let i = 0; i < READINGS.length; i += 60) {
      await publish(
        pub,
        topics.gatewayData(root, 'hist-gw'),
        READINGS.slice(i, i + 60).map((r) => ({
          sensorId: 'hist-aq-1',
          ts: r.ts,
          values: { pm25: r.value },
        })),
      );
    }
    await eventually(async () => {
      const { body } = await getJson<IncidentList>(base, '/api/v1/incidents?status=all&limit=5000');
      const events = body.incidents.reduce((n, i) => n + i.eventCount, 0);
      return body.total === INCIDENTS.length && events === 11;
    });
    await eventually(async () => {
      const { status, body } = await getJson<{ lastSeen: number | null }>(base, '/api/v1/sensors/hist-aq-1');
      return status === 200 && body.lastSeen === LAST_READING;
    });
  });

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('returns the incidents open during a window, also those open through it without a change', async () => {
    const ids = async (query: string) => {
      const res = await getJson<IncidentList>(base, `/api/v1/incidents?status=all&limit=5000&${query}`);
      expect(res.status).toBe(200);
      return res.body.incidents.map((i) => i.incidentId).sort();
    };
    expect(await ids(`from=${WINDOW.from}&to=${WINDOW.to}`)).toEqual(IN_WINDOW);
    // One instant: what was open then.
    expect(await ids('from=2019-03-02T00:30:00Z&to=2019-03-02T00:30:00Z')).toEqual([
      'h-done-before',
      'h-through',
      'h-through-closed-later',
    ]);
    // The SQL and the domain's rule agree on every incident for assorted windows, open-ended ones included.
    const { body } = await getJson<IncidentList>(base, '/api/v1/incidents?status=all&limit=5000');
    const windows: { from?: string; to?: string }[] = [
      WINDOW,
      { from: '2019-03-02T01:00:00Z' },
      { to: '2019-03-01T20:00:00Z' },
      { from: '2019-03-02T13:00:00.001Z', to: '2019-03-02T13:30:00Z' },
      { from: '2019-03-04T00:00:00Z' },
      {},
    ];
    for (const w of windows) {
      const query = new URLSearchParams(w as Record<string, string>).toString();
      const expected = body.incidents
        .filter((i) =>
          openDuring(i, {
            from: w.from === undefined ? undefined : at(w.from),
            to: w.to === undefined ? undefined : at(w.to),
          }),
        )
        .map((i) => i.incidentId)
        .sort();
      expect({ w, ids: await ids(query) }).toEqual({ w, ids: expected });
    }
    // Polling for changes is a separate, named question.
    expect(await ids('updatedSince=2019-03-02T12:30:00Z')).toEqual([
      'h-after',
      'h-inside',
      'h-opened-at-end',
      'h-through-closed-later',
    ]);
  });

  it("defaults the readings window to the sensor's newest data and says so", async () => {
    const series = await eventually(async () => {
      const res = await getJson<{
        from: number;
        to: number;
        window: string;
        latestReadingAt: number | null;
        buckets: { bucket: number; avg: number; count: number }[];
      }>(base, '/api/v1/sensors/hist-aq-1/readings?metric=pm25');
      expect(res.status).toBe(200);
      return res.body.buckets.length === 60 ? res.body : null;
    });
    expect(series).toMatchObject({
      window: 'latest-reading',
      latestReadingAt: LAST_READING,
      from: LAST_READING + 60_000 - 3_600_000,
      to: LAST_READING + 60_000,
    });
    expect(series.buckets.at(-1)).toMatchObject({ bucket: LAST_READING, avg: 179, count: 1 });
    expect(series.buckets[0]).toMatchObject({ bucket: LAST_READING - 59 * 60_000, avg: 120 });
    // An explicit window is used as given; a metric without readings falls back to the wall clock's hour.
    const given = await getJson<{ window: string; buckets: unknown[] }>(
      base,
      `/api/v1/sensors/hist-aq-1/readings?metric=pm25&bucket=1&from=${READINGS[0]!.ts}&to=${READINGS[10]!.ts}`,
    );
    expect(given.body).toMatchObject({ window: 'requested' });
    expect(given.body.buckets).toHaveLength(10);
    const none = await getJson<{ window: string; latestReadingAt: null; buckets: unknown[] }>(
      base,
      '/api/v1/sensors/hist-aq-1/readings?metric=no2',
    );
    expect(none.body).toMatchObject({ window: 'now', latestReadingAt: null, buckets: [] });
  });

  it("reports the data's time from the store: 2019, historical", async () => {
    const { status, body } = await getJson<{
      now: number;
      dataTime: number | null;
      storedAt: number | null;
      historical: boolean;
      historicalAfterMs: number;
    }>(base, '/api/v1/clock');
    expect(status).toBe(200);
    // The newest time of the data: of the readings and the incident events, the latest (a closing on the 3rd).
    const newestEvent = Math.max(
      ...INCIDENTS.flatMap((i) => [i.reported, i.resolved, i.closed]).flatMap((t) => (t ? [at(t)] : [])),
    );
    expect(body.dataTime).toBe(Math.max(LAST_READING, newestEvent));
    expect(new Date(body.dataTime!).toISOString()).toBe('2019-03-03T09:00:00.000Z');
    expect(body.storedAt).toBeGreaterThan(at('2020-01-01T00:00:00Z'));
    expect(body).toMatchObject({ historical: true, historicalAfterMs: 3_600_000 });
  });

  it('pages through more dead letters than a page holds with the cursor, each once, and filters by reason', async () => {
    const broken = 23;
    const wrongType = 12;
    for (let i = 0; i < broken; i++)
      await publish(pub, topics.sensorData(root, `dlt-bad-${i}`), `{"broken": ${i}`);
    for (let i = 0; i < wrongType; i++)
      await publish(pub, topics.sensorData(root, `dlt-lvl-${i}`), {
        ts: LAST_READING,
        values: { level: 'high' },
      });
    const everything = await eventually(async () => {
      const { body } = await getJson<DeadLetterPage>(base, '/api/v1/dead-letters?limit=1000&topic=dlt-');
      return body.total === broken + wrongType ? body : null;
    });
    const walk = async (query: string) => {
      const seen: DeadLetterPage['items'] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const res: { status: number; body: DeadLetterPage } = await getJson<DeadLetterPage>(
          base,
          `/api/v1/dead-letters?limit=5&${query}${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(5);
        seen.push(...res.body.items);
        if (res.body.next === null) return { seen, pages: pages + 1, total: res.body.total };
        cursor = res.body.next;
      }
      throw new Error('the cursor never reached the last page');
    };

    const all = await walk('topic=dlt-');
    expect(all.pages).toBe(Math.ceil((broken + wrongType) / 5));
    const ids = all.seen.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(everything.items.map((d) => d.id));
    expect(all.total).toBe(broken + wrongType);

    const malformed = await walk(`reason=${encodeURIComponent('MALFORMED json')}`);
    expect(malformed.total).toBe(broken);
    expect(malformed.seen).toHaveLength(broken);
    expect(
      malformed.seen.every((d) => /^payload: malformed JSON/.test(d.reason) && d.topic.includes('dlt-bad-')),
    ).toBe(true);

    const typed = await walk(`reason=${encodeURIComponent('must be a number')}&topic=dlt-lvl`);
    expect(typed.seen.map((d) => d.topic).sort()).toEqual(
      Array.from({ length: wrongType }, (_, i) => topics.sensorData(root, `dlt-lvl-${i}`)).sort(),
    );
    // A LIKE wildcard in the filter is only itself.
    expect((await getJson<DeadLetterPage>(base, '/api/v1/dead-letters?reason=%25')).body.total).toBe(0);
  });
});
