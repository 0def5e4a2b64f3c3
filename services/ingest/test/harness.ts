/**
 * Test harness: starts the real service (runtime.ts) against real sockets. The embedded target (Aedes +
 * PGlite/TimescaleDB) always runs; when DATABASE_URL and MQTT_URL are set (CI sets them to the local
 * PostgreSQL and Mosquitto) the same tests also run against those servers, each run in a database of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  authHeaders,
  createScratchDatabase,
  rememberAdminToken,
  signIn,
  TEST_ADMIN_PASSWORD,
} from '@twin/test-kit';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { describe, it } from 'vitest';
import WebSocket from 'ws';
import { CredentialStore } from '../src/broker-auth/credential-store.js';
import { type Config, loadConfig } from '../src/config.js';
import { demoFeedHook } from '../src/demo-feed.js';
import { type Runtime, startRuntime } from '../src/runtime.js';

export { authHeaders, signIn, TEST_ADMIN_PASSWORD };

export interface Target {
  name: 'embedded' | 'external';
  databaseUrl: string | null;
  mqttUrl: string | null;
}

/** The stacks that can run here: always the embedded one, the external one when DATABASE_URL and MQTT_URL are set. */
export function targets(): Target[] {
  const list: Target[] = [{ name: 'embedded', databaseUrl: null, mqttUrl: null }];
  const { DATABASE_URL, MQTT_URL } = process.env;
  if (DATABASE_URL && MQTT_URL) list.push({ name: 'external', databaseUrl: DATABASE_URL, mqttUrl: MQTT_URL });
  return list;
}

/**
 * One describe block per stack. The external stack without DATABASE_URL/MQTT_URL is reported as skipped
 * with the reason, never left out silently; under CI=true it must run.
 */
export function describeEachTarget(title: string, fn: (target: Target) => void): void {
  const available = targets();
  if (process.env.CI === 'true' && available.length < 2)
    throw new Error(
      'CI=true but DATABASE_URL and MQTT_URL are not both set: the external stack must be tested',
    );
  for (const target of available) describe(`${title} on the ${target.name} stack`, () => fn(target));
  if (available.length < 2)
    describe.skip(`${title} on the external stack (skipped: set DATABASE_URL and MQTT_URL to run it)`, () => {
      it('runs against PostgreSQL and a real broker', () => {});
    });
}

/**
 * A describe block for what only the external stack has (several instances on one database and broker, a
 * second database as a replica). Without DATABASE_URL/MQTT_URL it is reported as skipped with the reason;
 * under CI=true it must run.
 */
export function describeOnExternalStack(title: string, fn: (target: Target) => void): void {
  const external = targets().find((t) => t.name === 'external');
  if (external) {
    describe(title, () => fn(external));
    return;
  }
  if (process.env.CI === 'true')
    throw new Error(`CI=true but DATABASE_URL and MQTT_URL are not both set: "${title}" must run`);
  describe.skip(`${title} (skipped: set DATABASE_URL and MQTT_URL to run it)`, () => {
    it('runs against PostgreSQL and a real broker', () => {});
  });
}

export interface TestStack {
  runtime: Runtime;
  /** An `integration` credential of the embedded broker (may publish every contract topic); null with an external broker. */
  credentials: { username: string; password: string } | null;
  config: Config;
  /** Unique topic root of this stack: tests on a shared broker never receive each other's messages. */
  topicRoot: string;
  dataDir: string;
  /** Stops the service but keeps its data (for restart tests). */
  stop(): Promise<void>;
  /** Stops and deletes everything the stack created. */
  destroy(): Promise<void>;
}

export interface StackOptions {
  dataDir?: string;
  databaseUrl?: string;
  topicRoot?: string;
  env?: Record<string, string>;
  /** Run the demo feed (simulator) over MQTT, as `pnpm start` does. */
  feed?: boolean;
  /** The service's logger (default: silent, or TEST_LOG_LEVEL). */
  log?: pino.Logger;
}

