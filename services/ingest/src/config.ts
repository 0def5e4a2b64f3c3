/**
 * The one validated configuration object. Nothing else in the service reads process.env: main.ts calls
 * loadConfig(process.env) and passes the result down, tests build their own.
 */
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CITY_ID_REGEX,
  passwordProblem,
  TOPIC_LEVEL_REGEX,
  UNLISTED_DEPARTMENTS_MODES,
  type UnlistedDepartmentsMode,
} from '@twin/domain';
import { LOG_FORMATS, type LogFormat } from './log-format.js';
import { StartupError } from './startup-error.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export type InstanceRole = 'ingest' | 'api' | 'both';
export const SESSION_COOKIE_SECURE_MODES = ['auto', 'always', 'never'] as const;
export type SessionCookieSecure = (typeof SESSION_COOKIE_SECURE_MODES)[number];

export interface Config {
  /** HTTP port of the API + dashboard. */
  port: number;
  host: string;
  /** Port of the embedded MQTT broker (ignored when mqttUrl is set). */
  mqttPort: number;
  /** Address the embedded broker listens on; anonymous clients are refused unless it is loopback only. */
  mqttHost: string;
  /** Accept anonymous clients on a loopback-only embedded broker (publishing data and incident events only). */
  mqttAllowAnonymous: boolean;
  /** Credentials of the ingest at an external broker (MQTT_URL); null = none. */
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** MQTT protocol towards an external broker: 5 (default) or 4 (3.1.1). */
  mqttProtocolVersion: 4 | 5;
  /** How long an external broker keeps the ingest's session, and the messages queued for it, while it is down. */
  ingestSessionExpiryS: number;
  /**
   * An API token with the admin role (`Authorization: Bearer …`), for automated set-ups; null = generated at
   * the first start and kept in DATA_DIR/admin-token.
   */
  adminToken: string | null;
  /** The password of the first admin (`admin`), created on the first start; null = generated and printed once. */
  adminPassword: string | null;
  /** A session ends after this long without a request (each request extends it). */
  sessionTtlMs: number;
  /**
   * The session cookie's Secure flag: 'auto' when the request came over HTTPS to this process, 'always'
   * behind a TLS-terminating proxy, 'never' only for plain-HTTP set-ups that are not localhost.
   */
  sessionCookieSecure: SessionCookieSecure;
  /** How often an open live socket checks that its session or token still holds (closed with 4401 if not). */
  liveAuthRecheckMs: number;
  /** Above this estimated memory of messages waiting for their commit, ingest stops reading from the broker. */
  maxPendingBytes: number;
  /** An HTTP action that cannot commit within this time answers 503 (and is not applied). */
  actionTimeoutMs: number;
  /** State of the embedded database. */
  dataDir: string;
  /**
   * The embedded database's watchdog: a statement unanswered this long while the engine is idle resets its
   * connection (embedded/stall-watchdog.ts); 0 = off.
   */
  embeddedStallTimeoutS: number;
  /** External PostgreSQL/TimescaleDB; null = embedded PGlite with TimescaleDB. */
  databaseUrl: string | null;
  /**
   * A read replica of DATABASE_URL for the API's history reads (lists, details, readings, dead letters);
   * null = DATABASE_URL. Writes, actions and the live feed always use the primary.
   */
  databaseReadUrl: string | null;
  /** External MQTT broker; null = embedded Aedes. */
  mqttUrl: string | null;
  /** City pack id: the folder <cityPacksDir>/<city>. */
  city: string;
  /** Where the city packs are (CITY_PACKS_DIR, default data/cities). */
  cityPacksDir: string;
  cityDir: string;
  topicRoot: string;
  maxPayloadBytes: number;
  /**
   * A message naming a department the city pack does not list: 'accept' keeps it and registers the department
   * as unlisted; 'reject' dead-letters it with the reason.
   */
  unlistedDepartments: UnlistedDepartmentsMode;
  /** MQTT shared-subscription group, e.g. "ingest": several instances split the stream. Null = plain. */
  shareGroup: string | null;
  /**
   * MQTT client id of the ingest subscriber. Stable across restarts so the broker keeps the persistent
   * session (and the QoS 1 messages queued while the service was down); unique per instance.
   */
  ingestClientId: string;
  /** Run the demo feed in-process. */
  simulator: boolean;
  /**
   * With the demo feed: publish the city pack's real calls (its fire-calls CSV) as history with their own
   * times, once, in the background on the first start (packages/demo-feed history-import.ts), so replay has
   * a real day to show. HISTORY_IMPORT=false leaves the store without them.
   */
  historyImport: boolean;
  /**
   * The demo feed's size and pace, named as packages/demo-feed's SimulatorOptions name them (set by the
   * standalone simulator's SIM_* variables); unset ones keep the feed's defaults. Benchmarks turn them up.
   */
  demoFeed: {
    sensorCount?: number;
    readingIntervalMs?: number;
    incidentsPerMinute?: number;
    timeScale?: number;
    realTimeMin?: number;
    stormEveryMin?: number;
  };
  /**
   * Batch writer: flush when this many records are queued, or after flushIntervalMs. Null = the default
   * of the broker in use (see defaultFlushIntervalMs).
   */
  batchMaxRecords: number | null;
  flushIntervalMs: number | null;
  dashboardDir: string;
  /**
   * What this instance does: 'ingest' (MQTT in, no API), 'api' (API, live socket and dashboard, no MQTT
   * subscription) or 'both' (the default, and the only choice with the embedded broker or database).
   */
  role: InstanceRole;
  /** Writer transactions in flight at once; null = the default of the broker in use (defaultConcurrentBatches). */
  concurrentBatches: number | null;
  /** How often the live hub reads the change log when no notification woke it. */
  livePollMs: number;
  logLevel: string;
  /** LOG_FORMAT: pretty lines for people, JSON for machines; auto = pretty on a terminal. */
  logFormat: LogFormat;
  /** Raw readings older than this many days are dropped by the maintenance leader; 0 = kept for good. */
  readingsRetentionDays: number;
  /** 1-minute aggregates older than this many days are dropped; 0 = kept for good. Never shorter than raw. */
  rollupRetentionDays: number;
  /** TimescaleDB: chunks of readings older than this many hours are compressed; 0 = never. */
  compressAfterHours: number;
  /** Change-log rows older than this many hours are deleted. */
  changeLogRetentionHours: number;
  /** Dead letters older than this many days are deleted; 0 = kept for good. */
  deadLetterRetentionDays: number;
  /** How often an instance that does not lead maintenance tries to take the lead (seconds). */
  maintenanceLeaderRetryS: number;
  /** Open311 (docs/open311.md): what counts as a duplicate report, and the limits on the public routes. */
  open311: {
    /** A report this close (metres) to an open incident of its category is attached to it. */
    mergeRadiusM: number;
    /** … when that incident was opened at most this many minutes before. */
    mergeWindowMin: number;
    /** Reports (POST) a minute from one client address. */
    postsPerMin: number;
    /** Reads (GET, status pages) a minute from one client address. */
    readsPerMin: number;
    /** Reports need an API key an admin created. */
    apiKeyRequired: boolean;
  };
  /** How often the rules engine runs while this instance leads maintenance (seconds); 0 = rules off. */
  rulesIntervalS: number;
  /** The rules engine acts on data at most this old (seconds); older data is left to the dry run. */
  rulesMaxLagS: number;
  /** CAP_SENDER: the `sender` of the CAP alerts leads issue; null = `twin@<city id>.invalid`. */
  capSender: string | null;
  /** CAP_PUBLIC_URL: a public page written as each alert's `web` (more information); null = none. */
  capPublicUrl: string | null;
  /**
   * CAP_SOURCES: where other agencies' CAP alerts are read from (an Atom feed of alerts or a single alert):
   * absolute file paths (relative ones are resolved from the repository root) or http(s) URLs. Empty = none.
   */
  capSources: string[];
  /** CAP_POLL_S: how often the maintenance leader reads CAP_SOURCES. */
  capPollS: number;
}

