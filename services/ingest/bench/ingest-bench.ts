/**
 * `pnpm bench:ingest`: how fast the service stores readings with "acknowledged = committed", against the
 * two baselines that say what that number is worth — a naive ingest (one INSERT per message) and the
 * broker's own pass-through — all measured in the same session, alternating, several runs each.
 *
 *   npx pnpm@10.34.9 bench:ingest                                        # embedded stack (Aedes + PGlite)
 *   DATABASE_URL=postgres://…/test MQTT_URL=mqtt://…:18831 npx pnpm@10.34.9 bench:ingest   # + external
 *
 * Cases, per stack (every publisher, subscriber, broker and the service run in processes of their own):
 * - single:  the service (spawned as `pnpm start` runs it), one reading per message on sensors/{id}/data;
 * - gateway: the service, gateway messages of 100 readings on gateways/{gw}/data;
 * - naive:   a subscriber doing one plain INSERT per message on a scratch database, acked after it;
 * - passthrough_single / passthrough_gateway: a subscriber that only counts, on a bare broker (Mosquitto
 *   at MQTT_URL; for the embedded stack a plain Aedes of the same version in its own process).
 *
 * Ends with one JSON line per stack. Env: BENCH_RUNS (3), BENCH_SINGLE_MESSAGES (400000),
 * BENCH_GATEWAY_READINGS (1000000), BENCH_READINGS_PER_MESSAGE (100), BENCH_NAIVE_MESSAGES (20000: one INSERT each is slow),
 * BENCH_SENSORS (2000), BENCH_SINGLE_IN_FLIGHT (1000), BENCH_GATEWAY_IN_FLIGHT (100) or BENCH_IN_FLIGHT
 * for both, BENCH_CONNECTIONS (1 publisher connection), BENCH_CASES (comma list, default all),
 * BENCH_STACKS (embedded,external), BENCH_CPU_PROF (a folder: the service runs under --cpu-prof),
 * BENCH_SERVICE_ROOT (another checkout whose service is measured, see compare-with-commit.sh),
 * BENCH_FLUSH_INTERVAL_MS / BENCH_BATCH_MAX_RECORDS / BENCH_CONCURRENT_BATCHES (passed to the service), BENCH_SERVICE_LOG (a file: the
 * service's whole output, appended).
 * On Linux each run also prints the CPU one reading cost the machine, the service, PostgreSQL and Mosquitto
 * (cpu-time.ts): steadier than throughput on a shared machine, and it says where the time went.
 */

import { baselineRun, newTag, type RunResult, type RunSettings, StalledError, serviceRun } from './cases.js';
import { type BenchChild, startChild } from './child.js';
import { type CpuPerReading, cpuPerReading, cpuSnapshot } from './cpu-time.js';
import { countEmbeddedReadingsByTag } from './embedded-rows.js';
import { countReadingsByTag, createScratchDatabase, type ScratchDatabase } from './scratch-db.js';
import { type BenchService, startService } from './service.js';
import { describe, envInt, int, type Spread, spread } from './stats.js';

const CASES = ['single', 'gateway', 'naive', 'passthrough_single', 'passthrough_gateway'] as const;
type Case = (typeof CASES)[number];

const RUNS = envInt('BENCH_RUNS', 3);
// NOTE: runs of several seconds even on a fast machine (single ~8 s, gateway ~5 s at 220,000/s): at the old
// 100,000 and 200,000 a run took 1–2 s there, and start-up weighed on the figure.
const SINGLE = envInt('BENCH_SINGLE_MESSAGES', 400_000);
const GATEWAY = envInt('BENCH_GATEWAY_READINGS', 1_000_000);
const NAIVE = envInt('BENCH_NAIVE_MESSAGES', 20_000);
const settings: RunSettings = {
  sensors: envInt('BENCH_SENSORS', 2000),
  perMessage: envInt('BENCH_READINGS_PER_MESSAGE', 100),
  inFlight: {
    single: envInt('BENCH_SINGLE_IN_FLIGHT', envInt('BENCH_IN_FLIGHT', 1000)),
    gateway: envInt('BENCH_GATEWAY_IN_FLIGHT', envInt('BENCH_IN_FLIGHT', 100)),
  },
  connections: envInt('BENCH_CONNECTIONS', 1),
  pollMs: 25,
  stallMs: envInt('BENCH_STALL_SECONDS', 30) * 1000,
};
const cases = (process.env.BENCH_CASES ?? CASES.join(',')).split(',').map((c) => c.trim()) as Case[];
for (const c of cases) if (!CASES.includes(c)) throw new Error(`BENCH_CASES: unknown case "${c}"`);

