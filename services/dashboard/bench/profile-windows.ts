/**
 * What ran inside each long live update: reads the page's CPU profile (`bench:wall --profile`) and the long
 * updates (`bench:wall --detail`), and prints per update the functions with the most time inside it
 * (inclusive: a React component's render with everything it calls), then its own time per function.
 * Build the dashboard unminified first (`npx vite build --minify false` in services/dashboard) to read names.
 *
 *   npx tsx services/dashboard/bench/profile-windows.ts <file.cpuprofile> <detail.json> [top=12]
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
}
interface Detail {
  profileFrom: number;
  long: Array<{
    start: number;
    duration: number;
    own: number;
    around: Array<{ duration: number; invoker: string; forcedLayout?: number; source?: string }>;
  }>;
}

const [profileFile, detailFile, topArg] = process.argv.slice(2);
if (!profileFile || !detailFile)
  throw new Error('usage: profile-windows.ts <file.cpuprofile> <detail.json> [top]');
const top = Number(topArg ?? 12);
const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Profile;
const detail = JSON.parse(readFileSync(detailFile, 'utf8')) as Detail;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (id: number) => {
  const f = byId.get(id)?.callFrame;
  if (!f) return '?';
  const file = f.url.split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};

// Sample times on the page's clock (ms since its time origin): the profile starts about where the bench read
// `from`, but that read comes a round trip later (hundreds of ms on a loaded machine). The shift is taken as the
// one that puts the most JavaScript samples inside the long updates (they are JavaScript by definition).
const rawTimes: number[] = [];
let t = 0;
for (const delta of profile.timeDeltas) {
  t += delta;
  rawTimes.push(detail.profileFrom + t / 1000);
}
const isScript = profile.samples.map((id) => !/^\((program|idle|root|garbage collector)\)/.test(name(id)));
function scriptSamplesInside(shift: number): number {
  let count = 0;
  for (let i = 0; i < rawTimes.length; i++) {
    if (!isScript[i]) continue;
    const at = (rawTimes[i] ?? 0) + shift;
    if (detail.long.some((u) => at >= u.start && at <= u.start + u.duration)) count++;
  }
  return count;
}
let bestShift = 0;
let best = -1;
for (let shift = -8000; shift <= 1000; shift += 5) {
  const count = scriptSamplesInside(shift);
  if (count > best) [best, bestShift] = [count, shift];
}
console.log(`profile shifted by ${bestShift} ms to match the page's clock`);
const times = rawTimes.map((at) => at + bestShift);

for (const update of detail.long) {
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i] ?? 0;
    if (at < update.start || at > update.start + update.duration) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += ms;
    const leaf = profile.samples[i] ?? 0;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const key = name(id);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const scripts = update.around
    .map(
      (s) =>
        `${Math.round(s.duration)} ms ${s.invoker} (${s.source ?? ''}; forced layout ${Math.round(s.forcedLayout ?? 0)} ms)`,
    )
    .join('; ');
  console.log(
    `\n=== at ${Math.round(update.start)} ms: ${Math.round(update.duration)} ms (own measure ${Math.round(update.own)} ms), ${Math.round(total)} ms sampled; ${scripts}`,
  );
  const list = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)') && !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`)
      .join('\n');
  console.log(' inclusive:\n' + list(inclusive));
  console.log(' self:\n' + list(self));
}
