/**
 * The routes answer through fast-json-stringify, which writes only what a response schema lists and coerces
 * it to the listed type. These tests send full values of every view through Fastify's own serializer with
 * the very schemas the routes use, and expect them back unchanged: a field the schema misses, or types that
 * disagree, would show up here instead of silently vanishing from the API.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import {
  type CellCountsResponse,
  CellCountsResponseSchema,
  CellCountsSchema,
  type DataClock,
  DataClockSchema,
  DeadLetterItemSchema,
  type DeadLetterPage,
  DeadLetterPageSchema,
  type Department,
  DepartmentSchema,
  type DistrictCountsResponse,
  DistrictCountsResponseSchema,
  type IncidentDetail,
  IncidentDetailSchema,
  type IncidentEvent,
  IncidentEventSchema,
  type IncidentView,
  IncidentViewSchema,
  type KpiBoard,
  KpiBoardSchema,
  type ReadingBucket,
  ReadingBucketSchema,
  type ReadingSeries,
  ReadingSeriesSchema,
  type SensorView,
  SensorViewSchema,
  type StorageState,
  StorageStateSchema,
  type UnitBoard,
  UnitBoardSchema,
  UnitViewSchema,
  unlistedDepartment,
} from '@twin/domain';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

async function roundTrip(schema: TSchema, value: unknown): Promise<unknown> {
  const app = Fastify();
  app.get('/', { schema: { response: { 200: schema } } }, async () => value);
  try {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    return res.json();
  } finally {
    await app.close();
  }
}

/** Every property the schema lists is present in the value and the other way round. */
function expectAllFields(schema: TSchema & { properties: Record<string, unknown> }, value: object) {
  expect(Object.keys(value).sort()).toEqual(Object.keys(schema.properties).sort());
}

const incident: IncidentView = {
  incidentId: 'fire-2020-0001',
  status: 'on_scene',
  department: 'fire',
  reportedBy: 'ems',
  category: 'Structure Fire',
  categoryKey: 'structure-fire',
  severity: 4,
  title: 'Kitchen fire, 3rd floor',
  lat: 37.7793,
  lon: -122.4193,
  units: [
    {
      unit: 'E1',
      department: 'fire',
      dispatchedAt: 1_700_000_060_000,
      onSceneAt: 1_700_000_300_000,
      status: 'on_scene',
      statusAt: 1_700_000_300_000,
    },
    {
      unit: 'M7',
      department: 'ems',
      dispatchedAt: 1_700_000_120_000,
      onSceneAt: null,
      status: 'transporting',
      statusAt: 1_700_000_400_000,
    },
  ],
  assisting: ['police', 'ems'],
  handoffs: 1,
  pendingHandover: { from: 'fire', to: 'public-works', at: 1_700_000_200_000 },
  awaitingAck: false,
  openedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_300_000,
  acknowledgedAt: 1_700_000_030_000,
  resolvedAt: null,
  closedAt: null,
  lastEventType: 'on_scene',
  lastEventActor: 'j.doe',
  eventCount: 7,
  awaitingReport: false,
  source: 'department',
  district: 'Tenderloin',
  cell: '8404:-21564',
  outsideCity: false,
};

const unplaced: IncidentView = {
  ...incident,
  status: 'closed',
  lat: null,
  lon: null,
  units: [],
  assisting: [],
  acknowledgedAt: null,
  resolvedAt: 1_700_000_900_000,
  closedAt: 1_700_001_000_000,
  lastEventType: 'closed',
  awaitingReport: true,
  category: null,
  categoryKey: null,
  title: null,
  district: null,
  cell: null,
  outsideCity: false,
};

const event: Required<IncidentEvent> = {
  eventId: 'evt-1',
  incidentId: incident.incidentId,
  type: 'handed_off',
  ts: 1_700_000_100_000,
  department: 'ems',
  actor: 'dispatcher 12',
  note: 'line 1\nline 2 <b>not markup</b>',
  category: 'structure_fire',
  severity: 4,
  lat: 37.7793,
  lon: -122.4193,
  title: 'Kitchen fire',
  unit: 'E1',
  toDepartment: 'fire',
  unitStatus: 'at_hospital',
};

