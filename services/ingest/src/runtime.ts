/**
 * Starts the whole service in dependency order and stops it in reverse:
 * (embedded database) → pool + migrations → batch writer → (embedded broker, ingesting in-process) →
 * live hub → HTTP app → (MQTT ingest from an external broker) → (demo feed). main.ts and the integration
 * tests both use this, so the tests exercise exactly what `pnpm start` runs.
 */
import { type CityPack, loadCityPack } from '@twin/city/node';
import type pg from 'pg';
import type { Logger } from 'pino';
import { type AdminToken, resolveAdminToken } from './admin-token.js';
import { createBrokerAuth } from './broker-auth/aedes-hooks.js';
import { CredentialStore } from './broker-auth/credential-store.js';
import {
  type Config,
  defaultBatchMaxRecords,
  defaultConcurrentBatches,
  defaultFlushIntervalMs,
} from './config.js';
import { startMaintenance } from './db/maintenance.js';
import { migrate } from './db/migrations.js';
import { createPool } from './db/pool.js';
import { refoldIncidents } from './db/refold.js';
import { isLoopbackOnly, PortInUseError, startEmbeddedBroker } from './embedded/embedded-broker.js';
import { startEmbeddedDatabase } from './embedded/embedded-database.js';
import { type App, buildApp } from './http/app.js';
import { BatchWriter } from './ingest/batch-writer.js';
import { createIngestMetrics } from './ingest/counters.js';
import { createMessageHandler } from './ingest/message-handler.js';
import { startMqttIngest } from './ingest/mqtt-ingest.js';
import { type Live, startLive } from './live/start-live.js';

export interface Runtime {
  app: App;
  /** http://host:port of the API and dashboard. */
  url: string;
  mqttUrl: string;
  databaseUrl: string;
  /** The service's pool: the embedded engine takes one connection, so tests query through this one. */
  pool: pg.Pool;
  config: Config;
  adminToken: AdminToken;
  close(): Promise<void>;
}

/** Credentials the demo feed connects with (the embedded broker issues its own at every start). */
export interface FeedCredentials {
  username: string;
  password: string;
}

export interface RuntimeHooks {
  /** Starts the demo feed once ingest is running; returns its stop function. */
  startFeed?(args: {
    mqttUrl: string;
    city: CityPack;
    credentials: FeedCredentials | null;
    runtime: Omit<Runtime, 'close'>;
  }): Promise<() => Promise<void>>;
}

/** The username of the in-process demo feed's broker credential. */
export const DEMO_FEED_USERNAME = 'demo-feed';
/** What is still uncommitted when stopping gets this long; the rest stays unacknowledged and comes again. */
const SHUTDOWN_GRACE_MS = 8_000;

