/**
 * Starts the whole service in dependency order and stops it in reverse:
 * (embedded broker) → (embedded database) → pool + migrations → batch writer → live hub → HTTP app →
 * MQTT ingest → (demo feed). main.ts and the integration tests both use this, so the tests exercise exactly
 * what `pnpm start` runs.
 */
import { type CityPack, loadCityPack } from '@twin/city/node';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startMaintenance } from './db/maintenance.js';
import { migrate } from './db/migrations.js';
import { createPool } from './db/pool.js';
import { listSensors, liveIncidents } from './db/queries.js';
import { startEmbeddedBroker } from './embedded/embedded-broker.js';
import { startEmbeddedDatabase } from './embedded/embedded-database.js';
import { type App, buildApp } from './http/app.js';
import { BatchWriter } from './ingest/batch-writer.js';
import { counterValue, createIngestMetrics } from './ingest/counters.js';
import { createMessageHandler } from './ingest/message-handler.js';
import { startMqttIngest } from './ingest/mqtt-ingest.js';
import { LiveHub } from './live/live-hub.js';

export interface Runtime {
  app: App;
  /** http://host:port of the API and dashboard. */
  url: string;
  mqttUrl: string;
  databaseUrl: string;
  /** The service's pool: the embedded engine takes one connection, so tests query through this one. */
  pool: pg.Pool;
  config: Config;
  close(): Promise<void>;
}

export interface RuntimeHooks {
  /** Starts the demo feed once ingest is subscribed; returns its stop function. */
  startFeed?(args: {
    mqttUrl: string;
    city: CityPack;
    runtime: Omit<Runtime, 'close'>;
  }): Promise<() => Promise<void>>;
}

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

    let mqttUrl = config.mqttUrl;
    if (!mqttUrl) {
      const broker = await startEmbeddedBroker(config.mqttPort);
      closers.push(() => broker.close());
      mqttUrl = broker.url;
      log.info({ mqttUrl }, 'embedded MQTT broker (Aedes) listening');
    }

    let databaseUrl = config.databaseUrl;
    const embeddedDb = !databaseUrl;
    if (!databaseUrl) {
      const db = await startEmbeddedDatabase(config.dataDir);
      closers.push(() => db.close());
      databaseUrl = db.url;
      log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL + TimescaleDB (PGlite) ready');
    }

    const pool = createPool(databaseUrl, embeddedDb);
    closers.push(() => pool.end());
    const { dialect, applied } = await migrate(pool);
    log.info({ dialect, applied }, 'database schema up to date');
    const maintenance = await startMaintenance(pool, dialect, log);
    closers.push(() => maintenance.stop());

    const metrics = createIngestMetrics();
    const writer = new BatchWriter({
      pool,
      dialect,
      districts: city.districtIndex,
      metrics,
      maxRecords: config.batchMaxRecords,
      flushIntervalMs: config.flushIntervalMs,
      log,
    });
    closers.push(() => writer.close());

    const hub = new LiveHub({
      snapshot: async () => ({
        incidents: await liveIncidents(pool, Date.now()),
        sensors: await listSensors(pool),
      }),
      sensorsById: (ids) => listSensors(pool, { ids }),
      counters: async () => ({
        received: await counterValue(metrics.messagesReceived),
        stored: await counterValue(metrics.readingsStored),
        rejected: await counterValue(metrics.messagesRejected),
        duplicates: await counterValue(metrics.readingsDuplicate),
        seqGaps: await counterValue(metrics.seqGaps),
      }),
      lastIngestAt: () => writer.lastCommitAt,
      onClientCount: (n) => metrics.liveClients.set(n),
      log,
    });
    closers.push(() => hub.close());
    writer.on('committed', (c) =>
      hub.publish({ incidents: c.changedIncidents, sensorIds: c.changedSensorIds, readings: c.readings }),
    );

    let mqttConnected = () => false;
    const app = await buildApp(
      { config, pool, dialect, city, writer, metrics, hub, mqttConnected: () => mqttConnected() },
      { loggerInstance: log },
    );
    closers.push(() => app.close());
    const address = await app
      .listen({ port: config.port, host: config.host })
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          throw new Error(`HTTP port ${config.port} is already in use. Set PORT to a free port.`);
        }
        throw err;
      });
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');

    const ingest = await startMqttIngest({
      url: mqttUrl,
      topicRoot: config.topicRoot,
      shareGroup: config.shareGroup,
      clientId: config.ingestClientId,
      protocolVersion: config.mqttUrl ? 5 : 4,
      handle: createMessageHandler({
        topicRoot: config.topicRoot,
        maxPayloadBytes: config.maxPayloadBytes,
        writer,
        metrics,
      }),
      pendingRecords: () => writer.pendingRecords,
      highWaterRecords: config.batchMaxRecords * 20,
      log,
    });
    mqttConnected = ingest.connected;
    // NOTE: the ingest client closes before the writer drains (closers run in reverse), so nothing new
    // arrives while the last batch is written.
    closers.push(() => ingest.close());

    const runtime = { app, url, mqttUrl, databaseUrl, pool, config };
    if (hooks.startFeed) {
      const stopFeed = await hooks.startFeed({ mqttUrl, city, runtime });
      closers.push(stopFeed);
    }
    return { ...runtime, close };
  } catch (err) {
    await close();
    throw err;
  }
}