const sensor: SensorView = {
  sensorId: 'aq-0001',
  name: 'Air quality, Civic Center',
  kind: 'air_quality',
  department: 'environment',
  lat: 37.7793,
  lon: -122.4193,
  district: 'Civic Center',
  cell: '8404:-21564',
  outsideCity: false,
  units: { pm25: 'µg/m³', 'pm2.5': 'µg/m³', no2: 'ppb' },
  intervalS: 5,
  simulated: true,
  status: 'online',
  statusAt: 1_699_999_000_000,
  lastSeen: 1_700_000_005_000,
  latest: { pm25: { value: 12.5, ts: 1_700_000_005_000 }, no2: { value: -0.25, ts: 1_700_000_004_000 } },
};

describe('HTTP response schemas are the domain view schemas and lose nothing', () => {
  it('(the hazard) a schema that misses a field drops it from the answer', async () => {
    const narrow = Type.Object({ incidentId: Type.String() });
    expect(await roundTrip(narrow, { incidentId: 'a', severity: 3 })).toEqual({ incidentId: 'a' });
  });

  it('lists every field of an incident view', () => {
    expectAllFields(IncidentViewSchema, incident);
    expectAllFields(IncidentEventSchema, event);
    expectAllFields(SensorViewSchema, sensor);
  });

  it('round-trips a full IncidentView, and one without place, units or district', async () => {
    expect(await roundTrip(IncidentViewSchema, incident)).toEqual(incident);
    expect(await roundTrip(IncidentViewSchema, unplaced)).toEqual(unplaced);
  });

  it('round-trips an IncidentDetail whose timeline has events with every optional field and none', async () => {
    const minimal: IncidentEvent = {
      eventId: 'evt-2',
      incidentId: 'x',
      type: 'comment',
      ts: 1,
      department: 'fire',
    };
    const detail: IncidentDetail = { incident, timeline: [event, minimal] };
    expect(await roundTrip(IncidentDetailSchema, detail)).toEqual(detail);
  });

  it('round-trips a full SensorView, and one never heard from', async () => {
    expect(await roundTrip(SensorViewSchema, sensor)).toEqual(sensor);
    const silent: SensorView = {
      ...sensor,
      district: null,
      outsideCity: true,
      units: {},
      intervalS: null,
      simulated: false,
      status: 'unknown',
      lastSeen: null,
      latest: {},
    };
    expect(await roundTrip(SensorViewSchema, silent)).toEqual(silent);
  });

  it('round-trips the area counts: districts with outside and unplaced, cells with bounds', async () => {
    const counts = { incidentsOpened: 3, incidentsOpenAtEnd: 2, sensors: 5 };
    const districts: DistrictCountsResponse = {
      from: 1_700_000_000_000,
      to: 1_700_086_400_000,
      cellMeters: 500,
      districts: [{ district: 'Mission', ...counts }],
      outsideCity: { incidentsOpened: 1, incidentsOpenAtEnd: 1, sensors: 0 },
      withoutLocation: { incidentsOpened: 0, incidentsOpenAtEnd: 4, sensors: 0 },
    };
    expectAllFields(DistrictCountsResponseSchema, districts);
    expect(await roundTrip(DistrictCountsResponseSchema, districts)).toEqual(districts);
    const cells: CellCountsResponse = {
      from: 1,
      to: 2,
      cellMeters: 500,
      district: null,
      cells: [
        { district: 'Mission', cell: '8406:-21548', bounds: [-122.42, 37.757, -122.414, 37.762], ...counts },
        { district: null, cell: '8500:-21000', bounds: [-119.3, 38.18, -119.29, 38.19], ...counts },
      ],
    };
    expectAllFields(CellCountsResponseSchema, cells);
    expectAllFields(CellCountsSchema, cells.cells[0]!);
    expect(await roundTrip(CellCountsResponseSchema, cells)).toEqual(cells);
  });

  it('round-trips departments, reading buckets and the storage state', async () => {
    const departments: Department[] = [
      { id: 'fire', name: 'Fire', shortName: 'Fire', icon: 'fire', color: [255, 82, 56], listed: true },
      unlistedDepartment('parks'),
    ];
    expect(await roundTrip(Type.Array(DepartmentSchema), departments)).toEqual(departments);
    const buckets: ReadingBucket[] = [
      { bucket: 1_700_000_000_000, avg: 12.25, min: -1.5, max: 30, count: 12 },
    ];
    expect(await roundTrip(Type.Array(ReadingBucketSchema), buckets)).toEqual(buckets);
    const failing: StorageState = { ok: false, reason: 'No space left on device', since: 1_700_000_000_000 };
    expect(await roundTrip(StorageStateSchema, failing)).toEqual(failing);
    const ok: StorageState = { ok: true, reason: null, since: null };
    expect(await roundTrip(StorageStateSchema, ok)).toEqual(ok);
  });

  it('round-trips a reading series with the window it used, and the data clock', async () => {
    const series: ReadingSeries = {
      sensorId: 'aq-0001',
      metric: 'pm25',
      bucketS: 60,
      from: 1_551_567_600_000,
      to: 1_551_571_200_000,
      window: 'latest-reading',
      latestReadingAt: 1_551_571_140_000,
      buckets: [{ bucket: 1_551_571_140_000, avg: 12.25, min: -1.5, max: 30, count: 12 }],
    };
    expectAllFields(ReadingSeriesSchema, series);
    expect(await roundTrip(ReadingSeriesSchema, series)).toEqual(series);
    const none: ReadingSeries = { ...series, window: 'now', latestReadingAt: null, buckets: [] };
    expect(await roundTrip(ReadingSeriesSchema, none)).toEqual(none);
    const clock: DataClock = {
      now: 1_800_000_000_000,
      dataTime: 1_551_571_140_000,
      storedAt: 1_799_999_000_000,
      historical: true,
      historicalAfterMs: 3_600_000,
    };
    expectAllFields(DataClockSchema, clock);
    expect(await roundTrip(DataClockSchema, clock)).toEqual(clock);
    const empty: DataClock = { ...clock, dataTime: null, storedAt: null, historical: false };
    expect(await roundTrip(DataClockSchema, empty)).toEqual(empty);
  });

  it('round-trips a page of dead letters, and the last page', async () => {
    const page: DeadLetterPage = {
      total: 2,
      next: '1700000000000123.42',
      items: [
        {
          id: 42,
          receivedAt: 1_700_000_000_000,
          topic: 'city/v1/sensors/aq-1/data',
          reason: 'values.pm25: must be a number (got a string)',
          payload: '{"ts":1,"values":{"pm25":"x"}}',
          payloadBytes: 31,
        },
      ],
    };
    expectAllFields(DeadLetterPageSchema, page);
    expectAllFields(DeadLetterItemSchema, page.items[0]!);
    expect(await roundTrip(DeadLetterPageSchema, page)).toEqual(page);
    const last: DeadLetterPage = { ...page, next: null };
    expect(await roundTrip(DeadLetterPageSchema, last)).toEqual(last);
  });

  it('round-trips the KPI board, with and without figures and targets', async () => {
    const measured = { count: 41, medianS: 95.5, p90S: 301.25, targetS: 240, overTarget: true };
    const none = { count: 0, medianS: null, p90S: null, targetS: null, overTarget: false };
    const board: KpiBoard = {
      at: 1_586_300_000_000,
      windowS: 86_400,
      departments: [
        {
          department: 'fire',
          open: 12,
          newLastHour: 3,
          critical: 1,
          high: 4,
          awaitingAck: 2,
          assisting: 1,
          handoversWaiting: 0,
          responseTimes: {
            acknowledge: measured,
            dispatch: { ...measured, overTarget: false },
            onScene: none,
          },
        },
      ],
    };
    expectAllFields(KpiBoardSchema, board);
    expect(await roundTrip(KpiBoardSchema, board)).toEqual(board);
  });

  it('round-trips the unit board: a unit on an incident, and a free one without place', async () => {
    const board: UnitBoard = {
      at: 1_586_300_000_000,
      units: [
        {
          unit: 'E32',
          department: 'fire',
          status: 'on_scene',
          since: 1_586_299_000_000,
          incidentId: 'fire-1',
          lat: 37.73,
          lon: -122.43,
          sourceIncidentId: 'fire-1',
          reportedAt: 1_586_299_000_000,
        },
        {
          unit: 'M85',
          department: 'ems',
          status: 'available',
          since: 1_586_299_500_000,
          incidentId: null,
          lat: null,
          lon: null,
          sourceIncidentId: 'ems-4',
          reportedAt: 1_586_299_400_000,
        },
      ],
    };
    expectAllFields(UnitBoardSchema, board);
    expectAllFields(UnitViewSchema, board.units[0]!);
    expect(await roundTrip(UnitBoardSchema, board)).toEqual(board);
  });
});
