/**
 * `pnpm refold`: rebuilds every stored incident state from its events (after a change to the fold rules;
 * the service also refolds states made by older rules at start). Uses the same configuration as the
 * service (DATABASE_URL, or the embedded database in DATA_DIR — stop the service first there: the embedded
 * engine serves one process).
 */
import { loadCityPack } from '@twin/city/node';
import pino from 'pino';
import { loadConfig } from './config.js';
import { migrate } from './db/migrations.js';
import { createPool } from './db/pool.js';
import { refoldIncidents } from './db/refold.js';
import { startEmbeddedDatabase } from './embedded/embedded-database.js';
import { StartupError } from './startup-error.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({ level: config.logLevel });
  const city = await loadCityPack(config.cityDir);
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir);
  const pool = createPool(config.databaseUrl ?? embedded!.url, embedded !== null);
  try {
    await migrate(pool);
    const started = Date.now();
    const result = await refoldIncidents(pool, city.places, { onlyOutdated: false });
    process.stdout.write(
      `refolded ${result.incidents} incidents from their events in ${Date.now() - started} ms; ${result.changed} came out different\n`,
    );
    log.debug(result, 'refold done');
  } finally {
    await pool.end();
    await embedded?.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof StartupError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
});
