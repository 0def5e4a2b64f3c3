/**
 * CPU time of Chromium's processes by kind (browser, renderer, GPU process, …), read from Linux's /proc: the
 * page's main thread shares the machine's cores with the GPU process, which draws WebGL and composites in
 * software here (SwiftShader) at a higher priority than the page. What the GPU process spends per frame is
 * what the page's main thread waits behind. Elsewhere than Linux the reading is empty and the benches say so.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Seconds of CPU (user + system) per kind of Chromium process. */
export type ProcessCpu = Map<string, number>;

const TICKS_PER_SECOND = 100;

async function chromiumProcess(pid: string): Promise<{ kind: string; seconds: number } | null> {
  try {
    // NOTE: Chromium's child processes rewrite their command line as one string, arguments joined by spaces.
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split(/[\0 ]/);
    if (!/chrom/i.test(cmdline[0] ?? '')) return null;
    const type = cmdline.find((arg) => arg.startsWith('--type='))?.slice('--type='.length) ?? 'browser';
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // NOTE: fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { kind: type, seconds: ticks / TICKS_PER_SECOND };
  } catch {
    // The process ended between the listing and the read.
    return null;
  }
}

/** Every running Chromium process's CPU time so far, summed by kind; empty where /proc is not there. */
export async function chromiumCpu(): Promise<ProcessCpu> {
  const byKind: ProcessCpu = new Map();
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return byKind;
  }
  for (const found of await Promise.all(pids.map(chromiumProcess)))
    if (found) byKind.set(found.kind, (byKind.get(found.kind) ?? 0) + found.seconds);
  return byKind;
}

/** CPU seconds each kind spent between two readings (kinds whose processes ended count from zero). */
export function cpuSpent(before: ProcessCpu, after: ProcessCpu): ProcessCpu {
  const spent: ProcessCpu = new Map();
  for (const [kind, seconds] of after) spent.set(kind, Math.max(0, seconds - (before.get(kind) ?? 0)));
  return spent;
}
