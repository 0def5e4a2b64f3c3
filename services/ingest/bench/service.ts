/**
 * The real ingest service as a child process, started as `pnpm start` starts it
 * (`node --import tsx services/ingest/src/main.ts`), so its CPU is its own. Optionally under `--cpu-prof`
 * (the profile is written when it exits, hence stop() waits for a clean exit).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './child.js';

/** Variables the service may inherit; everything else is set here (no stray DATABASE_URL of the shell). */
const INHERIT = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'USER'];
/** The checkout whose service is measured: this one, or BENCH_SERVICE_ROOT (compare-with-commit.sh). */
const SERVICE_ROOT = process.env.BENCH_SERVICE_ROOT ? resolve(process.env.BENCH_SERVICE_ROOT) : REPO_ROOT;

export interface ServiceOptions {
  /** External stack; both null = embedded (Aedes + PGlite). */
  databaseUrl: string | null;
  mqttUrl: string | null;
  topicRoot: string;
  /** Directory for `--cpu-prof` output; null = no profile. */
  cpuProfDir?: string | null;
  env?: Record<string, string>;
}

export interface BenchService {
  pid: number;
  url: string;
  mqttUrl: string;
  dataDir: string;
  /** ADMIN_TOKEN of this service: the API and the live socket need `Authorization: Bearer <it>`. */
  adminToken: string;
  /** Sum of every series of a metric at GET /metrics. */
  metric(name: string): Promise<number>;
  /**
   * Readings committed so far, as often as the bench likes: on the external stack read from the store's
   * totals (written in each batch's transaction), not from the service — a /metrics request every 25 ms cost
   * the service 6–7 % of its CPU in the single-reading case (HTTP, hooks, the socket writes of the reply).
   * On the embedded stack only the service can tell: twin_readings_stored_total.
   */
  readingsStored(): Promise<number>;
  /** SIGINT, waits for a clean exit (the service commits what is queued; the CPU profile is written). */
  stop(): Promise<void>;
  /** Deletes the data folder (after stop, once whatever reads it is done). */
  removeData(): Promise<void>;
}

export async function startService(opts: ServiceOptions): Promise<BenchService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'twin-bench-data-'));
  const env: Record<string, string> = {};
  for (const name of INHERIT) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    DATA_DIR: dataDir,
    SIMULATOR: 'false',
    LOG_LEVEL: 'warn',
    TOPIC_ROOT: opts.topicRoot,
    // A fresh session per service: nothing queued for an earlier run is delivered to this one.
    INGEST_CLIENT_ID: `bench-ingest-${randomUUID().slice(0, 8)}`,
    // Every /api/v1 route and the live socket need credentials: the bench's clients use this token.
    ADMIN_TOKEN: `bench-admin-${randomBytes(16).toString('hex')}`,
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.mqttUrl ? { MQTT_URL: opts.mqttUrl } : {}),
    ...(process.env.BENCH_FLUSH_INTERVAL_MS
      ? { FLUSH_INTERVAL_MS: process.env.BENCH_FLUSH_INTERVAL_MS }
      : {}),
    ...(process.env.BENCH_BATCH_MAX_RECORDS
      ? { BATCH_MAX_RECORDS: process.env.BENCH_BATCH_MAX_RECORDS }
      : {}),
    ...(process.env.BENCH_CONCURRENT_BATCHES
      ? { INGEST_CONCURRENT_BATCHES: process.env.BENCH_CONCURRENT_BATCHES }
      : {}),
    ...opts.env,
  });
  const entry = resolve(SERVICE_ROOT, 'services/ingest/src/main.ts');
  const nodeArgs = [
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
    // BENCH_SERVICE_NODE_ARGS: extra Node.js flags for the service alone (e.g. a V8 heap setting to compare).
    ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: SERVICE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // BENCH_SERVICE_LOG=<file>: the service's whole output, appended (its warnings say why a run was slow).
  const logFile = process.env.BENCH_SERVICE_LOG;
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-64 * 1024);
    if (logFile) appendFileSync(logFile, d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | string | null | undefined;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      r();
    }),
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);

  const deadline = Date.now() + 120_000;
  let banner: RegExpExecArray | null = null;
  while (!banner) {
    banner = /open (http:\/\/\S+?)\/?\s[\s\S]*MQTT: (mqtt:\/\/\S+)/.exec(out);
    if (banner) break;
    if (exitCode !== undefined) throw new Error(`the service exited during start (${exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service printed no banner within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = banner[1]!.replace(/\/$/, '');
  let totals: pg.Client | null = null;
  const metric = async (name: string) => {
    // NOTE: only this metric; an older service (BENCH_SERVICE_ROOT) ignores the parameter and answers all.
    const text = await (await fetch(`${url}/metrics?name[]=${encodeURIComponent(name)}`)).text();
    let sum = 0;
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
    return sum;
  };
  return {
    pid: child.pid!,
    adminToken: env.ADMIN_TOKEN!,
    url,
    mqttUrl: banner[2]!,
    dataDir,
    metric,
    async readingsStored() {
      if (!opts.databaseUrl) return metric('twin_readings_stored_total');
      if (!totals) {
        totals = new pg.Client({ connectionString: opts.databaseUrl });
        await totals.connect();
      }
      const { rows } = await totals.query<{ n: string }>(
        'select readings_stored as n from ingest_totals where id = 1',
      );
      return Number(rows[0]?.n ?? 0);
    },
    async stop() {
      await totals?.end();
      totals = null;
      if (exitCode === undefined) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', kill);
      if (exitCode !== 0)
        process.stderr.write(`service exited with ${exitCode}; last output:\n${out.slice(-3000)}\n`);
    },
    removeData: () => rm(dataDir, { recursive: true, force: true }),
  };
}
