/**
 * `pnpm --filter @twin/simulator start`: publishes the demo city to MQTT_URL (default the local broker) until
 * Ctrl-C. The only place in the simulator that reads the environment.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCityPack } from '@twin/city/node';
import { startSimulator } from '@twin/demo-feed';
import { CITY_ID_REGEX } from '@twin/domain';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const cityId = process.env.CITY || 'sf';
  if (!CITY_ID_REGEX.test(cityId)) throw new Error(`CITY must be a city pack id, got "${cityId}"`);
  // NOTE: the same settings as the service's (CITY, CITY_PACKS_DIR), so both run on the same pack.
  const packsDir = resolve(repoRoot, process.env.CITY_PACKS_DIR || 'data/cities');
  const city = await loadCityPack(join(packsDir, cityId));
  const logger = {
    info: (msg: string) => console.log(msg),
    warn: (msg: string) => console.warn(msg),
  };
  const sim = await startSimulator({
    mqttUrl: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883',
    // NOTE: a broker that refuses anonymous clients needs credentials, e.g. an `integration` credential
    // from the embedded broker's admin API (docs/ingestion.md).
    username: process.env.MQTT_USERNAME || undefined,
    password: process.env.MQTT_PASSWORD || undefined,
    topicRoot: process.env.TOPIC_ROOT || undefined,
    city,
    sensorCount: numberFromEnv('SIM_SENSORS'),
    readingIntervalMs: numberFromEnv('SIM_INTERVAL_MS'),
    incidentsPerMinute: numberFromEnv('SIM_INCIDENTS_PER_MIN'),
    timeScale: numberFromEnv('SIM_TIME_SCALE'),
    realTimeMin: numberFromEnv('SIM_REAL_TIME_MIN'),
    stormEveryMin: numberFromEnv('SIM_STORM_EVERY_MIN'),
    seed: numberFromEnv('SIM_SEED'),
    logger,
  });
  const report = setInterval(() => {
    const s = sim.stats();
    logger.info(
      `simulator: ${s.messagesPublished} messages, ${s.readingsPublished} readings, ${s.incidentEventsPublished} incident events, ${s.openIncidents} open incidents`,
    );
  }, 30_000);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`simulator: ${signal}, stopping`);
    clearInterval(report);
    sim.stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`simulator: ${err.message}`);
  process.exit(1);
});