export class ConfigError extends StartupError {}

function int(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** A number from `min` (exclusive when `above`) to `max`, or undefined when unset. */
function optionalNumber(
  env: Record<string, string | undefined>,
  name: string,
  min: number,
  max: number,
  above = false,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(n) || (above ? n <= min : n < min) || n > max)
    throw new ConfigError(
      `${name} must be a number ${above ? 'greater than' : 'from'} ${min} ${above ? 'and at most' : 'to'} ${max}, got "${raw}"`,
    );
  return n;
}

/** An integer from `min` to `max`, or undefined when unset. */
function optionalInt(
  env: Record<string, string | undefined>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  return env[name] ? int(env, name, min, min, max) : undefined;
}

function logFormat(raw: string | undefined): LogFormat {
  const format = (raw || 'auto').toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(format))
    throw new ConfigError(`LOG_FORMAT must be pretty, json or auto, got "${raw}"`);
  return format as LogFormat;
}

function url(env: Record<string, string | undefined>, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** A CAP sender: CAP forbids spaces, commas and `<`/`&` in it. */
function capSender(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (/[\s,<&]/.test(raw) || raw.length > 200)
    throw new ConfigError(`CAP_SENDER must be one word without spaces, commas, < or & (got "${raw}")`);
  return raw;
}

/** CAP_SOURCES: comma-separated file paths and http(s) URLs. */
function capSources(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((source) => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
        if (!/^https?:\/\//i.test(source))
          throw new ConfigError(`CAP_SOURCES: "${source}" must be a file path or an http(s) URL`);
        try {
          new URL(source);
        } catch {
          throw new ConfigError(`CAP_SOURCES: "${source}" is not a URL`);
        }
        return source;
      }
      return isAbsolute(source) ? source : resolve(REPO_ROOT, source);
    });
}

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const city = env.CITY || 'sf';
  if (!CITY_ID_REGEX.test(city))
    throw new ConfigError(`CITY must be a city pack id like "sf", got "${city}"`);
  const topicRoot = env.TOPIC_ROOT || 'city';
  if (!TOPIC_LEVEL_REGEX.test(topicRoot))
    throw new ConfigError('TOPIC_ROOT must be one topic level (letters, digits, _ -)');
  const dataDir = env.DATA_DIR || '.state';
  const cityPacksDir = resolve(REPO_ROOT, env.CITY_PACKS_DIR || 'data/cities');
  const shareGroup = env.INGEST_SHARE_GROUP || null;
  if (shareGroup !== null && !TOPIC_LEVEL_REGEX.test(shareGroup))
    throw new ConfigError('INGEST_SHARE_GROUP must be a plain name');
  const adminToken = env.ADMIN_TOKEN || null;
  if (adminToken !== null && (adminToken.length < 16 || /\s/.test(adminToken)))
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters without spaces');
  const adminPassword = env.ADMIN_PASSWORD || null;
  const weakPassword = adminPassword === null ? null : passwordProblem(adminPassword);
  if (weakPassword !== null) throw new ConfigError(weakPassword.replace(/^password:/, 'ADMIN_PASSWORD:'));
  const sessionCookieSecure = (env.SESSION_COOKIE_SECURE || 'auto') as SessionCookieSecure;
  if (!SESSION_COOKIE_SECURE_MODES.includes(sessionCookieSecure))
    throw new ConfigError(
      `SESSION_COOKIE_SECURE must be auto, always or never, got "${env.SESSION_COOKIE_SECURE}"`,
    );
  const role = (env.INSTANCE_ROLE || 'both') as InstanceRole;
  if (!['ingest', 'api', 'both'].includes(role))
    throw new ConfigError(`INSTANCE_ROLE must be ingest, api or both, got "${env.INSTANCE_ROLE}"`);
  if (role !== 'both' && (!env.DATABASE_URL || !env.MQTT_URL))
    throw new ConfigError(
      `INSTANCE_ROLE=${role} splits the work between instances: it needs a shared database and broker (DATABASE_URL and MQTT_URL)`,
    );
  const readingsRetentionDays = int(env, 'READINGS_RETENTION_DAYS', 0, 0, 36_500);
  const rollupRetentionDays = int(env, 'ROLLUP_RETENTION_DAYS', 0, 0, 36_500);
  // NOTE: the rollup answers for time ranges whose raw rows are gone; kept for less time than the raw rows,
  // the continuous aggregate would answer nothing for a range whose raw rows are still there.
  if (rollupRetentionDays > 0 && (readingsRetentionDays === 0 || rollupRetentionDays < readingsRetentionDays))
    throw new ConfigError(
      `ROLLUP_RETENTION_DAYS (${rollupRetentionDays}) must be 0 (keep for good) or at least READINGS_RETENTION_DAYS (${readingsRetentionDays === 0 ? '0, kept for good' : readingsRetentionDays}): aggregates are kept at least as long as the readings`,
    );
  if (env.DATABASE_READ_URL && !env.DATABASE_URL)
    throw new ConfigError('DATABASE_READ_URL is a replica of DATABASE_URL: set DATABASE_URL too');
  const unlistedDepartments = (env.UNLISTED_DEPARTMENTS || 'accept') as UnlistedDepartmentsMode;
  if (!UNLISTED_DEPARTMENTS_MODES.includes(unlistedDepartments))
    throw new ConfigError(`UNLISTED_DEPARTMENTS must be accept or reject, got "${env.UNLISTED_DEPARTMENTS}"`);
  const protocol = env.MQTT_PROTOCOL || '5';
  if (protocol !== '5' && protocol !== '3.1.1')
    throw new ConfigError(`MQTT_PROTOCOL must be 5 or 3.1.1, got "${protocol}"`);
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    mqttPort: int(env, 'MQTT_PORT', 1883, 0, 65535),
    mqttHost: env.MQTT_HOST || '127.0.0.1',
    mqttAllowAnonymous: bool(env, 'MQTT_ALLOW_ANONYMOUS', true),
    mqttUsername: env.MQTT_USERNAME || null,
    mqttPassword: env.MQTT_PASSWORD || null,
    mqttProtocolVersion: protocol === '5' ? 5 : 4,
    ingestSessionExpiryS: int(env, 'INGEST_SESSION_EXPIRY_S', 7 * 86_400, 60, 0xffff_ffff),
    adminToken,
    adminPassword,
    sessionTtlMs: int(env, 'SESSION_TTL_HOURS', 12, 1, 8_760) * 3_600_000,
    sessionCookieSecure,
    liveAuthRecheckMs: int(env, 'LIVE_AUTH_RECHECK_MS', 30_000, 100, 3_600_000),
    maxPendingBytes: int(env, 'INGEST_MAX_PENDING_BYTES', 64 * 1024 * 1024, 1024 * 1024, 16 * 1024 ** 3),
    actionTimeoutMs: int(env, 'ACTION_TIMEOUT_MS', 5_000, 100, 120_000),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(REPO_ROOT, dataDir),
    embeddedStallTimeoutS: int(env, 'EMBEDDED_STALL_TIMEOUT_S', 30, 0, 86_400),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReadUrl: url(env, 'DATABASE_READ_URL', ['postgres:', 'postgresql:']),
    mqttUrl: url(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    city,
    cityPacksDir,
    cityDir: resolve(cityPacksDir, city),
    topicRoot,
    maxPayloadBytes: int(env, 'MAX_PAYLOAD_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    unlistedDepartments,
    shareGroup,
    ingestClientId:
      env.INGEST_CLIENT_ID || `twin-ingest-${hostname()}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
    simulator: bool(env, 'SIMULATOR', true),
    historyImport: bool(env, 'HISTORY_IMPORT', true),
    demoFeed: definedOnly({
      sensorCount: optionalInt(env, 'SIM_SENSORS', 0, 200_000),
      readingIntervalMs: optionalInt(env, 'SIM_INTERVAL_MS', 100, 3_600_000),
      incidentsPerMinute: optionalNumber(env, 'SIM_INCIDENTS_PER_MIN', 0, 600),
      timeScale: optionalNumber(env, 'SIM_TIME_SCALE', 0, 1000, true),
      realTimeMin: optionalNumber(env, 'SIM_REAL_TIME_MIN', 0, 1440),
      stormEveryMin: optionalNumber(env, 'SIM_STORM_EVERY_MIN', 0, 1440),
    }),
    batchMaxRecords: env.BATCH_MAX_RECORDS ? int(env, 'BATCH_MAX_RECORDS', 2000, 1, 100_000) : null,
    flushIntervalMs: env.FLUSH_INTERVAL_MS ? int(env, 'FLUSH_INTERVAL_MS', 0, 0, 10_000) : null,
    dashboardDir: resolve(REPO_ROOT, 'services/dashboard/dist'),
    role,
    livePollMs: int(env, 'LIVE_POLL_MS', 250, 10, 60_000),
    concurrentBatches: env.INGEST_CONCURRENT_BATCHES ? int(env, 'INGEST_CONCURRENT_BATCHES', 1, 1, 8) : null,
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT),
    readingsRetentionDays,
    rollupRetentionDays,
    compressAfterHours: int(env, 'COMPRESS_AFTER_HOURS', 72, 0, 876_000),
    changeLogRetentionHours: int(env, 'CHANGE_LOG_RETENTION_HOURS', 24, 1, 876_000),
    deadLetterRetentionDays: int(env, 'DEAD_LETTER_RETENTION_DAYS', 30, 0, 36_500),
    maintenanceLeaderRetryS: int(env, 'MAINTENANCE_LEADER_RETRY_S', 10, 1, 3600),
    open311: {
      mergeRadiusM: int(env, 'OPEN311_MERGE_RADIUS_M', 50, 0, 10_000),
      mergeWindowMin: int(env, 'OPEN311_MERGE_WINDOW_MIN', 120, 0, 43_200),
      postsPerMin: int(env, 'OPEN311_RATE_LIMIT_PER_MIN', 10, 1, 1_000_000),
      readsPerMin: int(env, 'OPEN311_READ_RATE_LIMIT_PER_MIN', 120, 1, 1_000_000),
      apiKeyRequired: bool(env, 'OPEN311_API_KEY_REQUIRED', false),
    },
    rulesIntervalS: int(env, 'RULES_INTERVAL_S', 5, 0, 3600),
    rulesMaxLagS: int(env, 'RULES_MAX_LAG_S', 3600, 60, 7 * 86_400),
    capSender: capSender(env.CAP_SENDER),
    capPublicUrl: url(env, 'CAP_PUBLIC_URL', ['http:', 'https:']),
    capSources: capSources(env.CAP_SOURCES),
    capPollS: int(env, 'CAP_POLL_S', 60, 5, 86_400),
  };
}

/**
 * How long an idle writer waits for more messages before it starts a transaction. NOTE: with the embedded
 * broker a device's PUBACK waits for the commit, so its next messages wait too: any delay here is added to
 * every round trip (a publisher with 100 in flight stored 7,300 readings/s at 0 ms, 4,200 at 10 ms). An
 * external broker's messages are acknowledged apart from the packet flow: 10 ms gathers bigger batches.
 * Either way, what arrives during a transaction forms the next batch.
 */
export function defaultFlushIntervalMs(config: Pick<Config, 'flushIntervalMs' | 'mqttUrl'>): number {
  return config.flushIntervalMs ?? (config.mqttUrl ? 10 : 0);
}

/**
 * Writer transactions in flight at once. With an external broker two overlap a full batch's commit with the
 * next full one's statements (PUBACKs still go out in arrival order: ingest/deferred-acks.ts); the writer
 * starts the second only for a full batch (ingest/batch-writer.ts kick). With the embedded
 * broker one: its PUBACKs follow each commit, and MQTT wants a client's PUBACKs in the order of its
 * PUBLISHes; its database serves one connection anyway.
 */
export function defaultConcurrentBatches(config: Pick<Config, 'concurrentBatches' | 'mqttUrl'>): number {
  if (!config.mqttUrl) return 1;
  return config.concurrentBatches ?? 2;
}

/**
 * Rows per writer transaction. With an external database a bigger batch costs about the same round trips
 * and commit as a small one: 10,000 stored 1.76× the readings/s of 2,000 (docs/benchmarks.md). The embedded
 * engine runs on the service's own thread, and a device's PUBACK waits for the whole transaction: 2,000.
 */
export function defaultBatchMaxRecords(config: Pick<Config, 'batchMaxRecords' | 'databaseUrl'>): number {
  return config.batchMaxRecords ?? (config.databaseUrl ? 10_000 : 2_000);
}
