/**
 * twin-writer: the one write path (BatchWriter), the ingest metrics, the message handler both MQTT paths
 * hand messages to, the broker's credential store, and the department registry (the pack's departments are
 * upserted here at start; the write path registers unlisted ones). Closed after the HTTP server and maintenance, before
 * the pool: what is queued gets written for at most SHUTDOWN_GRACE_MS.
 */
import fp from 'fastify-plugin';
import { CredentialStore } from '../broker-auth/credential-store.js';
import { defaultBatchMaxRecords, defaultConcurrentBatches, defaultFlushIntervalMs } from '../config.js';
import { registeredDepartmentIds, syncPackDepartments } from '../db/departments.js';
import { withClient } from '../db/pool.js';
import { readStoreGauges } from '../db/store-gauges.js';
import { BatchWriter } from '../ingest/batch-writer.js';
import { createIngestMetrics, type IngestMetrics } from '../ingest/counters.js';
import { KnownDepartments } from '../ingest/known-departments.js';
import { createMessageHandler, type MessageHandler } from '../ingest/message-handler.js';
import { SHUTDOWN_GRACE_MS, shutdownStep } from './shutdown.js';

/** How long a /metrics scrape waits for a connection to read the store's gauges. */
const METRICS_READ_TIMEOUT_MS = 2_000;

declare module 'fastify' {
  interface FastifyInstance {
    metrics: IngestMetrics;
    writer: BatchWriter;
    /** Decodes MQTT messages and submits them to the writer (settles after the commit). */
    messages: MessageHandler;
    /** Device credentials of the embedded broker, managed through the admin API. */
    credentials: CredentialStore;
    /** The departments this process knows are registered, and which the city pack lists. */
    departments: KnownDepartments;
  }
}

export const writerPlugin = fp(
  async (app) => {
    const { config, pool } = app;
    // NOTE: bounded like a health probe: the embedded engine's one connection may be busy writing.
    const metrics = createIngestMetrics(() => withClient(pool, readStoreGauges, METRICS_READ_TIMEOUT_MS));
    // The pack's departments are upserted (listed, in pack order) before anything is written.
    const pack = app.city.manifest.departments;
    await syncPackDepartments(pool, pack);
    const departments = new KnownDepartments(
      pack.map((d) => d.id),
      await registeredDepartmentIds(pool),
    );
    const writer = new BatchWriter({
      pool,
      dialect: app.dialect,
      places: app.city.places,
      departments,
      metrics,
      maxRecords: defaultBatchMaxRecords(config),
      flushIntervalMs: defaultFlushIntervalMs(config),
      maxConcurrentBatches: defaultConcurrentBatches(config),
      log: app.log,
    });
    app.addHook(
      'onClose',
      shutdownStep(app, 'writer', () => writer.close(SHUTDOWN_GRACE_MS)),
    );
    app.decorate('metrics', metrics);
    app.decorate('writer', writer);
    app.decorate(
      'messages',
      createMessageHandler({
        topicRoot: config.topicRoot,
        maxPayloadBytes: config.maxPayloadBytes,
        writer,
        metrics,
        unlistedDepartments: config.unlistedDepartments,
        isListedDepartment: (id) => departments.isListed(id),
      }),
    );
    app.decorate('credentials', new CredentialStore(pool));
    app.decorate('departments', departments);
  },
  { name: 'twin-writer', dependencies: ['twin-config', 'twin-database'], fastify: '5.x' },
);
