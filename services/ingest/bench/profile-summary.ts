/**
 * Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=<dir>`, i.e. the service under `node --cpu-prof`):
 * self time per function and per origin (a package of node_modules, a source file of this repo, Node's
 * internals, GC, idle). Idle time is the event loop waiting — on the database, the network or nothing.
 *
 *   npx tsx services/ingest/bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function comes from: a package, a file of the repo, Node itself, or V8's pseudo-frames. */
export function origin(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node:internals';
  const repo = /\/(services\/[^?]+|packages\/[^?]+)/.exec(url);
  return repo ? repo[1]! : url;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = profile.endTime - profile.startTime;
const perFunction = new Map<string, number>();
const perOrigin = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = origin(url, functionName);
  const key = `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
  perFunction.set(key, (perFunction.get(key) ?? 0) + us);
  perOrigin.set(where, (perOrigin.get(where) ?? 0) + us);
}
const busy = total - (perOrigin.get('(idle)') ?? 0);
const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)} %`;
const list = (m: Map<string, number>) =>
  [...m]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
process.stdout.write(
  `${file}\n  wall ${(total / 1e6).toFixed(1)} s, busy (not idle) ${(busy / 1e6).toFixed(1)} s = ${pct(busy, total)}\n` +
    '  self time by origin (% of busy):\n' +
    list(perOrigin)
      .map(([k, us]) => `    ${pct(us, busy)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n') +
    '\n  self time by function (% of busy):\n' +
    list(perFunction)
      .map(([k, us]) => `    ${pct(us, busy)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n') +
    '\n',
);
