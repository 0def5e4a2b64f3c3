/**
 * The demo feed: a believable live city over MQTT (wire contract v1). Pure generators (fleet, values, incident
 * scripts) feed two IO-free schedulers; this file only wires them to a timer and the publisher.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CityPack } from '@twin/city/node';
import { castDepartments } from './city-departments.js';
import type { SimCity } from './city-points.js';
import { type FireCall, fireCallsFromCsv } from './fire-calls.js';
import { IncidentFeed } from './incident-feed.js';
import { DEFAULT_REAL_TIME_MIN } from './incident-scripts.js';
import type { OutMessage } from './messages.js';
import { connectPublisher, type Logger } from './publisher.js';
import { closeLeftOpen, type LeftOpenIncident } from './restart.js';
import { SensorFeed } from './sensor-feed.js';
import { generateFleet } from './sensor-fleet.js';
import { stormPlan } from './storm.js';

export { castDepartments, type SimDepartment } from './city-departments.js';
export type { SimCity } from './city-points.js';
export { type FireCall, fireCallsFromCsv, parseCsv } from './fire-calls.js';
export { SIMULATED_ACTOR_SUFFIX } from './incident-catalog.js';
export { IncidentFeed } from './incident-feed.js';
export type { OutMessage, WireIncidentEvent } from './messages.js';
export { connectPublisher, type Logger, MAX_OUTSTANDING, type Publisher } from './publisher.js';
export { closeLeftOpen, type LeftOpenIncident, RESTART_NOTE } from './restart.js';
export { SensorFeed } from './sensor-feed.js';
export { generateFleet, SENSOR_KINDS, type SimSensor, sensorMeta } from './sensor-fleet.js';
export { sensorValues } from './sensor-values.js';
export { STORM_RISE_CM, type StormPlan, stormAt, stormPlan, stormRiseCm } from './storm.js';

export interface SimulatorOptions {
  mqttUrl: string;
  /** Topic root of contract v1; default `city`. */
  topicRoot?: string;
  city: CityPack;
  /** Default 300. */
  sensorCount?: number;
  /** Per sensor, jittered ±20 % per sensor and ±10 % per reading; default 5000. */
  readingIntervalMs?: number;
  /** Mean arrival rate of new incidents; default 3 (about 50 open at once, see realTimeMin). */
  incidentsPerMinute?: number;
  /**
   * Simulated minutes per wall-clock minute after an incident's first `realTimeMin` minutes; default 12.
   */
  timeScale?: number;
  /**
   * The response of every incident (acknowledge, dispatch, travel: until its last unit is on scene) runs in
   * real time for at most this many simulated minutes; default 15. So the wall's response times are the real calls'; the rest (work,
   * transport, clearing up) runs at `timeScale`. Incidents then last about 7 to 22 minutes (medians: fire 7,
   * police 11, EMS 15, public works 20). 0 scales the whole incident by `timeScale`.
   */
  realTimeMin?: number;
  /**
   * A storm every this many minutes (on the clock), raising the water levels of one district for 6 minutes
   * (storm.ts), so the city's flood rule fires and resolves; default 20, 0 = no storms.
   */
  stormEveryMin?: number;
  /**
   * Incidents an earlier run of the demo left open (its scripts died with it): resolved and closed at start
   * with the note "demo feed restarted" (restart.ts). The service finds them in its store.
   */
  leftOpen?: readonly LeftOpenIncident[];
  /** Fixes the fleet (ids, places, kinds) and the value curves; default 1, so restarts keep the same sensors. */
  seed?: number;
  clientId?: string;
  /** Broker credentials (the embedded broker gives the in-process demo feed its own at every start). */
  username?: string;
  password?: string;
  logger?: Logger;
  /** How far back the incidents seeded at start reach; default 20 minutes. */
  backfillMs?: number;
  /** Real fire/EMS calls to replay; default: a `*fire-calls*.csv` in the city pack folder, if any. */
  fireCalls?: readonly FireCall[];
  /** Default 10 s. */
  connectTimeoutMs?: number;
}

export interface SimulatorStats {
  messagesPublished: number;
  readingsPublished: number;
  incidentEventsPublished: number;
  openIncidents: number;
}

export interface Simulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
}

const TICK_MS = 250;
/** About three minutes of the default feed: enough to ride out a broker restart without growing forever. */
const MAX_IN_FLIGHT = 20_000;
const silent: Logger = { info: () => {}, warn: () => {} };

function positive(name: string, value: number, min = 0): number {
  if (!Number.isFinite(value) || value <= min)
    throw new Error(`simulator option ${name} must be a number > ${min}`);
  return value;
}

/** The pack's own fire-calls CSV if it ships one; cities without real calls get synthetic fire/EMS incidents. */
/** The city pack's real-calls CSV (`*fire-calls*.csv` in its folder), or null when it ships none. */
export async function packFireCallsFile(dir: string): Promise<string | null> {
  const file = (await readdir(dir)).find((name) => /fire-calls.*\.csv$/i.test(name));
  return file ? join(dir, file) : null;
}

