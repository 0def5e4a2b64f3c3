import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { StorageStateSchema } from '@twin/domain';
import type { FastifyInstance } from 'fastify';
import { withClient } from '../../db/pool.js';

/** A probe must answer fast, also while the writer holds the embedded engine's only connection. */
const PROBE_TIMEOUT_MS = 2_000;
const RECENT_COMMIT_MS = 5_000;

async function databaseAnswers(app: FastifyInstance): Promise<boolean> {
  const last = app.writer.lastTransactionAt;
  if (last !== null && Date.now() - last < RECENT_COMMIT_MS) return true;
  return withClient(app.pool, (client) => client.query('select 1'), PROBE_TIMEOUT_MS).then(
    () => true,
    () => false,
  );
}

/** Liveness (process up), readiness (what arrives is being stored), Prometheus metrics. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  const Readiness = Type.Object({
    status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
    database: Type.Boolean(),
    mqtt: Type.Boolean(),
    storage: StorageStateSchema,
  });
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Ready when what arrives is being stored: database reachable and writable, broker connected',
        description:
          '`storage.ok` is false while writes fail (nothing is acknowledged to the broker meanwhile); ' +
          '`storage.reason` says why in plain words.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_req, reply) => {
      const database = await databaseAnswers(app);
      const mqtt = app.mqtt.connected();
      const storage = app.writer.storage;
      const ok = database && mqtt && storage.ok;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', database, mqtt, storage });
    },
  );

  // NOTE: the gauges read from the store refresh themselves when scraped (ingest/counters.ts).
  app.get('/metrics', { schema: { summary: 'Prometheus text exposition' } }, async (_req, reply) => {
    reply.header('content-type', app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
};