interface StackTarget {
  name: 'embedded' | 'external';
  databaseUrl: string | null;
  mqttUrl: string | null;
}

function stackTargets(): StackTarget[] {
  const wanted = (process.env.BENCH_STACKS ?? 'embedded,external').split(',');
  const list: StackTarget[] = [];
  if (wanted.includes('embedded')) list.push({ name: 'embedded', databaseUrl: null, mqttUrl: null });
  const { DATABASE_URL, MQTT_URL } = process.env;
  if (wanted.includes('external') && DATABASE_URL && MQTT_URL)
    list.push({ name: 'external', databaseUrl: DATABASE_URL, mqttUrl: MQTT_URL });
  return list;
}

interface StackFigures {
  results: Map<Case, RunResult[]>;
  /** CPU per reading of each run (Linux only: empty elsewhere). */
  cpu: Map<Case, CpuPerReading[]>;
  /** Per round, in the same round: single/pass-through single, gateway/pass-through gateway, gateway/naive. */
  ratios: { single: number[]; gateway: number[]; naive: number[] };
  acked: number;
  found: number;
  naiveLost: number;
  /** Why the stack's runs stopped early (a stalled service), or null. */
  stalled: string | null;
}

async function measureStack(target: StackTarget): Promise<StackFigures> {
  const external = target.name === 'external';
  const cleanups: (() => Promise<unknown>)[] = [];
  const figures: StackFigures = {
    results: new Map(cases.map((c) => [c, []])),
    cpu: new Map(cases.map((c) => [c, []])),
    ratios: { single: [], gateway: [], naive: [] },
    acked: 0,
    found: 0,
    naiveLost: 0,
    stalled: null,
  };
  try {
    const needsService = cases.includes('single') || cases.includes('gateway');
    let serviceDb: ScratchDatabase | null = null;
    let naiveDb: ScratchDatabase | null = null;
    if (target.databaseUrl) {
      if (needsService) serviceDb = await createScratchDatabase(target.databaseUrl, 'svc');
      if (cases.includes('naive')) naiveDb = await createScratchDatabase(target.databaseUrl, 'naive');
      for (const db of [serviceDb, naiveDb]) if (db) cleanups.push(() => db.drop());
    }
    let brokerUrl = target.mqttUrl;
    let aedes: BenchChild | null = null;
    if (!brokerUrl && cases.some((c) => c === 'naive' || c.startsWith('passthrough'))) {
      aedes = startChild('aedes-broker.ts');
      cleanups.push(() => aedes!.stop());
      brokerUrl = (await aedes.next<{ type: string; url: string }>('listening')).url;
    }
    const topicRoot = newTag('bench');
    let service: BenchService | null = null;
    if (needsService) {
      service = await startService({
        databaseUrl: serviceDb?.url ?? null,
        mqttUrl: target.mqttUrl,
        topicRoot,
        cpuProfDir: process.env.BENCH_CPU_PROF || null,
      });
      // Runs before removal: the data folder is read by the row count below first.
      cleanups.push(() => service!.removeData());
      cleanups.push(() => service!.stop());
    }
    // MQTT 5 (receive maximum 65,535) where the broker speaks it, as the service does; Aedes is 3.1.1.
    const protocol = external ? 5 : 4;
    const serviceTags: RunResult[] = [];
    const runCase = (c: Case): Promise<RunResult> => {
      if (c === 'single') return serviceRun(service!, external, topicRoot, 'single', SINGLE, settings);
      if (c === 'gateway') return serviceRun(service!, external, topicRoot, 'gateway', GATEWAY, settings);
      if (c === 'naive')
        return baselineRun('naive', brokerUrl!, protocol, 'single', NAIVE, settings, naiveDb?.url ?? null);
      if (c === 'passthrough_single')
        return baselineRun('count', brokerUrl!, protocol, 'single', SINGLE, settings, null);
      return baselineRun('count', brokerUrl!, protocol, 'gateway', GATEWAY, settings, null);
    };
    for (let round = 0; round < RUNS && !figures.stalled; round++) {
      const order = cases.map((_, i) => cases[(i + round) % cases.length]!);
      const inRound = new Map<Case, number>();
      for (const c of order) {
        let r: RunResult;
        if (figures.stalled) break;
        const cpuBefore = cpuSnapshot(service?.pid ?? null);
        try {
          r = await runCase(c);
        } catch (err) {
          if (!(err instanceof StalledError)) throw err;
          figures.stalled = err.message;
          process.stderr.write(`  ${target.name} round ${round + 1}: ${err.message}\n`);
          break;
        }
        figures.results.get(c)!.push(r);
        const cpu = cpuPerReading(cpuBefore, cpuSnapshot(service?.pid ?? null), r.readings);
        if (cpu) figures.cpu.get(c)!.push(cpu);
        inRound.set(c, r.readingsPerS);
        if (c === 'single' || c === 'gateway') serviceTags.push(r);
        if (c === 'naive') figures.naiveLost += r.acked - (r.rows ?? 0);
        process.stderr.write(
          `  ${target.name} round ${round + 1}/${RUNS} ${c}: ${int(r.readingsPerS)} readings/s` +
            ` (publish→PUBACK p99 ${r.ackP99.toFixed(1)} ms${r.storedP99 !== null ? `, publish→stored p99 ${r.storedP99.toFixed(0)} ms` : ''})` +
            `${cpu ? `; CPU per reading ${describeCpu(cpu)}` : ''}\n`,
        );
      }
      const ratio = (a: Case, b: Case) =>
        inRound.has(a) && inRound.has(b) ? inRound.get(a)! / inRound.get(b)! : Number.NaN;
      figures.ratios.single.push(ratio('single', 'passthrough_single'));
      figures.ratios.gateway.push(ratio('gateway', 'passthrough_gateway'));
      figures.ratios.naive.push(ratio('gateway', 'naive'));
    }
    if (service) {
      // The proof that nothing acknowledged was lost: count the rows, after a clean stop for the embedded
      // database (its one connection belongs to the service while it runs).
      await service.stop();
      const counts = await (serviceDb
        ? countReadingsByTag(serviceDb.url)
        : countEmbeddedReadingsByTag(service.dataDir)
      ).catch((err: Error) => {
        process.stderr.write(`  could not count the stored rows: ${err.message}\n`);
        return new Map<string, number>();
      });
      for (const r of serviceTags) {
        figures.acked += r.acked;
        figures.found += counts.get(r.tag) ?? 0;
      }
    }
    return figures;
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch((e) => process.stderr.write(`cleanup: ${e}\n`));
  }
}

