/**
 * The wall's boards over real sockets (embedded stack, and PostgreSQL + a real broker when DATABASE_URL /
 * MQTT_URL are set): incident events of 2019 published over MQTT, then GET /api/v1/kpis and /api/v1/units.
 * Medians and 90th percentiles are computed here, independently of the SQL, from the delays the test chose;
 * incidents opened just outside the window carry huge delays, so counting them would show.
 */
import { type IncidentEvent, type KpiBoard, topics, type UnitBoard } from '@twin/domain';
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

/** The newest event of the store: the data clock of this historical feed, and so the boards' `at`. */
const AT = Date.UTC(2019, 2, 2, 18, 0, 0);
const HOUR = 3_600_000;
const S = 1000;
type Wire = Omit<IncidentEvent, 'department'>;

/** What the test decided for one fire or EMS incident (seconds after its report). */
interface Timed {
  id: string;
  department: 'fire' | 'ems';
  openedAt: number;
  ackS: number;
  /** Units: dispatched and (maybe) on scene, seconds after the report. */
  units: { unit: string; dispatchS: number; onSceneS: number | null }[];
}

function timedIncidents(): Timed[] {
  const list: Timed[] = [];
  for (let i = 0; i < 15; i++) {
    const ackS = 30 + 17 * i;
    const dispatchS = ackS + 20 + 5 * i;
    const units: Timed['units'] = [{ unit: `E${i}`, dispatchS, onSceneS: dispatchS + 100 + 25 * i }];
    // Every third call has a second unit, sent later but there first: the first on scene is the second unit.
    if (i % 3 === 0)
      units.push({ unit: `T${i}`, dispatchS: dispatchS + 30, onSceneS: dispatchS + 90 + 25 * i });
    // One was never reached (cancelled en route): timed for acknowledge and dispatch only.
    if (i === 7) units[0]!.onSceneS = null;
    list.push({ id: `kf-${i}`, department: 'fire', openedAt: AT - (i + 1) * 50 * 60 * S, ackS, units });
  }
  for (let i = 0; i < 6; i++) {
    const ackS = 20 + 4 * i;
    list.push({
      id: `ke-${i}`,
      department: 'ems',
      openedAt: AT - (i * 3 + 2) * HOUR,
      ackS,
      units: [{ unit: `M${i}`, dispatchS: ackS + 10, onSceneS: ackS + 200 + 10 * i }],
    });
  }
  return list;
}

/** Opened outside a 24-hour window (at its start, exactly, and before), with delays no target allows. */
const OUTSIDE: Timed[] = [
  {
    id: 'kf-edge',
    department: 'fire',
    openedAt: AT - 24 * HOUR,
    ackS: 9000,
    units: [{ unit: 'X1', dispatchS: 9500, onSceneS: 9900 }],
  },
  {
    id: 'kf-old',
    department: 'fire',
    openedAt: AT - 30 * HOUR,
    ackS: 8000,
    units: [{ unit: 'X2', dispatchS: 8500, onSceneS: 8900 }],
  },
];
/** Just inside: opened one second after the window's start. */
const JUST_INSIDE: Timed = {
  id: 'kf-inside',
  department: 'fire',
  openedAt: AT - 24 * HOUR + S,
  ackS: 100,
  units: [{ unit: 'E99', dispatchS: 150, onSceneS: 400 }],
};

/** percentile_cont: linear interpolation between the ranks around p·(n−1). */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function expectedTimes(incidents: Timed[]) {
  const measure = (pick: (t: Timed) => number | null) => {
    const values = incidents.map(pick).filter((v): v is number => v !== null);
    return { count: values.length, medianS: percentile(values, 0.5), p90S: percentile(values, 0.9) };
  };
  const first = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : Math.min(...known);
  };
  return {
    acknowledge: measure((t) => t.ackS),
    dispatch: measure((t) => first(t.units.map((u) => u.dispatchS))),
    onScene: measure((t) => first(t.units.map((u) => u.onSceneS))),
  };
}

