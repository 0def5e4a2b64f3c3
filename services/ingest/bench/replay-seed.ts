/**
 * Seeds a store for the replay benchmark (`pnpm bench:replay` runs it as a child process): 24 h × 2,000
 * sensors at one reading per 10 s (17.28 M readings, written with SQL — generate_series — not through MQTT)
 * and 5,000 incidents with realistic lifecycles published over MQTT through the real write path (so states,
 * events, the KPI columns and the unit board agree), ending at now or at --end. Prints what it made; the last
 * line is one JSON object.
 *
 *   tsx services/ingest/bench/replay-seed.ts [--data-dir DIR] [--end ISO|now] [--hours 24] [--sensors 2000]
 *                                            [--interval-s 10] [--incidents 5000]
 *
 * Without --data-dir it seeds the PostgreSQL of DATABASE_URL (MQTT_URL is used when set, else the service's
 * embedded broker); with it, the embedded engine in that folder (slow for the full size: the engine is WASM).
 */
import { parseArgs } from 'node:util';
import { topics } from '@twin/domain';
import mqtt from 'mqtt';
import pino from 'pino';
import { CredentialStore } from '../src/broker-auth/credential-store.js';
import { loadConfig } from '../src/config.js';
import { claimClosedMinutes, rollUp } from '../src/db/rollup.js';
import { refreshHourlyRollup, rollUpHours } from '../src/db/rollup-hours.js';
import { startRuntime } from '../src/runtime.js';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    end: { type: 'string', default: 'now' },
    hours: { type: 'string', default: '24' },
    sensors: { type: 'string', default: '2000' },
    'interval-s': { type: 'string', default: '10' },
    incidents: { type: 'string', default: '5000' },
  },
});