async function loadPackFireCalls(dir: string, logger: Logger): Promise<FireCall[]> {
  const path = await packFireCallsFile(dir);
  if (!path) return [];
  const file = basename(path);
  try {
    const calls = fireCallsFromCsv(await readFile(path, 'utf8'));
    logger.info(`simulator: replaying ${calls.length} real calls from ${file}`);
    return calls;
  } catch (err) {
    logger.warn(`simulator: ignoring ${file}: ${(err as Error).message}`);
    return [];
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = options.logger ?? silent;
  const topicRoot = options.topicRoot ?? 'city';
  const seed = options.seed ?? 1;
  const sensorCount = options.sensorCount ?? 300;
  if (!Number.isInteger(sensorCount) || sensorCount < 0)
    throw new Error('simulator option sensorCount must be an integer ≥ 0');
  const readingIntervalMs = positive('readingIntervalMs', options.readingIntervalMs ?? 5000, 99);
  const incidentsPerMinute = options.incidentsPerMinute ?? 3;
  if (!Number.isFinite(incidentsPerMinute) || incidentsPerMinute < 0) {
    throw new Error('simulator option incidentsPerMinute must be a number ≥ 0');
  }
  const timeScale = positive('timeScale', options.timeScale ?? 12);
  const realTimeMin = options.realTimeMin ?? DEFAULT_REAL_TIME_MIN;
  if (!Number.isFinite(realTimeMin) || realTimeMin < 0)
    throw new Error('simulator option realTimeMin must be a number ≥ 0');
  const { manifest, districts, districtIndex } = options.city;
  const city: SimCity = {
    id: manifest.id,
    timezone: manifest.timezone,
    districts,
    districtIndex,
    departments: castDepartments(manifest.departments),
  };
  const fireCalls = options.fireCalls ?? (await loadPackFireCalls(options.city.dir, logger));

  const startedAt = Date.now();
  const sensors = generateFleet(city, { seed, sensorCount, readingIntervalMs });
  const stormEveryMin = options.stormEveryMin ?? 20;
  if (!Number.isFinite(stormEveryMin) || stormEveryMin < 0)
    throw new Error('simulator option stormEveryMin must be a number ≥ 0');
  const storm = stormPlan(
    stormEveryMin,
    sensors.filter((s) => s.kind === 'water-level').map((s) => s.district),
    seed,
  );
  const sensorFeed = new SensorFeed(sensors, {
    topicRoot,
    seed,
    timezone: city.timezone,
    gatewayFlushMs: readingIntervalMs,
    runSeed: startedAt,
    storm,
  });
  const incidentFeed = new IncidentFeed({
    city,
    topicRoot,
    seed,
    startedAt,
    incidentsPerMinute,
    timeScale,
    realTimeMin,
    fireCalls,
  });

  const publisher = await connectPublisher({
    url: options.mqttUrl,
    clientId: options.clientId ?? `twin-simulator-${startedAt.toString(36)}`,
    username: options.username,
    password: options.password,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    logger,
  });
  const send = (messages: OutMessage[]) => {
    for (const m of messages) void publisher.publish(m);
  };

  if (options.leftOpen && options.leftOpen.length > 0) {
    send(closeLeftOpen(topicRoot, options.leftOpen, startedAt));
    logger.info(`simulator: closing ${options.leftOpen.length} incidents an earlier run left open`);
  }
  send(sensorFeed.start(startedAt));
  if (incidentsPerMinute > 0) send(incidentFeed.backfill(startedAt, options.backfillMs ?? 20 * 60_000));
  logger.info(
    `simulator: ${sensors.length} sensors, ${incidentsPerMinute} incidents/min (first ${realTimeMin} min real time, then ×${timeScale}) → ${options.mqttUrl} (${topicRoot}/v1)`,
  );

  let shedding = false;
  const timer = setInterval(() => {
    const now = Date.now();
    const readings = sensorFeed.tick(now);
    // NOTE: while the broker is away mqtt.js queues every QoS 1 publish in memory. Past a bound, readings are
    // shed (their seq still advances, so the ingest counts the gap as loss); incident events are never shed.
    const overloaded = publisher.inFlight() > MAX_IN_FLIGHT;
    if (overloaded !== shedding) {
      shedding = overloaded;
      if (overloaded)
        logger.warn(`simulator: ${publisher.inFlight()} publishes unacknowledged, shedding readings`);
      else logger.info('simulator: broker caught up, publishing readings again');
    }
    send(overloaded ? readings.filter((m) => m.kind !== 'readings') : readings);
    send(incidentFeed.tick(now));
  }, TICK_MS);

  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        send(sensorFeed.stop());
        await publisher.end();
        logger.info(`simulator: stopped after ${publisher.counters.messagesPublished} messages`);
      })();
      return stopping;
    },
    stats() {
      const { messagesPublished, readingsPublished, incidentEventsPublished } = publisher.counters;
      return {
        messagesPublished,
        readingsPublished,
        incidentEventsPublished,
        openIncidents: incidentFeed.openIncidents(),
      };
    },
  };
}
export {
  callHistoryEvents,
  HISTORY_ID_PREFIX,
  type HistoryEvents,
  zonedTimeToEpoch,
} from './call-history.js';
export { type HistoryImportOptions, type HistoryImportResult, importCallHistory } from './history-import.js';