export async function startStack(target: Target, options: StackOptions = {}): Promise<TestStack> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'twin-it-')));
  const scratch =
    target.databaseUrl && !options.databaseUrl ? await createScratchDatabase(target.databaseUrl) : null;
  const topicRoot = options.topicRoot ?? `it${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    PORT: '0',
    MQTT_PORT: '0',
    DATA_DIR: dataDir,
    TOPIC_ROOT: topicRoot,
    SIMULATOR: 'false',
    // With `feed`, the demo feed alone: not the 2020 history import (tests that want it set HISTORY_IMPORT).
    HISTORY_IMPORT: 'false',
    // NOTE: the rules engine off, as the other demo extras: the city pack's rules would otherwise add their
    // own events to what a test publishes. Tests of the rules turn it on (RULES_INTERVAL_S).
    RULES_INTERVAL_S: '0',
    // No storms either (the demo's storm scenario raises water levels): tests with the feed see ordinary values.
    SIM_STORM_EVERY_MIN: '0',
    FLUSH_INTERVAL_MS: '20',
    // A fresh MQTT session per stack: tests must not inherit messages queued for an earlier run.
    INGEST_CLIENT_ID: `it-ingest-${randomUUID().slice(0, 8)}`,
    // The first admin (`admin`) signs in with this; the API helpers below use the stack's admin token.
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...(target.mqttUrl ? { MQTT_URL: target.mqttUrl } : {}),
    ...(options.databaseUrl
      ? { DATABASE_URL: options.databaseUrl }
      : scratch
        ? { DATABASE_URL: scratch.url }
        : {}),
    ...options.env,
  });
  const log = options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const runtime = await startRuntime(config, log, {
    startFeed: options.feed ? demoFeedHook(config, log) : undefined,
  }).catch(async (err: unknown) => {
    await scratch?.drop();
    throw err;
  });
  rememberAdminToken(runtime.url, runtime.adminToken.token);
  const credentials = config.mqttUrl
    ? null
    : await new CredentialStore(runtime.pool).ensureIntegration(`test-publisher-${randomUUID().slice(0, 8)}`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await runtime.close();
  };
  return {
    runtime,
    credentials: credentials && { username: credentials.username, password: credentials.password },
    config,
    topicRoot,
    dataDir,
    stop,
    async destroy() {
      await stop();
      await scratch?.drop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A QoS 1 publisher. Given a stack, it connects with the stack's credentials (the embedded broker lets
 * anonymous clients publish only data and incident events); given a URL, anonymously.
 */
export async function connectPublisher(
  to: string | Pick<TestStack, 'runtime' | 'credentials'>,
  credentials?: { username: string; password: string } | null,
): Promise<MqttClient> {
  const url = typeof to === 'string' ? to : to.runtime.mqttUrl;
  const creds = credentials ?? (typeof to === 'string' ? null : to.credentials);
  const client = mqtt.connect(url, {
    clientId: `it-pub-${randomUUID().slice(0, 8)}`,
    ...(creds ? { username: creds.username, password: creds.password } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export function publish(
  client: MqttClient,
  topic: string,
  payload: unknown,
  retain = false,
): Promise<unknown> {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  return client.publishAsync(topic, body, { qos: 1, retain });
}

/** Polls until fn returns a truthy value (or throws after timeoutMs): the pipeline is asynchronous. */
export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** GET as the stack's admin (its ADMIN_TOKEN); for an anonymous request call fetch. */
export async function getJson<T = unknown>(base: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, { headers: authHeaders(base) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = unknown>(
  base: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(base) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A live-socket client (as the stack's admin, or with the headers given) that records every message it gets. */
export async function connectLive(
  base: string,
  query = '',
  headers: Record<string, string> = authHeaders(base),
): Promise<{ messages: { type: string; [k: string]: unknown }[]; close(): void }> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live${query ? `?${query}` : ''}`, {
    headers,
  });
  const messages: { type: string; [k: string]: unknown }[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { messages, close: () => ws.close() };
}

/**
 * Up to when (epoch ms) the hourly rollup holds rolled hours, on either engine: TimescaleDB's watermark of the
 * `readings_1h` continuous aggregate, or plain PostgreSQL's `rolled_1h` (db/rollup-hours.ts). -Infinity: none yet.
 */
export async function hourlyRolledUntil(stack: TestStack): Promise<number> {
  const { rows } = await stack.runtime.pool.query<{ ms: number }>(
    stack.runtime.app.dialect === 'timescale'
      ? `select extract(epoch from _timescaledb_functions.to_timestamp(w.watermark))::float8 * 1000 as ms
         from _timescaledb_catalog.continuous_aggs_watermark w
         join _timescaledb_catalog.continuous_agg c on c.mat_hypertable_id = w.mat_hypertable_id
         where c.user_view_name = 'readings_1h'`
      : `select extract(epoch from until)::float8 * 1000 as ms from rollup_watermarks where name = 'rolled_1h'`,
  );
  return rows[0]?.ms ?? Number.NEGATIVE_INFINITY;
}