const positive = (name: string, raw: string | undefined) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number; got "${raw}"`);
  return n;
};
const HOURS = positive('hours', args.hours);
const SENSORS = Math.round(positive('sensors', args.sensors));
const INTERVAL_S = positive('interval-s', args['interval-s']);
const INCIDENTS = Math.round(positive('incidents', args.incidents));
const END = args.end === 'now' ? Date.now() : Date.parse(args.end ?? '');
if (!Number.isFinite(END)) throw new Error(`--end must be "now" or an ISO 8601 time; got "${args.end}"`);
// Readings on whole intervals, so reruns with the same end write the same rows.
const LAST_READING = Math.floor(END / (INTERVAL_S * 1000)) * INTERVAL_S * 1000;
const START = LAST_READING - HOURS * 3_600_000 + INTERVAL_S * 1000;
const BBOX = [-122.51, 37.71, -122.36, 37.81] as const;
const DEPARTMENTS = ['fire', 'ems', 'police', 'public-works', 'transport'] as const;
const CATEGORIES = [
  'Structure Fire',
  'Medical Incident',
  'Traffic Collision',
  'Pothole',
  'Signal Outage',
  'Alarms',
];

/** A small deterministic PRNG (mulberry32): the same seed makes the same city. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SeedEvent {
  department: string;
  body: Record<string, unknown>;
}

/**
 * One incident's life: reported at a random time of the window; acknowledged after 0.5–5 min; one or two units
 * dispatched, on scene 2–15 min later (one in ten never recorded on scene); resolved 10–90 min after the report
 * and closed 5 min later — each step only if it falls before the end, so the last hours hold open incidents.
 */
function incidentLife(i: number, random: () => number): SeedEvent[] {
  const id = `bench-inc-${i}`;
  const dept = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const t0 = START + Math.floor(random() * (LAST_READING - START));
  const events: SeedEvent[] = [];
  const add = (ts: number, type: string, extra: Record<string, unknown> = {}, department: string = dept) => {
    if (ts <= END)
      events.push({
        department,
        body: { eventId: `${id}-${type}-${events.length}`, incidentId: id, type, ts, ...extra },
      });
  };
  const min = (a: number, b: number) => Math.round((a + random() * (b - a)) * 60_000);
  add(t0, 'reported', {
    category: CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
    severity: 1 + Math.floor(random() * 5),
    title: `Bench incident ${i}`,
    lat: BBOX[1] + random() * (BBOX[3] - BBOX[1]),
    lon: BBOX[0] + random() * (BBOX[2] - BBOX[0]),
  });
  const ack = t0 + min(0.5, 5);
  add(ack, 'acknowledged');
  let lastScene = ack;
  const units = 1 + Math.floor(random() * 2);
  for (let u = 0; u < units; u++) {
    const unit = `${dept.slice(0, 2).toUpperCase()}${(i * 3 + u) % 400}`;
    const dispatched = ack + min(0, 4);
    add(dispatched, 'dispatched', { unit });
    if (random() < 0.9) {
      lastScene = Math.max(lastScene, dispatched + min(2, 15));
      add(lastScene, 'on_scene', { unit });
    }
  }
  const resolved = Math.max(lastScene + 60_000, t0 + min(10, 90));
  add(resolved, 'resolved');
  add(resolved + 5 * 60_000, 'closed');
  return events;
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = args['data-dir'];
  if (!dataDir && !process.env.DATABASE_URL)
    throw new Error(
      'set DATABASE_URL (a PostgreSQL database to seed) or pass --data-dir DIR (the embedded engine)',
    );
  const config = loadConfig({
    PORT: '0',
    MQTT_PORT: '0',
    SIMULATOR: 'false',
    LOG_LEVEL: 'warn',
    ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: process.env.DATABASE_URL! }),
    ...(process.env.MQTT_URL && !dataDir ? { MQTT_URL: process.env.MQTT_URL } : {}),
    ...(process.env.TOPIC_ROOT ? { TOPIC_ROOT: process.env.TOPIC_ROOT } : {}),
    ...(process.env.DATA_DIR && !dataDir ? { DATA_DIR: process.env.DATA_DIR } : {}),
  });
  const runtime = await startRuntime(config, pino({ level: 'warn' }));
  const say = (msg: string) =>
    console.log(`replay-seed: ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  try {
    const db = runtime.pool;
    const { rows: dialectRows } = await db.query<{ dialect: string }>(
      'select dialect from schema_migrations order by version limit 1',
    );
    const dialect = dialectRows[0]?.dialect;
    const credentials = config.mqttUrl
      ? null
      : await new CredentialStore(db).ensureIntegration(`replay-seed-${Date.now().toString(36)}`);
    const client = await mqtt.connectAsync(runtime.mqttUrl, {
      clientId: `replay-seed-${Date.now().toString(36)}`,
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    });

    // Sensors: registered over MQTT (placed in their district by the service), spread over the city.
    const random = rng(9);
    for (let s = 0; s < SENSORS; s++)
      await client.publishAsync(
        topics.sensorMeta(config.topicRoot, `bench-s${s}`),
        JSON.stringify({
          name: `Bench sensor ${s}`,
          kind: 'air_quality',
          department: 'environment',
          lat: BBOX[1] + random() * (BBOX[3] - BBOX[1]),
          lon: BBOX[0] + random() * (BBOX[2] - BBOX[0]),
          units: { pm25: 'µg/m³' },
        }),
        { qos: 1 },
      );
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        "select count(*) as n from sensors where sensor_id like 'bench-s%' and registered",
      );
      if (Number(rows[0]!.n) >= SENSORS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    say(`${SENSORS} sensors registered over MQTT`);

    // Readings: an hour of all sensors per statement. The value drifts through the day, each sensor its own way.
    const value = `round((12 + 8 * sin(date_part('epoch', t) / 7200.0 + s) + (s % 7))::numeric, 2)::float8`;
    let readings = 0;
    for (let from = START; from <= LAST_READING; from += 3_600_000) {
      const to = Math.min(LAST_READING, from + 3_600_000 - INTERVAL_S * 1000);
      const r = await db.query(
        `insert into readings (sensor_id, metric, ts, value)
         select 'bench-s' || s, 'pm25', t, ${value}
         from generate_series(0, $1::int - 1) s,
              generate_series($2::timestamptz, $3::timestamptz, make_interval(secs => $4)) t
         on conflict do nothing`,
        [SENSORS, new Date(from).toISOString(), new Date(to).toISOString(), INTERVAL_S],
      );
      readings += r.rowCount ?? 0;
      if (((from - START) / 3_600_000) % 6 === 5) say(`${readings.toLocaleString('en-US')} readings written`);
    }
    // What the writer keeps beside the rows: each series' newest value, and the 1-minute rollup.
    await db.query(
      `insert into sensor_latest (sensor_id, metric, ts, value)
       select distinct on (sensor_id, metric) sensor_id, metric, ts, value from readings
       where sensor_id like 'bench-s%' and ts >= $1 order by sensor_id, metric, ts desc
       on conflict (sensor_id, metric) do update set ts = excluded.ts, value = excluded.value
         where sensor_latest.ts < excluded.ts`,
      [new Date(LAST_READING).toISOString()],
    );
    await db.query(`update sensors set last_seen = $1, status = 'online' where sensor_id like 'bench-s%'`, [
      new Date(LAST_READING).toISOString(),
    ]);
    const window = [new Date(START - 60_000).toISOString(), new Date(LAST_READING + 60_000).toISOString()];
    if (dialect === 'timescale') {
      await db.query(
        `call refresh_continuous_aggregate('readings_1m', $1::timestamptz, $2::timestamptz)`,
        window,
      );
      await refreshHourlyRollup(db, new Date(START), new Date(LAST_READING + 60_000), Date.now() - 60_000);
    } else {
      // The rows went in beside the writer, so the rollups' marks do not cover them: move the marks back to
      // the seeded window's start (the steps replace aggregates, never add) and let the service's own roll-up
      // (db/rollup.ts, db/rollup-hours.ts) aggregate them, step by step.
      await db.query(
        `update rollup_watermarks set until = least(until, case name when 'rolled' then date_bin('1 minute', $1::timestamptz, timestamptz 'epoch')
                                                     else date_bin('1 hour', $1::timestamptz, timestamptz 'epoch') end)
         where name in ('rolled', 'rolled_1h')`,
        [window[0]],
      );
      await claimClosedMinutes(db);
      while ((await rollUp(db)).minutes > 0);
      while ((await rollUpHours(db)).hours > 0);
    }
    say(
      `${readings.toLocaleString('en-US')} readings, their latest values, 1-minute and 1-hour rollups (${dialect})`,
    );

    // Incidents: every life's events, shuffled (arrival order is not time order), published in batches.
    const all = Array.from({ length: INCIDENTS }, (_, i) => incidentLife(i, random)).flat();
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    const byDept = new Map<string, Record<string, unknown>[]>();
    for (const e of all) byDept.set(e.department, [...(byDept.get(e.department) ?? []), e.body]);
    for (const [department, events] of byDept)
      for (let i = 0; i < events.length; i += 1000)
        await client.publishAsync(
          topics.incidentEvents(config.topicRoot, department),
          JSON.stringify(events.slice(i, i + 1000)),
          { qos: 1 },
        );
    await client.endAsync();
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        "select count(*) as n from incident_events where incident_id like 'bench-inc-%'",
      );
      if (Number(rows[0]!.n) >= all.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows: open } = await db.query<{ open: string }>(
      "select count(*) filter (where status not in ('resolved', 'closed')) as open from incidents where incident_id like 'bench-inc-%'",
    );
    say(`${INCIDENTS} incidents (${open[0]!.open} open at the end), ${all.length} events, through MQTT`);
    console.log(
      JSON.stringify({
        sensors: SENSORS,
        readings,
        incidents: INCIDENTS,
        events: all.length,
        from: START,
        to: LAST_READING,
        store: dataDir ? `embedded:${dataDir}` : 'postgres',
        seed_ms: Date.now() - started,
      }),
    );
  } finally {
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  console.error(`replay-seed: ${(err as Error).message}`);
  process.exit(1);
});
