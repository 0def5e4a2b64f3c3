/**
 * `pnpm start`'s entry point as a real process, on the real default: no DATABASE_URL, no MQTT_URL (the
 * environment is built from an allow-list by fault/service-process.ts, so CI's shared PostgreSQL and
 * Mosquitto never leak in), embedded Aedes + PGlite/TimescaleDB in a fresh DATA_DIR.
 *
 * Three starts on the same DATA_DIR. Each of the first two publishes every kind of data (a reading with
 * seq, a SenML pack, a gateway array, retained sensor meta, a status, incident events of several types,
 * an HTTP incident action, one bad message); the second must store all of its own and read both runs'
 * through the API (the PGlite TimescaleDB build once refused every reading after a restart: its licence
 * setting was only in force on the first start, and every reading became a dead letter). Ctrl-C (SIGINT)
 * must exit 0 every time. The third start checks that the MQTT credential and the admin token file outlive
 * restarts.
 *
 * Admin token: the first start gets ADMIN_TOKEN from the environment (the automated set-up); the second and
 * third start without it, so the second writes DATA_DIR/admin-token and the third must reuse that file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import {
  authHeaders,
  freePort,
  messageCounters,
  rememberAdminToken,
  type ServiceProcess,
  startService,
  waitFor,
  within,
} from '@twin/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPublisher, publish } from './harness.js';

const ROOT = 'city';
const ADMIN_TOKEN = `main-process-${randomUUID()}`;
/** Every reading of both runs falls in this minute (5 minutes ago), so one rollup bucket holds both runs. */
const MINUTE = Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000;
/**
 * A reading of the first run 3 hours old (a device catching up after an outage): it must stay in the rollup
 * after the restart like any other reading.
 */
const OLD_MINUTE = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
const STEP_TIMEOUT_MS = 150_000;

interface Credential {
  username: string;
  password: string;
}

interface Answer<T> {
  status: number;
  body: T;
}

async function http<T>(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : authHeaders(base)),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T };
}

/** Fails with what was asked and what came back. */
async function ok<T>(
  base: string,
  path: string,
  init: Parameters<typeof http>[2] = {},
  want = 200,
): Promise<T> {
  const answer = await http<T>(base, path, init);
  if (answer.status !== want)
    throw new Error(
      `${init.method ?? 'GET'} ${path}: expected ${want}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 1000)}`,
    );
  return answer.body;
}

interface SensorBody {
  sensorId: string;
  name: string;
  status: string;
  latest: Record<string, { value: number; ts: number }>;
}

interface IncidentBody {
  incident: {
    incidentId: string;
    status: string;
    department: string;
    assisting: string[];
    eventCount: number;
  };
  timeline: { eventId: string; department: string; type: string }[];
}

interface DeadLettersBody {
  total: number;
  next: string | null;
  items: { id: number; topic: string; reason: string }[];
}

/** What one run publishes: every kind of message, all with keys of that run. */
interface RunData {
  run: 1 | 2;
  /** Messages published over MQTT (the HTTP action is not one). */
  messages: number;
  incidentId: string;
  eventIds: string[];
}

const at = (run: number, ms: number) => MINUTE + (run - 1) * 30_000 + ms;

/**
 * Publishes every kind of data for run `run` with the integration credential; every PUBACK means committed
 * (the embedded broker acknowledges after the commit). Then one HTTP action.
 */