function eventsOf(t: Timed): Wire[] {
  const at = (s: number) => t.openedAt + s * S;
  const events: Wire[] = [
    {
      eventId: `${t.id}-r`,
      incidentId: t.id,
      type: 'reported',
      ts: t.openedAt,
      category: 'Structure Fire',
      severity: 3,
      lat: 37.76,
      lon: -122.42,
      title: t.id,
    },
    { eventId: `${t.id}-a`, incidentId: t.id, type: 'acknowledged', ts: at(t.ackS) },
  ];
  for (const u of t.units) {
    events.push({
      eventId: `${t.id}-d-${u.unit}`,
      incidentId: t.id,
      type: 'dispatched',
      ts: at(u.dispatchS),
      unit: u.unit,
    });
    if (u.onSceneS !== null)
      events.push({
        eventId: `${t.id}-o-${u.unit}`,
        incidentId: t.id,
        type: 'on_scene',
        ts: at(u.onSceneS),
        unit: u.unit,
      });
  }
  return events;
}

const report = (id: string, ts: number, severity: number, extra: Partial<Wire> = {}): Wire => ({
  eventId: `${id}-r`,
  incidentId: id,
  type: 'reported',
  ts,
  category: 'Noise',
  severity,
  lat: 37.77,
  lon: -122.41,
  title: id,
  ...extra,
});

/** Police's open incidents, for the counts. */
const POLICE: Wire[] = [
  report('kp-crit', AT - 30 * 60 * S, 5),
  report('kp-high', AT - 2 * HOUR, 4),
  { eventId: 'kp-high-a', incidentId: 'kp-high', type: 'acknowledged', ts: AT - 2 * HOUR + 60 * S },
  report('kp-low', AT - 3 * HOUR, 2),
  report('kp-done', AT - 20 * 60 * S, 5),
  { eventId: 'kp-done-res', incidentId: 'kp-done', type: 'resolved', ts: AT - 10 * 60 * S },
];

/**
 * Units: a unit freed by its incident's end, one moved on, one transporting, one out of service. Published by
 * departments whose response times the test does not check, so these incidents leave fire's and EMS's alone.
 */
const UNIT_STORY: { department: string; events: Wire[] }[] = [
  {
    department: 'transport',
    events: [
      report('ku-a', AT - 5 * HOUR, 3, { lat: 37.71, lon: -122.44 }),
      {
        eventId: 'ku-a-d1',
        incidentId: 'ku-a',
        type: 'dispatched',
        ts: AT - 5 * HOUR + 60 * S,
        unit: 'U-FREED',
      },
      {
        eventId: 'ku-a-o1',
        incidentId: 'ku-a',
        type: 'on_scene',
        ts: AT - 5 * HOUR + 300 * S,
        unit: 'U-FREED',
      },
      {
        eventId: 'ku-a-d2',
        incidentId: 'ku-a',
        type: 'dispatched',
        ts: AT - 5 * HOUR + 60 * S,
        unit: 'U-MOVED',
      },
      { eventId: 'ku-a-res', incidentId: 'ku-a', type: 'resolved', ts: AT - 4 * HOUR },
      report('ku-b', AT - 4.5 * HOUR, 3, { lat: 37.72, lon: -122.45 }),
      { eventId: 'ku-b-d', incidentId: 'ku-b', type: 'dispatched', ts: AT - 4.5 * HOUR, unit: 'U-MOVED' },
      {
        eventId: 'ku-b-oos',
        incidentId: 'ku-b',
        type: 'unit_status',
        ts: AT - 4.4 * HOUR,
        unit: 'U-OOS',
        unitStatus: 'dispatched',
      },
      {
        eventId: 'ku-b-oos2',
        incidentId: 'ku-b',
        type: 'unit_status',
        ts: AT - 4.3 * HOUR,
        unit: 'U-OOS',
        unitStatus: 'out_of_service',
      },
    ],
  },
  {
    department: 'environment',
    events: [
      report('ku-c', AT - 3 * HOUR, 4, { lat: 37.73, lon: -122.46 }),
      {
        eventId: 'ku-c-d',
        incidentId: 'ku-c',
        type: 'dispatched',
        ts: AT - 3 * HOUR + 60 * S,
        unit: 'M-TRANS',
      },
      {
        eventId: 'ku-c-o',
        incidentId: 'ku-c',
        type: 'on_scene',
        ts: AT - 3 * HOUR + 400 * S,
        unit: 'M-TRANS',
      },
      {
        eventId: 'ku-c-t',
        incidentId: 'ku-c',
        type: 'unit_status',
        ts: AT - 3 * HOUR + 900 * S,
        unit: 'M-TRANS',
        unitStatus: 'transporting',
      },
      { eventId: 'ku-c-res', incidentId: 'ku-c', type: 'resolved', ts: AT - 3 * HOUR + 800 * S },
    ],
  },
];

