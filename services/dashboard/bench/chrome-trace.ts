/**
 * A Chrome trace of a page over a measured window (CDP `Tracing`), and where its threads' time went: for the
 * renderer's main thread and the GPU/compositor threads, the trace events with the most total time (inclusive:
 * a parent's time contains its children's, so read the list as a tree's levels, not a sum). Written for the
 * replay bench's `--trace`: the main thread was busy seconds per frame while the page's script took ~5 % of it.
 */
import { writeFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'cc',
  'gpu',
  'viz',
  'v8.execute',
  'toplevel',
];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
  });
}

/** Ends the trace, writes it to `file` (loadable in chrome://tracing or Perfetto) and returns its events. */
export async function endTrace(cdp: CDPSession, file: string): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? '')),
  );
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await writeFile(file, text);
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** Per thread of interest: total ms of its busiest event names over the trace, divided by `frames`. */
export function summarizeTrace(events: readonly TraceEvent[], frames: number, top = 12): string {
  const threadName = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const byThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const thread = threadName.get(`${e.pid}:${e.tid}`) ?? '';
    if (!/CrRendererMain|Compositor|CrGpuMain|VizCompositor|GpuMemory/.test(thread)) continue;
    const key = `${thread} (pid ${e.pid})`;
    const names = byThread.get(key) ?? new Map<string, number>();
    names.set(e.name, (names.get(e.name) ?? 0) + e.dur / 1000);
    byThread.set(key, names);
  }
  const lines: string[] = [];
  for (const [thread, names] of byThread) {
    lines.push(`  ${thread}: ms per frame, inclusive (${frames} frames)`);
    for (const [name, ms] of [...names].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`    ${(ms / Math.max(1, frames)).toFixed(1).padStart(9)}  ${name}`);
  }
  return lines.join('\n');
}