async function publishEverything(service: ServiceProcess, pub: MqttClient, run: 1 | 2): Promise<RunData> {
  let messages = 0;
  const send = async (topic: string, payload: unknown, retain = false) => {
    await acked(service, pub, topic, payload, retain);
    messages++;
  };
  // Sensor registrations (retained) and a status: the first run registers three sensors, the second a new one.
  const metas =
    run === 1
      ? [
          { id: 'mp-aq', name: 'Air quality, Market St' },
          { id: 'mp-senml', name: 'Weather (SenML)' },
          { id: 'mp-gw-a', name: 'NO2 behind gateway' },
        ]
      : [{ id: 'mp-new', name: 'Registered in the second run' }];
  for (const m of metas)
    await send(
      topics.sensorMeta(ROOT, m.id),
      {
        name: m.name,
        kind: 'air_quality',
        department: 'environment',
        lat: 37.7749,
        lon: -122.4194,
        units: { pm25: 'µg/m³' },
      },
      true,
    );
  await send(
    topics.sensorStatus(ROOT, run === 1 ? 'mp-aq' : 'mp-new'),
    run === 1 ? 'online' : 'offline',
    true,
  );

  // A single reading with seq, a SenML pack, a gateway array.
  await send(topics.sensorData(ROOT, 'mp-aq'), {
    ts: at(run, 1_000),
    values: { pm25: 10 * run + 1 },
    seq: run,
  });
  await send(topics.sensorData(ROOT, 'mp-senml'), [
    { bn: 'urn:dev:mp-senml:', bt: at(run, 2_000) / 1000, n: 'temp', v: 20 + run },
    { n: 'hum', v: 40 + run },
  ]);
  if (run === 1)
    await send(topics.sensorData(ROOT, 'mp-aq'), { ts: OLD_MINUTE + 1_000, values: { pm25: 7 } });
  await send(topics.gatewayData(ROOT, 'mp-gw'), [
    { sensorId: 'mp-gw-a', ts: at(run, 3_000), values: { no2: 30 + run } },
    { sensorId: 'mp-aq', ts: at(run, 4_000), values: { pm25: 10 * run + 2 } },
  ]);

  // Incident events of several types, from two departments.
  const incidentId = `mp-inc-${run}`;
  const ev = (k: number, extra: Record<string, unknown>) => ({
    eventId: `mp-${run}-${k}`,
    incidentId,
    ts: at(run, 5_000 + k * 100),
    ...extra,
  });
  const fire = topics.incidentEvents(ROOT, 'fire');
  const police = topics.incidentEvents(ROOT, 'police');
  const events: [string, Record<string, unknown>][] = [
    [
      fire,
      ev(0, {
        type: 'reported',
        category: 'structure_fire',
        severity: 3,
        lat: 37.78,
        lon: -122.41,
        title: `Fire, run ${run}`,
      }),
    ],
    [fire, ev(1, { type: 'acknowledged', actor: 'dispatcher' })],
    [fire, ev(2, { type: 'dispatched', unit: 'E12' })],
    [fire, ev(3, { type: 'assist_requested', toDepartment: 'police' })],
    [fire, ev(4, { type: 'handed_off', toDepartment: 'police' })],
    [police, ev(5, { type: 'comment', note: `police took over (run ${run})` })],
  ];
  for (const [topic, payload] of events) await send(topic, payload);
  const eventIds = events.map(([, e]) => String(e.eventId));
  if (run === 2) {
    // An event of the second run on the first run's incident, after everything else of it (its HTTP action
    // has the first run's clock).
    await send(police, {
      eventId: 'mp-2-resolves-1',
      incidentId: 'mp-inc-1',
      type: 'resolved',
      ts: Date.now(),
    });
  }

  // One bad message: a dead letter.
  await send(topics.sensorData(ROOT, 'mp-bad'), `not JSON (run ${run})`);

  // An HTTP incident action, answered after its commit.
  const acted = await ok<IncidentBody>(service.url, `/api/v1/incidents/${incidentId}/actions`, {
    method: 'POST',
    // Police owns it since the hand-over and has not acknowledged yet (the lifecycle's rules apply).
    body: { type: 'acknowledged', department: 'police' },
  });
  const apiEvents = acted.timeline.filter((e) => e.eventId.startsWith('api-'));
  expect(
    apiEvents.map((e) => [e.type, e.department]),
    `the HTTP action is in the timeline of ${incidentId}`,
  ).toEqual([['acknowledged', 'police']]);
  return { run, messages, incidentId, eventIds: [...eventIds, apiEvents[0]!.eventId] };
}