describeEachTarget('the wall boards: KPIs and units', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  const timed = timedIncidents();
  const fireInWindow = [...timed.filter((t) => t.department === 'fire'), JUST_INSIDE];

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    pub = await connectPublisher(stack);
    const root = stack.topicRoot;
    for (const t of [...timed, ...OUTSIDE, JUST_INSIDE])
      await publish(pub, topics.incidentEvents(root, t.department), eventsOf(t));
    // Fire asks police to assist one of its calls (open): police's `assisting` count.
    await publish(pub, topics.incidentEvents(root, 'fire'), {
      eventId: 'kf-0-assist',
      incidentId: 'kf-0',
      type: 'assist_requested',
      ts: AT - 60 * S,
      toDepartment: 'police',
    });
    await publish(pub, topics.incidentEvents(root, 'police'), POLICE);
    for (const story of UNIT_STORY)
      await publish(pub, topics.incidentEvents(root, story.department), story.events);
    // An unlisted department comes after the pack's; its comment at AT is the store's newest event.
    await publish(pub, topics.incidentEvents(root, 'rangers'), [
      report('kr-1', AT - 10 * HOUR, 1),
      { eventId: 'kr-1-c', incidentId: 'kr-1', type: 'comment', ts: AT, note: 'the clock' },
    ]);
    await eventually(async () => {
      const { body } = await getJson<KpiBoard>(base, '/api/v1/kpis');
      const fire = body.departments?.find((d) => d.department === 'fire');
      const rangers = body.departments?.find((d) => d.department === 'rangers');
      return (
        fire?.responseTimes.acknowledge.count === fireInWindow.length && rangers?.open === 1 && body.at === AT
      );
    });
  }, 120_000);

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('answers every registered department in pack order, then unlisted ones, as of the data clock', async () => {
    const { status, body } = await getJson<KpiBoard>(base, '/api/v1/kpis');
    expect(status).toBe(200);
    expect(body.at).toBe(AT);
    expect(body.windowS).toBe(24 * 3600);
    expect(body.departments.map((d) => d.department)).toEqual([
      'fire',
      'ems',
      'police',
      'public-works',
      'transport',
      'environment',
      'water',
      'rangers',
    ]);
    const water = body.departments.find((d) => d.department === 'water')!;
    expect(water).toMatchObject({
      open: 0,
      newLastHour: 0,
      critical: 0,
      awaitingAck: 0,
      handoversWaiting: 0,
    });
    expect(water.responseTimes.onScene).toEqual({
      count: 0,
      medianS: null,
      p90S: null,
      targetS: 7200,
      overTarget: false,
    });
  });

  it('gives medians and 90th percentiles of the incidents opened in the window, with targets and flags', async () => {
    const { body } = await getJson<KpiBoard>(base, '/api/v1/kpis');
    const byDept = new Map(body.departments.map((d) => [d.department, d]));
    const cases = [
      {
        department: 'fire',
        incidents: fireInWindow,
        targets: { acknowledge: 180, dispatch: 180, onScene: 480 },
      },
      {
        department: 'ems',
        incidents: timed.filter((t) => t.department === 'ems'),
        targets: { acknowledge: 180, dispatch: 240, onScene: 900 },
      },
    ];
    for (const c of cases) {
      const expected = expectedTimes(c.incidents);
      const got = byDept.get(c.department)!.responseTimes;
      for (const m of ['acknowledge', 'dispatch', 'onScene'] as const) {
        const label = `${c.department} ${m}`;
        expect(got[m].count, label).toBe(expected[m].count);
        expect(got[m].medianS, label).toBeCloseTo(expected[m].medianS!, 6);
        expect(got[m].p90S, label).toBeCloseTo(expected[m].p90S!, 6);
        expect(got[m].targetS, label).toBe(c.targets[m]);
        expect(got[m].overTarget, label).toBe(expected[m].p90S! > c.targets[m]);
      }
    }
    // The data was chosen so both flags show: fire over its on-scene target, EMS within all of its.
    expect(byDept.get('fire')!.responseTimes.onScene.overTarget).toBe(true);
    expect(byDept.get('fire')!.responseTimes.acknowledge.overTarget).toBe(true);
    expect(Object.values(byDept.get('ems')!.responseTimes).some((r) => r.overTarget)).toBe(false);
    // The call never reached is timed for dispatch but not on scene.
    expect(byDept.get('fire')!.responseTimes.onScene.count).toBe(fireInWindow.length - 1);
  });

  it("moves with the window: an hour holds only the last hour's reports, a week the old ones too", async () => {
    const hour = await getJson<KpiBoard>(base, '/api/v1/kpis?windowH=1');
    expect(hour.body.windowS).toBe(3600);
    const fire = hour.body.departments.find((d) => d.department === 'fire')!;
    const lastHour = fireInWindow.filter((t) => t.openedAt > AT - HOUR);
    expect(lastHour.length).toBeGreaterThan(0);
    expect(fire.responseTimes.acknowledge.count).toBe(lastHour.length);
    expect(fire.responseTimes.acknowledge.p90S).toBeCloseTo(expectedTimes(lastHour).acknowledge.p90S!, 6);

    const week = await getJson<KpiBoard>(base, '/api/v1/kpis?windowH=168');
    const all = [...fireInWindow, ...OUTSIDE];
    const weekFire = week.body.departments.find((d) => d.department === 'fire')!;
    expect(weekFire.responseTimes.acknowledge.count).toBe(all.length);
    expect(weekFire.responseTimes.acknowledge.p90S).toBeCloseTo(expectedTimes(all).acknowledge.p90S!, 6);
  });

  it('counts open, new in the last hour, critical, high, awaiting acknowledgement and assisting', async () => {
    const { body } = await getJson<KpiBoard>(base, '/api/v1/kpis');
    const police = body.departments.find((d) => d.department === 'police')!;
    // kp-done is resolved: not open, but opened 20 minutes ago it is new in the last hour.
    expect(police).toMatchObject({
      open: 3,
      newLastHour: 2,
      critical: 1,
      high: 2,
      awaitingAck: 2,
      assisting: 1,
      handoversWaiting: 0,
    });
    const fire = body.departments.find((d) => d.department === 'fire')!;
    // Fire's calls stay open (none resolved), every one acknowledged.
    expect(fire.open).toBe(fireInWindow.length + OUTSIDE.length);
    expect(fire.awaitingAck).toBe(0);
    expect(fire.newLastHour).toBe(fireInWindow.filter((t) => t.openedAt > AT - HOUR).length);
  });

  it('refuses a bad window in plain words', async () => {
    for (const [query, message] of [
      ['windowH=0', /windowH must be >= 1/],
      ['windowH=169', /windowH must be <= 168/],
      ['windowH=two', /windowH must be integer/],
      ['windowH=1.5', /windowH must be integer/],
      ['window=24', /unknown parameter "window"/],
    ] as const) {
      const { status, body } = await getJson<{ error: string; message: string }>(
        base,
        `/api/v1/kpis?${query}`,
      );
      expect(status, query).toBe(400);
      expect(body.error).toBe('Bad Request');
      expect(body.message, query).toMatch(message);
    }
  });

  it('shows every unit with its latest status, the incident it is on and where that is', async () => {
    const { status, body } = await getJson<UnitBoard>(base, '/api/v1/units');
    expect(status).toBe(200);
    expect(body.at).toBe(AT);
    const unit = (name: string) => body.units.find((u) => u.unit === name);
    // Freed when its incident was resolved.
    expect(unit('U-FREED')).toEqual({
      unit: 'U-FREED',
      department: 'transport',
      status: 'available',
      since: AT - 4 * HOUR,
      incidentId: null,
      lat: null,
      lon: null,
      // The news it rests on (what a screen needs to apply later changes by the same rule).
      sourceIncidentId: 'ku-a',
      reportedAt: AT - 5 * HOUR + 300 * S,
    });
    // Sent on to ku-b before ku-a ended: ku-a's end does not free it.
    expect(unit('U-MOVED')).toEqual({
      unit: 'U-MOVED',
      department: 'transport',
      status: 'dispatched',
      since: AT - 4.5 * HOUR,
      incidentId: 'ku-b',
      lat: 37.72,
      lon: -122.45,
      sourceIncidentId: 'ku-b',
      reportedAt: AT - 4.5 * HOUR,
    });
    expect(unit('U-OOS')).toMatchObject({
      status: 'out_of_service',
      incidentId: null,
      since: AT - 4.3 * HOUR,
    });
    // Still transporting after its incident was resolved: later news than the resolution.
    expect(unit('M-TRANS')).toEqual({
      unit: 'M-TRANS',
      department: 'environment',
      status: 'transporting',
      since: AT - 3 * HOUR + 900 * S,
      incidentId: 'ku-c',
      lat: 37.73,
      lon: -122.46,
      sourceIncidentId: 'ku-c',
      reportedAt: AT - 3 * HOUR + 900 * S,
    });
    // Units of the timed calls, on scene at the place of their open incidents; pack order of departments.
    expect(unit('E0')).toMatchObject({
      department: 'fire',
      status: 'on_scene',
      incidentId: 'kf-0',
      lat: 37.76,
    });
    expect(unit('E7')).toMatchObject({ status: 'dispatched', incidentId: 'kf-7' });
    const departments = body.units.map((u) => u.department);
    expect(departments.lastIndexOf('fire')).toBeLessThan(departments.indexOf('ems'));
    const names = new Set(body.units.map((u) => `${u.department}/${u.unit}`));
    expect(names.size).toBe(body.units.length);
  });

  it('frees a unit live when its incident closes, and keeps the board after a late, older event', async () => {
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: 'kf-3-closed',
      incidentId: 'kf-3',
      type: 'closed',
      ts: AT - 30 * S,
    });
    const board = await eventually(async () => {
      const { body } = await getJson<UnitBoard>(base, '/api/v1/units');
      const e3 = body.units.find((u) => u.unit === 'E3');
      return e3?.status === 'available' ? body : null;
    });
    expect(board.units.find((u) => u.unit === 'E3')).toMatchObject({ since: AT - 30 * S, incidentId: null });
    expect(board.units.find((u) => u.unit === 'T3')).toMatchObject({
      status: 'available',
      since: AT - 30 * S,
    });
    // A late dispatch of U-MOVED back to ku-a, older than its move to ku-b, changes nothing.
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'transport'), {
      eventId: 'ku-a-late',
      incidentId: 'ku-a',
      type: 'unit_status',
      ts: AT - 5 * HOUR + 120 * S,
      unit: 'U-MOVED',
      unitStatus: 'on_scene',
    });
    await eventually(async () => {
      const { body } = await getJson<{ incident: { eventCount: number } }>(base, '/api/v1/incidents/ku-a');
      return body.incident?.eventCount === 6;
    });
    const after = await getJson<UnitBoard>(base, '/api/v1/units');
    expect(after.body.units.find((u) => u.unit === 'U-MOVED')).toMatchObject({
      status: 'dispatched',
      incidentId: 'ku-b',
    });
  });
});
