// `pnpm start`: builds the dashboard when its sources changed, then runs the service in the foreground.
// WHY a launcher rather than `pnpm --filter … run start`: Ctrl-C reaches every process of the terminal's
// group, and pnpm's recursive run reported the service's stop as ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL … SIGINT,
// which reads like a crash. Here the service stops in order and this launcher exits with its code: 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// NOTE: the build's words go to stderr: stdout is the service's log (one JSON record a line with LOG_FORMAT=json).
const build = spawnSync(process.execPath, [join(root, 'services/dashboard/scripts/build-if-needed.mjs')], {
  cwd: root,
  stdio: ['inherit', 2, 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

// The demo reads the city pack's sample CAP warning (a flood warning drawn on the map) unless CAP_SOURCES
// says otherwise (empty = none) or the demo feed is off; the service itself defaults to no sources.
const env = { ...process.env };
const demo = !['0', 'false', 'no', 'off'].includes((env.SIMULATOR ?? '').toLowerCase());
const capSample = join(
  resolve(root, env.CITY_PACKS_DIR || 'data/cities'),
  env.CITY || 'sf',
  'cap-sample.xml',
);
if (env.CAP_SOURCES === undefined && demo && existsSync(capSample)) env.CAP_SOURCES = capSample;

const service = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/ingest/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env,
});

// NOTE: a terminal's Ctrl-C already reached the service; a signal sent to this launcher alone (a process
// manager, a test) is passed on. The service ignores a second SIGINT while it is stopping.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (service.exitCode === null) service.kill(signal);
  });
}

service.on('exit', (code, signal) => {
  // Stopped by a signal it did not handle (it handles SIGINT and SIGTERM and exits 0 itself): say so.
  if (code === null) {
    process.stderr.write(`the service was stopped by ${signal}\n`);
    process.exit(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
  }
  process.exit(code);
});