const PUBACK_TIMEOUT_MS = 20_000;

/**
 * Publishes (QoS 1) and waits for the PUBACK, which the embedded broker sends after the commit. A missing
 * PUBACK says what the service reports about its storage and its newest dead letters.
 */
async function acked(
  service: ServiceProcess,
  pub: MqttClient,
  topic: string,
  payload: unknown,
  retain = false,
) {
  const started = Date.now();
  try {
    await within(
      publish(pub, topic, payload, retain),
      PUBACK_TIMEOUT_MS,
      `the PUBACK of a message to ${topic}`,
    );
  } catch (err) {
    const ready = await service.readyz().catch((e: Error) => ({ status: 0, body: e.message }));
    const dl = await http<DeadLettersBody>(service.url, '/api/v1/dead-letters?limit=3').catch((e: Error) => ({
      status: 0,
      body: e.message,
    }));
    throw new Error(
      `expected a PUBACK (= committed) within ${PUBACK_TIMEOUT_MS} ms for ${topic} ${JSON.stringify(payload).slice(0, 200)}; ` +
        `none after ${Date.now() - started} ms (${(err as Error).message}). /readyz: ${ready.status} ${JSON.stringify(ready.body)}; ` +
        `newest dead letters: ${JSON.stringify(dl.body).slice(0, 1500)}`,
    );
  }
}

async function counters(service: ServiceProcess) {
  const { deadLettersStored, ...messages } = await messageCounters(service);
  return { ...messages, deadLetters: deadLettersStored };
}

async function deadLetters(base: string): Promise<DeadLettersBody> {
  return ok<DeadLettersBody>(base, '/api/v1/dead-letters?limit=1000');
}

async function createIntegration(base: string, token: string): Promise<Credential> {
  return ok<Credential>(
    base,
    '/api/v1/admin/mqtt-credentials',
    { method: 'POST', token, body: { kind: 'integration', username: 'mp-integration' } },
    201,
  );
}

/** Buckets of one metric in [from, to): bucket 60 reads the 1-minute rollup, bucket 30 the raw rows. */
async function buckets(
  base: string,
  sensor: string,
  metric: string,
  bucketS: number,
  from: number,
  to: number,
) {
  const body = await ok<{ buckets: { bucket: number; count: number; min: number; max: number }[] }>(
    base,
    `/api/v1/sensors/${sensor}/readings?metric=${metric}&bucket=${bucketS}&from=${from}&to=${to}`,
  );
  return body.buckets.map((b) => ({ bucket: b.bucket, count: b.count, min: b.min, max: b.max }));
}

/** The 1-minute rollup of a minute, and for comparison the raw rows of that minute (two 30 s buckets). */
async function rollupAndRaw(base: string, sensor: string, metric: string, minute: number) {
  const rollup = await buckets(base, sensor, metric, 60, minute, minute + 60_000);
  const raw = await buckets(base, sensor, metric, 30, minute, minute + 60_000);
  const count = raw.reduce((n, b) => n + b.count, 0);
  return {
    rollup,
    raw:
      count === 0
        ? []
        : [
            {
              bucket: minute,
              count,
              min: Math.min(...raw.map((b) => b.min)),
              max: Math.max(...raw.map((b) => b.max)),
            },
          ],
  };
}

