/**
 * `pnpm city <command>` (root package.json). The only file of the tool that touches process: everything it
 * does is in run-cli.ts, which the tests call directly.
 */
import { runCityCli } from './run-cli.js';

// NOTE: pnpm runs root scripts in the repository root; INIT_CWD is where the user typed the command, which is
// what relative paths on the command line mean.
const code = await runCityCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD || process.cwd(),
  packsDir: process.env.CITY_PACKS_DIR || undefined,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
