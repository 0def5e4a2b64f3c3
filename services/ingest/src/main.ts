/**
 * `pnpm start`: the product on one machine. Embedded broker and database unless MQTT_URL / DATABASE_URL
 * say otherwise, the demo feed unless SIMULATOR=false. Ctrl-C stops everything in order; data persists.
 */
import { loadConfig } from './config.js';
import { demoFeedHook } from './demo-feed.js';
import { createLogger, resolveLogFormat } from './log-format.js';
import { assertPortsFree } from './port-check.js';
import { startRuntime } from './runtime.js';
import { StartupError } from './startup-error.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const format = resolveLogFormat(config.logFormat, process.stdout.isTTY === true);
  const log = createLogger({ level: config.logLevel, format });
  // Before anything slow starts: a port clash is one plain line, not an error after the database opened.
  await assertPortsFree(config);
  const runtime = await startRuntime(config, log, {
    startFeed: config.simulator ? demoFeedHook(config, log) : undefined,
  });

  const first = runtime.firstAdmin;
  const banner = [
    '',
    `  City twin is running: open ${runtime.url}/`,
    `  API docs: ${runtime.url}/docs   MQTT: ${runtime.mqttUrl}   data: ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}`,
    runtime.adminToken.created
      ? `  Admin API token (Authorization: Bearer, see docs/security.md): written to ${runtime.adminToken.path}`
      : null,
    // NOTE: printed here, once, to the console and never to the log: nothing stores this password in clear.
    first
      ? [
          '',
          '  First start: an admin was created. Sign in at',
          `    ${runtime.url}/`,
          `    username: ${first.username}`,
          `    password: ${first.generatedPassword ?? '(the one in ADMIN_PASSWORD)'}`,
          first.generatedPassword
            ? '  This password is shown only this once: note it, then change it under your name (top right),\n' +
              '  "Change password"; add the other users under Admin.'
            : null,
          '',
        ]
          .filter((line) => line !== null)
          .join('\n')
      : null,
    '  Ctrl-C to stop (data is kept).',
    '',
  ]
    .filter((line) => line !== null)
    .join('\n');
  if (format === 'json') {
    // NOTE: stdout stays one JSON record per line for log collectors; the words for people go to stderr.
    log.info({ url: `${runtime.url}/`, docs: `${runtime.url}/docs`, mqtt: runtime.mqttUrl }, 'running');
    process.stderr.write(`${banner}\n`);
  } else {
    process.stdout.write(`${banner}\n`);
  }
  // Printed; not kept in memory for the life of the process.
  if (first) first.generatedPassword = null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // Configuration and port problems get one clear line, not a stack trace.
  if (err instanceof StartupError) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
  } else {
    process.stderr.write(
      `failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
