// `pnpm start` and `pnpm test` call this: rebuilding the dashboard takes tens of seconds, so it only runs
// `vite build` when dist/index.html is missing or older than any input that ends up in the bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const output = join(here, 'dist', 'index.html');
const inputs = [
  join(here, 'src'),
  join(here, 'index.html'),
  join(here, 'public'),
  join(here, 'vite.config.ts'),
  join(here, 'package.json'),
  join(here, '..', '..', 'packages', 'domain', 'src'),
];

/** Newest modification time under a file or folder (0 when it does not exist). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(newestMtime));
if (builtAt > changedAt) {
  console.log('dashboard: dist is up to date');
} else {
  console.log(builtAt === 0 ? 'dashboard: no build yet, building' : 'dashboard: sources changed, rebuilding');
  // NOTE: the local vite binary, not npx, so no registry is ever asked at start-up.
  const vite = join(here, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: here, stdio: 'inherit' });
  // NOTE: vite can fail after writing dist/index.html (an unresolved import is reported at the end); that file
  // would then look newer than every source and the broken build would be served from then on.
  if (result.status !== 0) rmSync(output, { force: true });
  process.exit(result.status ?? 1);
}
