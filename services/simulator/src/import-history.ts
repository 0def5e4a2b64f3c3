/**
 * `pnpm import:history [file.csv]`: publishes real calls (default: the city pack's fire-calls CSV) as incident
 * history with their own times to MQTT_URL, through the ordinary ingest path. Idempotent: importing twice
 * stores nothing new. Reads the same settings as the simulator (CITY, CITY_PACKS_DIR, TOPIC_ROOT,
 * MQTT_USERNAME, MQTT_PASSWORD).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCityPack } from '@twin/city/node';
import { castDepartments, importCallHistory, packFireCallsFile } from '@twin/demo-feed';
import { CITY_ID_REGEX } from '@twin/domain';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const cityId = process.env.CITY || 'sf';
  if (!CITY_ID_REGEX.test(cityId)) throw new Error(`CITY must be a city pack id, got "${cityId}"`);
  const packsDir = resolve(repoRoot, process.env.CITY_PACKS_DIR || 'data/cities');
  const city = await loadCityPack(join(packsDir, cityId));
  const file = process.argv[2] ? resolve(process.argv[2]) : await packFireCallsFile(city.dir);
  if (!file)
    throw new Error(
      `the city pack ${cityId} has no fire-calls CSV; name one: pnpm import:history <file.csv>`,
    );
  const mqttUrl = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
  const started = Date.now();
  const result = await importCallHistory({
    mqttUrl,
    username: process.env.MQTT_USERNAME || undefined,
    password: process.env.MQTT_PASSWORD || undefined,
    topicRoot: process.env.TOPIC_ROOT || 'city',
    csv: await readFile(file, 'utf8'),
    timeZone: city.manifest.timezone,
    departments: castDepartments(city.manifest.departments),
    logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
  });
  console.log(
    `import:history: ${result.calls} calls, ${result.events} events published to ${mqttUrl} from ${file} in ${
      Date.now() - started
    } ms (events already stored are dropped by the service)`,
  );
}

main().catch((err: unknown) => {
  console.error(`import:history: ${(err as Error).message}`);
  process.exit(1);
});
