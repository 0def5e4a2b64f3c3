/**
 * Where things are, end to end over real sockets: incidents and sensors published over MQTT inside two
 * San Francisco districts, outside the city, and without any position; then the stored district, cell and
 * outsideCity, the area counts API, /metrics, and the placement of rows stored before grid cells existed
 * (at the next start). Runs on the embedded stack, and on PostgreSQL + Mosquitto when DATABASE_URL /
 * MQTT_URL are set.
 */
import { gridCellId } from '@twin/city';
import type { CellCountsResponse, DistrictCountsResponse, IncidentView, SensorView } from '@twin/domain';
import { topics } from '@twin/domain';
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

/** Hand-checked against data/cities/sf/sf-neighborhoods.geojson (packages/city district-index tests). */
const MISSION = { lat: 37.76, lon: -122.415 };
const FINANCIAL = { lat: 37.7946, lon: -122.3999 };
/** The Pacific Ocean, west of Ocean Beach: in no district. */
const OCEAN = { lat: 37.75, lon: -122.55 };

describeEachTarget('areas', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  const t0 = Date.now() - 60_000;
  const window = `from=${t0 - 60_000}&to=${Date.now() + 60_000}`;

  const incident = async (id: string) =>
    (await getJson<{ incident: IncidentView }>(base, `/api/v1/incidents/${id}`)).body.incident;
  const sensors = async () => (await getJson<SensorView[]>(base, '/api/v1/sensors')).body;

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    pub = await connectPublisher(stack);
    const root = stack.topicRoot;
    const meta = (name: string, at: { lat: number; lon: number }) => ({
      name,
      kind: 'air_quality',
      department: 'environment',
      ...at,
      units: { pm25: 'µg/m³' },
    });
    await publish(pub, topics.sensorMeta(root, 'aq-mission'), meta('Mission air', MISSION));
    await publish(pub, topics.sensorMeta(root, 'aq-financial'), meta('Financial air', FINANCIAL));
    await publish(pub, topics.sensorMeta(root, 'aq-ocean'), meta('Buoy', OCEAN));
    const reported = (eventId: string, incidentId: string, at: { lat: number; lon: number }, ts = t0) => ({
      eventId,
      incidentId,
      type: 'reported',
      ts,
      category: 'structure_fire',
      severity: 3,
      title: incidentId,
      ...at,
    });
    await publish(pub, topics.incidentEvents(root, 'fire'), [
      reported('r-m1', 'm-1', MISSION),
      reported('r-out', 'out-1', OCEAN),
      // reported in the Mission, then moved to the Financial District by a later event
      reported('r-mv', 'mv-1', MISSION),
      { eventId: 'u-mv', incidentId: 'mv-1', type: 'updated', ts: t0 + 3000, ...FINANCIAL },
    ]);
    await publish(pub, topics.incidentEvents(root, 'ems'), [
      { ...reported('r-m2', 'm-2', MISSION, t0 + 1000), category: 'medical' },
      { eventId: 'x-m2', incidentId: 'm-2', type: 'resolved', ts: t0 + 2000 },
      // an incident whose report has not arrived: no position at all
      { eventId: 'a-nl', incidentId: 'nl-1', type: 'acknowledged', ts: t0 + 500 },
    ]);
    await publish(pub, topics.incidentEvents(root, 'police'), reported('r-f1', 'f-1', FINANCIAL));
    await eventually(async () => {
      const [all, moved] = await Promise.all([sensors(), incident('mv-1').catch(() => null)]);
      const { body } = await getJson<{ total: number }>(base, '/api/v1/incidents?status=all');
      return all.length === 3 && body.total === 6 && moved?.eventCount === 2;
    });
  });

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('stores every incident and sensor with its district, grid cell and outsideCity', async () => {
    expect(await incident('m-1')).toMatchObject({
      district: 'Mission',
      cell: gridCellId(MISSION.lon, MISSION.lat, 500),
      outsideCity: false,
    });
    // hand-checked in packages/city grid.test.ts
    expect((await incident('m-1')).cell).toBe('8406:-21548');
    expect(await incident('mv-1')).toMatchObject({
      district: 'Financial District',
      cell: gridCellId(FINANCIAL.lon, FINANCIAL.lat, 500),
      outsideCity: false,
    });
    expect(await incident('out-1')).toMatchObject({
      district: null,
      cell: gridCellId(OCEAN.lon, OCEAN.lat, 500),
      outsideCity: true,
    });
    // no position is not "outside"
    expect(await incident('nl-1')).toMatchObject({
      lat: null,
      district: null,
      cell: null,
      outsideCity: false,
    });

    const byId = new Map((await sensors()).map((s) => [s.sensorId, s]));
    expect(byId.get('aq-mission')).toMatchObject({ district: 'Mission', outsideCity: false });
    expect(byId.get('aq-financial')).toMatchObject({ district: 'Financial District', outsideCity: false });
    expect(byId.get('aq-ocean')).toMatchObject({
      district: null,
      cell: gridCellId(OCEAN.lon, OCEAN.lat, 500),
      outsideCity: true,
    });

    // the columns the counts read agree with the views
    const { rows } = await stack.runtime.pool.query<{
      incident_id: string;
      district: string | null;
      cell: string | null;
    }>(`select incident_id, district, cell from incidents order by incident_id`);
    for (const row of rows) {
      const view = await incident(row.incident_id);
      expect({ district: row.district, cell: row.cell }, row.incident_id).toEqual({
        district: view.district,
        cell: view.cell,
      });
    }
  });

  it('counts per district: opened in the window, open at its end, sensors; outside and unplaced apart', async () => {
    const { status, body } = await getJson<DistrictCountsResponse>(base, `/api/v1/areas/districts?${window}`);
    expect(status).toBe(200);
    expect(body.cellMeters).toBe(500);
    expect(body.districts).toHaveLength(37);
    const of = (name: string) => body.districts.find((d) => d.district === name);
    // m-1 open, m-2 resolved in the window
    expect(of('Mission')).toEqual({
      district: 'Mission',
      incidentsOpened: 2,
      incidentsOpenAtEnd: 1,
      sensors: 1,
    });
    // f-1 and the moved mv-1
    expect(of('Financial District')).toEqual({
      district: 'Financial District',
      incidentsOpened: 2,
      incidentsOpenAtEnd: 2,
      sensors: 1,
    });
    expect(of('Marina')).toEqual({
      district: 'Marina',
      incidentsOpened: 0,
      incidentsOpenAtEnd: 0,
      sensors: 0,
    });
    expect(body.outsideCity).toEqual({ incidentsOpened: 1, incidentsOpenAtEnd: 1, sensors: 1 });
    expect(body.withoutLocation).toEqual({ incidentsOpened: 1, incidentsOpenAtEnd: 1, sensors: 0 });

    // m-2 was resolved at t0 + 2000: still open in the last instant of [from, t0 + 2000), not after
    const atResolve = async (to: number) =>
      (
        await getJson<DistrictCountsResponse>(base, `/api/v1/areas/districts?from=${t0 - 60_000}&to=${to}`)
      ).body.districts.find((d) => d.district === 'Mission');
    expect(await atResolve(t0 + 2000)).toMatchObject({ incidentsOpened: 2, incidentsOpenAtEnd: 2 });
    expect(await atResolve(t0 + 2001)).toMatchObject({ incidentsOpened: 2, incidentsOpenAtEnd: 1 });
    // m-2 was opened at t0 + 1000: a window ending there has only m-1
    expect(await atResolve(t0 + 1000)).toMatchObject({ incidentsOpened: 1, incidentsOpenAtEnd: 1 });

    // a window before everything counts no incidents, but the sensors (not windowed)
    const earlier = await getJson<DistrictCountsResponse>(
      base,
      `/api/v1/areas/districts?from=${t0 - 120_000}&to=${t0 - 60_000}`,
    );
    expect(earlier.body.districts.find((d) => d.district === 'Mission')).toEqual({
      district: 'Mission',
      incidentsOpened: 0,
      incidentsOpenAtEnd: 0,
      sensors: 1,
    });

    // department: owner or assisting for incidents, the department's own sensors
    const fire = await getJson<DistrictCountsResponse>(
      base,
      `/api/v1/areas/districts?${window}&department=fire`,
    );
    expect(fire.body.districts.find((d) => d.district === 'Mission')).toEqual({
      district: 'Mission',
      incidentsOpened: 1,
      incidentsOpenAtEnd: 1,
      sensors: 0,
    });
    expect(fire.body.outsideCity.incidentsOpened).toBe(1);
    const medical = await getJson<DistrictCountsResponse>(
      base,
      `/api/v1/areas/districts?${window}&category=medical`,
    );
    expect(medical.body.districts.find((d) => d.district === 'Mission')).toMatchObject({
      incidentsOpened: 1,
      incidentsOpenAtEnd: 0,
    });
    expect(medical.body.outsideCity.incidentsOpened).toBe(0);
  });

  it('counts per (district, cell) with bounds, and each district is exactly the sum of its cells', async () => {
    const districts = (await getJson<DistrictCountsResponse>(base, `/api/v1/areas/districts?${window}`)).body;
    const { status, body } = await getJson<CellCountsResponse>(base, `/api/v1/areas/cells?${window}`);
    expect(status).toBe(200);
    expect(body.district).toBeNull();
    for (const d of districts.districts) {
      const cells = body.cells.filter((c) => c.district === d.district);
      const sum = (k: 'incidentsOpened' | 'incidentsOpenAtEnd' | 'sensors') =>
        cells.reduce((n, c) => n + c[k], 0);
      expect(
        {
          incidentsOpened: sum('incidentsOpened'),
          incidentsOpenAtEnd: sum('incidentsOpenAtEnd'),
          sensors: sum('sensors'),
        },
        d.district,
      ).toEqual({
        incidentsOpened: d.incidentsOpened,
        incidentsOpenAtEnd: d.incidentsOpenAtEnd,
        sensors: d.sensors,
      });
    }
    const outside = body.cells.filter((c) => c.district === null);
    expect(outside).toEqual([
      expect.objectContaining({
        cell: gridCellId(OCEAN.lon, OCEAN.lat, 500),
        incidentsOpened: 1,
        sensors: 1,
      }),
    ]);
    const [w, s, e, n] = outside[0]!.bounds;
    expect(OCEAN.lon >= w && OCEAN.lon < e && OCEAN.lat >= s && OCEAN.lat < n).toBe(true);

    const mission = await getJson<CellCountsResponse>(base, `/api/v1/areas/cells?${window}&district=Mission`);
    expect(mission.body.district).toBe('Mission');
    expect(mission.body.cells).toEqual([
      {
        district: 'Mission',
        cell: '8406:-21548',
        bounds: expect.any(Array),
        incidentsOpened: 2,
        incidentsOpenAtEnd: 1,
        sensors: 1,
      },
    ]);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/areas/districts?from=yesterday', /from/],
      [`/api/v1/areas/districts?from=${Date.now()}&to=${t0}`, /from must not be after to/],
      ['/api/v1/areas/districts?form=1', /unknown parameter "form"/],
      [`/api/v1/areas/cells?${window}&district=Atlantis`, /district must be one of the city's districts/],
      [`/api/v1/areas/cells?${window}&department=${'x'.repeat(41)}`, /department/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await getJson<{ message: string }>(base, path);
      expect(status, path).toBe(400);
      expect(body.message, path).toMatch(message);
    }
  });

  it('counts what was placed outside the city on /metrics, and the open incidents outside from the store', async () => {
    const scrape = async () => (await fetch(`${base}/metrics`)).text();
    // NOTE: the store's gauges are at most STORE_GAUGES_MAX_AGE_MS old when scraped.
    await expect.poll(scrape, { timeout: 10_000 }).toMatch(/^twin_open_incidents_outside_city 1$/m);
    const metrics = await scrape();
    expect(metrics).toMatch(/^twin_placed_outside_city_total\{kind="incident"\} 1$/m);
    expect(metrics).toMatch(/^twin_placed_outside_city_total\{kind="sensor"\} 1$/m);
  });

  it('places rows stored before grid cells existed at the next start', async () => {
    // As migration 6 finds them: no cell in the columns nor in the stored views, no placement recorded.
    await stack.runtime.pool.query(
      `update incidents set cell = null, state = state - 'cell' - 'outsideCity'`,
    );
    await stack.runtime.pool.query('update sensors set cell = null');
    await stack.runtime.pool.query('delete from placement_basis');
    await stack.stop();
    const again = await startStack(target, {
      dataDir: stack.dataDir,
      topicRoot: stack.topicRoot,
      ...(stack.config.databaseUrl ? { databaseUrl: stack.config.databaseUrl } : {}),
    });
    try {
      const url = again.runtime.url;
      const view = async (id: string) =>
        (await getJson<{ incident: IncidentView }>(url, `/api/v1/incidents/${id}`)).body.incident;
      expect(await view('m-1')).toMatchObject({
        district: 'Mission',
        cell: '8406:-21548',
        outsideCity: false,
      });
      expect(await view('out-1')).toMatchObject({ district: null, outsideCity: true });
      expect(await view('nl-1')).toMatchObject({ cell: null, outsideCity: false });
      const all = (await getJson<SensorView[]>(url, '/api/v1/sensors')).body;
      expect(all.find((s) => s.sensorId === 'aq-ocean')).toMatchObject({
        cell: gridCellId(OCEAN.lon, OCEAN.lat, 500),
        outsideCity: true,
      });
      const { rows } = await again.runtime.pool.query<{ n: number }>(
        'select count(*)::int as n from incidents where lat is not null and cell is null',
      );
      expect(rows[0]!.n).toBe(0);
      const cells = await getJson<CellCountsResponse>(url, `/api/v1/areas/cells?${window}&district=Mission`);
      expect(cells.body.cells.map((c) => c.cell)).toEqual(['8406:-21548']);
    } finally {
      await again.stop();
    }
  });
});