export async function startRuntime(config: Config, log: Logger, hooks: RuntimeHooks = {}): Promise<Runtime> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const fn of closers.reverse()) {
      try {
        await fn();
      } catch (err) {
        log.warn({ err }, 'error while shutting down');
      }
    }
    closers.length = 0;
  };
  try {
    const city = await loadCityPack(config.cityDir);
    const adminToken = await resolveAdminToken(config.adminToken, config.dataDir);

    let databaseUrl = config.databaseUrl;
    const embeddedDb = !databaseUrl;
    if (!databaseUrl) {
      const db = await startEmbeddedDatabase(config.dataDir, {
        onCrash: (err) =>
          log.error({ err }, 'the embedded database stopped: nothing is stored until the service restarts'),
      });
      closers.push(() => db.close());
      databaseUrl = db.url;
      log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL + TimescaleDB (PGlite) ready');
    }

    const pool = createPool(databaseUrl, embeddedDb);
    closers.push(() => pool.end());
    const { dialect, applied } = await migrate(pool);
    log.info({ dialect, applied }, 'database schema up to date');
    // States made by older fold rules (or before fold versions existed) are rebuilt before ingest starts.
    const refolded = await refoldIncidents(pool, city.districtIndex, { onlyOutdated: true });
    if (refolded.incidents > 0) log.info(refolded, 'incident states made by older fold rules were refolded');
    const metrics = createIngestMetrics();
    const maintenance = await startMaintenance(pool, dialect, log, {
      ...config,
      embedded: embeddedDb,
      leaderRetryMs: config.maintenanceLeaderRetryS * 1000,
      instanceName: config.ingestClientId,
      registry: metrics.registry,
    });
    closers.push(() => maintenance.stop());

    const writer = new BatchWriter({
      pool,
      dialect,
      districts: city.districtIndex,
      metrics,
      maxRecords: defaultBatchMaxRecords(config),
      flushIntervalMs: defaultFlushIntervalMs(config),
      maxConcurrentBatches: defaultConcurrentBatches(config),
      log,
    });
    closers.push(() => writer.close(SHUTDOWN_GRACE_MS));
    const messages = createMessageHandler({
      topicRoot: config.topicRoot,
      maxPayloadBytes: config.maxPayloadBytes,
      writer,
      metrics,
    });
    const credentials = new CredentialStore(pool);

    let mqttUrl = config.mqttUrl;
    let mqttConnected = () => false;
    let feedCredentials: FeedCredentials | null = null;
    let disconnectUser: (username: string) => unknown = () => 0;
    if (!mqttUrl) {
      const loopback = isLoopbackOnly(config.mqttHost);
      if (config.mqttAllowAnonymous && !loopback)
        log.warn(
          { host: config.mqttHost },
          'the embedded broker listens beyond this machine: anonymous clients are refused',
        );
      const auth = createBrokerAuth({
        store: credentials,
        topicRoot: config.topicRoot,
        allowAnonymous: config.mqttAllowAnonymous && loopback,
        reservedClientIds: [config.ingestClientId],
        // The device's PUBACK waits for this: the message is committed (or dead-lettered) first.
        accept: (_client, packet) => messages.handle(packet.topic, packet.payload),
        // A refused publish is dead-lettered with its reason and acknowledged, never routed or retained.
        refuse: (client, packet, reason) =>
          messages.refuse(packet.topic, packet.payload, `${reason} (client id ${JSON.stringify(client.id)})`),
        onRefused: (what, reason, clientId) => {
          metrics.mqttRefused.inc({ what });
          log.warn({ what, reason, clientId }, 'embedded broker refused a client');
        },
      });
      disconnectUser = (username) => auth.disconnectUser(username);
      const broker = await startEmbeddedBroker({
        port: config.mqttPort,
        host: config.mqttHost,
        hooks: auth.hooks,
      });
      // NOTE: on stop the writer first commits what devices are waiting for (so they get their PUBACK),
      // then the broker closes; what arrives meanwhile is refused unacknowledged and comes again.
      closers.push(async () => {
        await writer.close(SHUTDOWN_GRACE_MS);
        await broker.close();
      });
      mqttUrl = broker.url;
      mqttConnected = () => true;
      if (hooks.startFeed)
        feedCredentials = {
          username: DEMO_FEED_USERNAME,
          password: (
            await credentials.ensureIntegration(
              DEMO_FEED_USERNAME,
              'the in-process demo feed (a new secret at every start)',
            )
          ).password,
        };
      log.info(
        { mqttUrl, anonymous: config.mqttAllowAnonymous && loopback },
        'embedded MQTT broker (Aedes) listening',
      );
    } else if (config.mqttUsername !== null && config.mqttPassword !== null) {
      feedCredentials = { username: config.mqttUsername, password: config.mqttPassword };
    }

    writer.on('committed', (c) => {
      if (c.readingsWindow) maintenance.readingsCommitted(c.readingsWindow.oldest, c.readingsWindow.newest);
    });
    let live: Live | null = null;
    if (config.role !== 'ingest') {
      live = await startLive({
        pool,
        listenUrl: embeddedDb ? null : databaseUrl,
        pollIntervalMs: config.livePollMs,
        writer,
        metrics,
        log,
      });
      closers.push(() => live?.close());
    }

    const app = await buildApp(
      {
        config,
        pool,
        dialect,
        city,
        writer,
        metrics,
        hub: live?.hub ?? null,
        credentials,
        adminToken: adminToken.token,
        disconnectUser: (username) => disconnectUser(username),
        mqttConnected: () => mqttConnected(),
      },
      { loggerInstance: log },
    );
    closers.push(() => app.close());
    const address = await app
      .listen({ port: config.port, host: config.host })
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          throw new PortInUseError(`HTTP port ${config.port} is already in use. Set PORT to a free port.`);
        }
        throw err;
      });
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');

    if (config.mqttUrl && config.role !== 'api') {
      const ingest = await startMqttIngest({
        url: config.mqttUrl,
        topicRoot: config.topicRoot,
        shareGroup: config.shareGroup,
        clientId: config.ingestClientId,
        username: config.mqttUsername,
        password: config.mqttPassword,
        protocolVersion: config.mqttProtocolVersion,
        sessionExpiryS: config.ingestSessionExpiryS,
        handle: messages.handle,
        backpressure: () =>
          writer.pendingBytes > config.maxPendingBytes
            ? writer.whenPendingBytesAtMost(config.maxPendingBytes)
            : null,
        log,
      });
      mqttConnected = ingest.connected;
      // NOTE: closers run in reverse: the ingest stops taking messages and acknowledges what commits
      // before the writer closes.
      closers.push(() => ingest.close(SHUTDOWN_GRACE_MS));
    }

    const runtime = { app, url, mqttUrl, databaseUrl, pool, config, adminToken };
    if (hooks.startFeed) {
      const stopFeed = await hooks.startFeed({ mqttUrl, city, credentials: feedCredentials, runtime });
      closers.push(stopFeed);
    }
    return { ...runtime, close };
  } catch (err) {
    await close();
    throw err;
  }
}