/** "machine 98 µs (service 39, PostgreSQL 20, Mosquitto 28)": the parts are within the machine's figure. */
function describeCpu(c: CpuPerReading): string {
  const us = (n: number) => n.toFixed(1);
  return `machine ${us(c.machineUs)} µs (service ${us(c.serviceUs)}, PostgreSQL ${us(c.postgresUs)}, Mosquitto ${us(c.brokerUs)})`;
}

function report(target: StackTarget, f: StackFigures): Record<string, unknown> {
  const rps = (c: Case): Spread => spread((f.results.get(c) ?? []).map((r) => r.readingsPerS));
  const label: Record<Case, string> = {
    single: `single   service, 1 reading/msg, ${int(SINGLE)} msgs, ${settings.inFlight.single} in flight`,
    gateway: `gateway  service, ${settings.perMessage} readings/msg, ${int(GATEWAY)} readings, ${settings.inFlight.gateway} in flight`,
    naive: `naive    1 INSERT/msg (pool 10${target.databaseUrl ? '' : '; PGlite in-process'}), ${int(NAIVE)} msgs`,
    passthrough_single: 'pass-through single  (bare broker, counting subscriber)',
    passthrough_gateway: 'pass-through gateway (bare broker, counting subscriber)',
  };
  const lines = [
    `${target.name} stack — ${RUNS} runs per case, ${settings.connections} publisher connection(s)`,
  ];
  for (const c of cases) {
    const rs = f.results.get(c)!;
    const ack = spread(rs.map((r) => r.ackP99));
    const stored = spread(rs.filter((r) => r.storedP99 !== null).map((r) => r.storedP99!));
    lines.push(`  ${label[c]}`);
    lines.push(`      ${describe(rps(c))} readings/s; publish→PUBACK p99 ${describe(ack, 1)} ms`);
    if (c === 'single' || c === 'gateway')
      lines.push(
        `      publish→stored p99 (committed readings polled every ${settings.pollMs} ms) ${describe(stored)} ms`,
      );
    const cpu = f.cpu.get(c)!;
    if (cpu.length > 0) {
      const median = (pick: (x: CpuPerReading) => number) => spread(cpu.map(pick)).median;
      lines.push(
        `      CPU per reading (${c}), median of ${cpu.length}: ${describeCpu({
          machineUs: median((x) => x.machineUs),
          serviceUs: median((x) => x.serviceUs),
          postgresUs: median((x) => x.postgresUs),
          brokerUs: median((x) => x.brokerUs),
        })}`,
      );
    }
  }
  const r = (xs: number[]) => describe(spread(xs.filter((x) => Number.isFinite(x))), 3);
  lines.push(`  ratios per round: single/passthrough_single ${r(f.ratios.single)}`);
  lines.push(`                    gateway/passthrough_gateway ${r(f.ratios.gateway)}`);
  lines.push(`                    gateway/naive ${r(f.ratios.naive)}`);
  if (f.stalled) lines.push(`  STALLED, remaining runs skipped: ${f.stalled}`);
  lines.push(
    `  lost: ${int(f.acked - f.found)} (readings acked ${int(f.acked)}, rows found ${int(f.found)}); naive lost ${int(f.naiveLost)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  // NOTE: commit latency as honestly as each stack allows: embedded = publish→PUBACK (sent after the
  // commit); external = publish→stored (the broker acks the publisher before the service commits).
  const p99 = (c: Case) => {
    const rs = f.results.get(c) ?? [];
    return spread(rs.map((x) => (target.name === 'external' ? x.storedP99! : x.ackP99))).median;
  };
  const worst = Math.max(...(['single', 'gateway'] as Case[]).filter((c) => cases.includes(c)).map(p99));
  const round0 = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);
  return {
    stack: target.name,
    single_rps: round0(rps('single').median),
    gateway_rps: round0(rps('gateway').median),
    naive_rps: round0(rps('naive').median),
    passthrough_single_rps: round0(rps('passthrough_single').median),
    passthrough_gateway_rps: round0(rps('passthrough_gateway').median),
    p99_commit_ms: Number.isFinite(worst) ? Math.round(worst * 10) / 10 : null,
    lost: f.acked - f.found,
    ...(f.stalled ? { stalled: f.stalled } : {}),
  };
}

const jsonLines: string[] = [];
for (const target of stackTargets()) {
  const figures = await measureStack(target);
  jsonLines.push(JSON.stringify(report(target, figures)));
}
process.stdout.write(`${jsonLines.join('\n')}\n`);
process.exit(0);