describe('main process (embedded default: Aedes + PGlite in DATA_DIR), three starts', () => {
  let dataDir = '';
  let mqttPort = 0;
  let current: ServiceProcess | undefined;
  let credential: Credential | undefined;
  let run1: RunData | undefined;
  let fileToken = '';
  const clients: MqttClient[] = [];

  const start = async (env: Record<string, string>) => {
    // A step that failed without stopping its service must not keep the port or the folder from the next one.
    if (current?.running()) await current.stop(30_000).catch(() => current?.kill9());
    current = await startService({
      dataDir,
      topicRoot: ROOT,
      clientId: 'twin-ingest-main-process',
      mqttPort,
      env,
      startTimeoutMs: 120_000,
    });
    return current;
  };

  /** Ctrl-C, and the exit code must be 0. */
  const stopCleanly = async (service: ServiceProcess) => {
    for (const c of clients.splice(0)) await c.endAsync().catch(() => {});
    const exit = await service.stop(30_000);
    expect(exit, `SIGINT must stop the service cleanly; output:\n${service.output().slice(-3000)}`).toEqual({
      code: 0,
      signal: null,
    });
  };

  /** After a failed step: the next start needs the port and the data folder. */
  const stopAfterFailure = async () => {
    for (const c of clients.splice(0)) await c.endAsync(true).catch(() => {});
    if (current?.running()) await current.stop(30_000).catch(() => current?.kill9());
  };

  const publisher = async (service: ServiceProcess, cred: Credential) => {
    const client = await connectPublisher(service.mqttUrl, cred);
    client.on('error', () => {});
    clients.push(client);
    return client;
  };

  afterAll(async () => {
    for (const c of clients.splice(0)) await c.endAsync(true).catch(() => {});
    if (current?.running()) await current.kill9().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'first start (ADMIN_TOKEN set): stores every kind of data, Ctrl-C exits 0',
    async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'twin-main-'));
      mqttPort = await freePort();
      const service = await start({ ADMIN_TOKEN });
      try {
        expect(service.mqttUrl).toBe(`mqtt://127.0.0.1:${mqttPort}`);
        expect((await service.readyz()).status, 'ready after the first start').toBe(200);
        expect
          .soft(service.output(), 'the first start says how to sign in, without echoing ADMIN_PASSWORD')
          .toMatch(
            /First start: an admin was created[\s\S]*username: admin\s+password: \(the one in ADMIN_PASSWORD\)/,
          );

        credential = await createIntegration(service.url, ADMIN_TOKEN);
        const pub = await publisher(service, credential);
        run1 = await publishEverything(service, pub, 1);

        const aq = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-aq');
        expect.soft(aq.latest.pm25, 'latest pm25 of the first run').toEqual({ value: 12, ts: at(1, 4_000) });
        const old = await rollupAndRaw(service.url, 'mp-aq', 'pm25', OLD_MINUTE);
        expect
          .soft(old.rollup, 'the 3-hour-old reading in the 1-minute rollup (first run)')
          .toEqual([{ bucket: OLD_MINUTE, count: 1, min: 7, max: 7 }]);
        const dl = await deadLetters(service.url);
        expect
          .soft(
            dl.items.map((d) => d.topic),
            'the one intentional dead letter',
          )
          .toEqual([topics.sensorData(ROOT, 'mp-bad')]);
        const c = await counters(service);
        expect.soft(c, 'counters of the first run').toEqual({
          received: run1.messages,
          stored: run1.messages - 1,
          duplicate: 0,
          rejected: 1,
          pending: 0,
          deadLetters: 1,
        });
        await stopCleanly(service);
      } finally {
        await stopAfterFailure();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'second start (same DATA_DIR): stores every kind again and reads both runs through the API',
    async () => {
      if (!run1 || !credential) throw new Error('the first start failed; nothing to restart');
      // Without ADMIN_TOKEN: this start writes DATA_DIR/admin-token (the third start must reuse it).
      const service = await start({ ADMIN_TOKEN: '' });
      try {
        expect
          .soft(service.output(), 'how to sign in is printed on the first start only')
          .not.toContain('First start: an admin was created');
        expect
          .soft(service.output(), 'the banner says where the new admin token was written')
          .toContain(join(dataDir, 'admin-token'));
        fileToken = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
        expect.soft(fileToken.length, 'admin token file written').toBeGreaterThanOrEqual(16);
        rememberAdminToken(service.url, fileToken);
        expect
          .soft(
            (await stat(join(dataDir, 'admin-token'))).mode & 0o077,
            'admin token readable by its owner only',
          )
          .toBe(0);
        const ready = await service.readyz();
        expect.soft(ready.status, `ready after a restart: ${JSON.stringify(ready.body)}`).toBe(200);

        // The credential of the first run still works: it publishes everything of this run.
        const pub = await publisher(service, credential);
        const run2 = await publishEverything(service, pub, 2);

        // Latest values: the newest of both runs.
        const aq = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-aq');
        expect
          .soft({ name: aq.name, status: aq.status, pm25: aq.latest.pm25 }, 'mp-aq after the restart')
          .toEqual({
            name: 'Air quality, Market St',
            status: 'online',
            pm25: { value: 22, ts: at(2, 4_000) },
          });
        const senml = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-senml');
        expect.soft(senml.latest, 'mp-senml (SenML) latest').toEqual({
          temp: { value: 22, ts: at(2, 2_000) },
          hum: { value: 42, ts: at(2, 2_000) },
        });
        const gw = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-gw-a');
        expect.soft(gw.latest, 'mp-gw-a (gateway) latest').toEqual({ no2: { value: 32, ts: at(2, 3_000) } });
        const fresh = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-new');
        expect
          .soft({ name: fresh.name, status: fresh.status }, 'sensor registered in the second run')
          .toEqual({
            name: 'Registered in the second run',
            status: 'offline',
          });

        // Raw rows hold the readings of both runs right after their PUBACKs; the 1-minute rollup too, once
        // the bucket is refreshed: these readings are 5 minutes old, so their bucket was materialised at the
        // start and they are late for it, which the service refreshes within seconds (db/maintenance.ts).
        const both: [string, string, { count: number; min: number; max: number }][] = [
          ['mp-aq', 'pm25', { count: 4, min: 11, max: 22 }],
          ['mp-senml', 'temp', { count: 2, min: 21, max: 22 }],
          ['mp-senml', 'hum', { count: 2, min: 41, max: 42 }],
          ['mp-gw-a', 'no2', { count: 2, min: 31, max: 32 }],
        ];
        for (const [sensor, metric, want] of both) {
          const got = await rollupAndRaw(service.url, sensor, metric, MINUTE);
          expect
            .soft(got.raw, `raw rows of ${sensor} ${metric}: both runs`)
            .toEqual([{ bucket: MINUTE, ...want }]);
        }
        const expected = JSON.stringify(both.map(([, , want]) => [{ bucket: MINUTE, ...want }]));
        const rollupOutcome = await waitFor(
          { what: '1-minute rollup of both runs, like the raw rows', timeoutMs: 10_000 },
          async () => {
            const rollups = await Promise.all(
              both.map(([sensor, metric]) =>
                rollupAndRaw(service.url, sensor, metric, MINUTE).then((g) => g.rollup),
              ),
            );
            const seen = JSON.stringify(rollups);
            return { done: seen === expected, value: 'ok', seen };
          },
        ).catch((err: Error) => err.message);
        expect.soft(rollupOutcome, '1-minute rollup of both runs, within the late-refresh delay').toBe('ok');
        const old = await rollupAndRaw(service.url, 'mp-aq', 'pm25', OLD_MINUTE);
        expect
          .soft(old.raw, 'the 3-hour-old reading of the first run: raw row')
          .toEqual([{ bucket: OLD_MINUTE, count: 1, min: 7, max: 7 }]);
        expect
          .soft(
            old.rollup,
            'the 3-hour-old reading of the first run: still in the 1-minute rollup after the restart',
          )
          .toEqual([{ bucket: OLD_MINUTE, count: 1, min: 7, max: 7 }]);

        // Incidents and their timelines, both runs.
        const inc1 = await ok<IncidentBody>(service.url, '/api/v1/incidents/mp-inc-1');
        expect
          .soft(
            inc1.timeline.map((e) => e.eventId).sort(),
            'mp-inc-1: the first run, its HTTP action and the second run\'s "resolved"',
          )
          .toEqual([...run1.eventIds, 'mp-2-resolves-1'].sort());
        expect
          .soft({ status: inc1.incident.status, owner: inc1.incident.department }, 'mp-inc-1 folded')
          .toEqual({ status: 'resolved', owner: 'police' });
        const inc2 = await ok<IncidentBody>(service.url, '/api/v1/incidents/mp-inc-2');
        expect
          .soft(inc2.timeline.map((e) => e.eventId).sort(), 'mp-inc-2: every event of the second run')
          .toEqual([...run2.eventIds].sort());
        expect
          .soft(
            { owner: inc2.incident.department, types: inc2.timeline.map((e) => e.type).sort() },
            'mp-inc-2 folded',
          )
          .toEqual({
            owner: 'police',
            types: [
              'acknowledged',
              'acknowledged',
              'assist_requested',
              'comment',
              'dispatched',
              'handed_off',
              'reported',
            ],
          });

        // Exactly the two intentional dead letters: nothing about licences or storage.
        const dl = await deadLetters(service.url);
        expect
          .soft(
            dl.items.map((d) => ({ topic: d.topic, reason: d.reason })),
            'the only dead letters are the two bad messages',
          )
          .toEqual([
            {
              topic: topics.sensorData(ROOT, 'mp-bad'),
              reason: expect.stringContaining('payload: malformed JSON'),
            },
            {
              topic: topics.sensorData(ROOT, 'mp-bad'),
              reason: expect.stringContaining('payload: malformed JSON'),
            },
          ]);
        expect.soft(dl.total, 'dead letters total').toBe(2);
        for (const d of dl.items)
          expect.soft(d.reason, `dead letter ${d.id}`).not.toMatch(/licen|storage|timescale|hypertable/i);

        // Counters of this process add up.
        const c = await counters(service);
        expect.soft(c, 'counters of the second run').toEqual({
          received: run2.messages,
          stored: run2.messages - 1,
          duplicate: 0,
          rejected: 1,
          pending: 0,
          deadLetters: 1,
        });
        expect
          .soft(c.received, 'received = stored + duplicate + rejected + pending')
          .toBe(c.stored + c.duplicate + c.rejected + c.pending);
        expect.soft((await service.readyz()).status, '/readyz at the end of the second run').toBe(200);

        await stopCleanly(service);
      } finally {
        await stopAfterFailure();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "third start: the first run's MQTT credential still works, the admin token file is reused",
    async () => {
      if (!credential || !fileToken) throw new Error('an earlier start failed');
      const service = await start({ ADMIN_TOKEN: '' });
      rememberAdminToken(service.url, fileToken);
      try {
        expect.soft(service.output(), 'no new admin token written').not.toContain('written to');
        expect
          .soft((await readFile(join(dataDir, 'admin-token'), 'utf8')).trim(), 'the token file is unchanged')
          .toBe(fileToken);
        const listed = await ok<{
          credentials: { username: string; kind: string; revokedAt: number | null }[];
        }>(service.url, '/api/v1/admin/mqtt-credentials', { token: fileToken });
        expect
          .soft(
            listed.credentials.filter((c) => c.username === 'mp-integration'),
            'the credential created in the first run, listed with the token from the file',
          )
          .toEqual([
            expect.objectContaining({ username: 'mp-integration', kind: 'integration', revokedAt: null }),
          ]);

        const pub = await publisher(service, credential);
        await acked(service, pub, topics.sensorData(ROOT, 'mp-aq'), {
          ts: at(2, 20_000),
          values: { pm25: 33 },
        });
        const aq = await ok<SensorBody>(service.url, '/api/v1/sensors/mp-aq');
        expect
          .soft(aq.latest.pm25, "a reading published with the first run's credential is stored")
          .toEqual({ value: 33, ts: at(2, 20_000) });
        expect
          .soft((await deadLetters(service.url)).total, 'still only the two intentional dead letters')
          .toBe(2);
        expect.soft((await service.readyz()).status, '/readyz').toBe(200);

        await stopCleanly(service);
      } finally {
        await stopAfterFailure();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
