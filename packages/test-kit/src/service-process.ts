/**
 * The ingest service as a child process, started exactly as `pnpm start` starts it
 * (`node --import tsx services/ingest/src/main.ts`), with an environment built here from an allow-list:
 * nothing leaks in from the test runner's environment (no DATABASE_URL / MQTT_URL of the CI machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { authHeaders, newAdminToken, rememberAdminToken, TEST_ADMIN_PASSWORD } from './api-auth.js';
import { sleep } from './wait.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/**
 * The tree whose service is started: this repository, or FAULT_SERVICE_ROOT (another checkout of it with
 * its node_modules, e.g. an export of the last commit, to compare the code under edit with a baseline).
 */
export const SERVICE_ROOT = process.env.FAULT_SERVICE_ROOT
  ? resolve(process.env.FAULT_SERVICE_ROOT)
  : REPO_ROOT;
const MAIN = resolve(SERVICE_ROOT, 'services/ingest/src/main.ts');
const OUTPUT_KEEP = 256 * 1024;
/** Variables the child may inherit; everything else is set explicitly. */
const INHERIT = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'USER', 'NODE_EXTRA_CA_CERTS'];

export interface ServiceOptions {
  /** External stack; omit for the embedded one (Aedes + PGlite). */
  databaseUrl?: string;
  mqttUrl?: string;
  /** Embedded broker port: fixed, so a restarted service's broker comes back where publishers reconnect. */
  mqttPort?: number;
  dataDir: string;
  topicRoot: string;
  /** Stable per test: the broker keeps the persistent session across restarts. */
  clientId: string;
  /** Extra variables (e.g. INGEST_MAX_PENDING_BYTES). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

export interface ServiceProcess {
  pid: number;
  /**
   * ADMIN_TOKEN of this service (fetchJson sends it; '' when started with ADMIN_TOKEN ''); the first admin
   * signs in as `admin` with TEST_ADMIN_PASSWORD.
   */
  adminToken: string;
  /** http://localhost:<port> (no trailing slash) */
  url: string;
  mqttUrl: string;
  exited: Promise<Exit>;
  running(): boolean;
  /** stdout + stderr so far (the last 256 KiB). */
  output(): string;
  kill9(): Promise<Exit>;
  /** SIGINT (Ctrl-C), waits for the exit. */
  stop(timeoutMs?: number): Promise<Exit>;
  /** VmRSS from /proc/<pid>/status, or null when the process is gone. */
  rssBytes(): Promise<number | null>;
  /** GET /metrics as a map `name{labels}` → value. */
  metrics(): Promise<Map<string, number>>;
  readyz(): Promise<HttpAnswer<ReadyBody>>;
  healthz(): Promise<HttpAnswer>;
}

export interface ReadyBody {
  status?: string;
  database?: boolean;
  mqtt?: boolean;
  storage?: { ok?: boolean; reason?: string | null; since?: number | null };
}

export function serviceEnv(opts: ServiceOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERIT) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    SIMULATOR: 'false',
    // A test that turns the demo feed on gets the feed alone: the 2020 history import (about 40,000 events)
    // would load the store in the background; a test that wants it sets HISTORY_IMPORT=true.
    HISTORY_IMPORT: 'false',
    LOG_LEVEL: 'warn',
    TOPIC_ROOT: opts.topicRoot,
    INGEST_CLIENT_ID: opts.clientId,
    ADMIN_TOKEN: newAdminToken(),
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
  });
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.mqttUrl) env.MQTT_URL = opts.mqttUrl;
  if (opts.mqttPort !== undefined) env.MQTT_PORT = String(opts.mqttPort);
  return { ...env, ...opts.env };
}

/** Prometheus text → map. Keys are `name` or `name{label="v",…}` exactly as exposed. */
export function parseMetrics(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (m) map.set(m[1]!, Number(m[2]));
  }
  return map;
}

/** Sum of every series of one metric name; undefined when the metric is not exposed at all. */
export function metricSum(map: Map<string, number>, name: string): number | undefined {
  let found = false;
  let sum = 0;
  for (const [key, value] of map) {
    if (key === name || key.startsWith(`${name}{`)) {
      found = true;
      sum += value;
    }
  }
  return found ? sum : undefined;
}

/** GET a path of the service as its admin (authHeaders); the body parsed as JSON when it is JSON. */
export async function fetchJson<T>(base: string, path: string): Promise<HttpAnswer<T>> {
  const res = await fetch(`${base}${path}`, {
    headers: authHeaders(base),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T };
}

/** The per-message accounting of a service (received = stored + duplicate + rejected + pending). */
export async function messageCounters(service: Pick<ServiceProcess, 'metrics'>) {
  const m = await service.metrics();
  const sum = (name: string) => metricSum(m, name) ?? 0;
  return {
    received: sum('twin_messages_received_total'),
    stored: sum('twin_messages_stored_total'),
    duplicate: sum('twin_messages_duplicate_total'),
    rejected: sum('twin_messages_rejected_total'),
    pending: sum('twin_messages_pending'),
    deadLettersStored: sum('twin_dead_letters_stored_total'),
  };
}

export async function startService(opts: ServiceOptions): Promise<ServiceProcess> {
  const env = serviceEnv(opts);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: SERVICE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (d: Buffer) => {
    out += String(d);
    if (out.length > OUTPUT_KEEP * 2) out = out.slice(-OUTPUT_KEEP);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((r) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      r(exit);
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the service');

  // If the test process dies without its afterAll, do not leave the service behind.
  const onExit = () => {
    if (!exit) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  void exited.then(() => process.removeListener('exit', onExit));

  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let banner: RegExpExecArray | null = null;
  while (!banner) {
    banner = /open (http:\/\/\S+?)\/?\s[\s\S]*MQTT: (mqtt:\/\/\S+)/.exec(out);
    if (banner) break;
    if (exit) {
      throw new Error(
        `the service exited during start (${(exit as Exit).code ?? (exit as Exit).signal}); output:\n${out.slice(-6000)}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`the service printed no banner within ${timeoutMs} ms; output:\n${out.slice(-6000)}`);
    }
    await sleep(100);
  }
  const url = banner[1]!.replace(/\/$/, '');
  const mqttUrl = banner[2]!;
  // NOTE: ADMIN_TOKEN '' starts the service without one (it then writes DATA_DIR/admin-token).
  const adminToken = env.ADMIN_TOKEN ?? '';
  if (adminToken !== '') rememberAdminToken(url, adminToken);

  const running = () => exit === null;
  const signalAndWait = async (signal: NodeJS.Signals, timeout: number): Promise<Exit> => {
    if (exit) return exit;
    child.kill(signal);
    const result = await Promise.race([exited, sleep(timeout).then(() => null)]);
    if (result) return result;
    child.kill('SIGKILL');
    await exited;
    throw new Error(
      `the service did not exit within ${timeout} ms of ${signal}; killed it. Output:\n${out.slice(-4000)}`,
    );
  };

  return {
    pid,
    adminToken,
    url,
    mqttUrl,
    exited,
    running,
    output: () => out.slice(-OUTPUT_KEEP),
    kill9: () => signalAndWait('SIGKILL', 10_000),
    stop: (timeout = 60_000) => signalAndWait('SIGINT', timeout),
    async rssBytes() {
      if (exit) return null;
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
        return m ? Number(m[1]) * 1024 : null;
      } catch {
        return null;
      }
    },
    async metrics() {
      const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      return parseMetrics(await res.text());
    },
    readyz: () => fetchJson<ReadyBody>(url, '/readyz'),
    healthz: () => fetchJson(url, '/healthz'),
  };
}
