import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { StorageStateSchema } from '@twin/domain';
import type { FastifyInstance } from 'fastify';
import { withClient } from '../../db/pool.js';

/** A probe must answer fast, also while the writer holds the embedded engine's only connection. */
const PROBE_TIMEOUT_MS = 2_000;
const RECENT_COMMIT_MS = 5_000;
/** How long /readyz mentions the embedded database's last stall recovery. */
const RECOVERY_SHOWN_MS = 10 * 60_000;

/** The embedded database's watchdog, in words: a stall now, or a recent recovery; undefined when neither. */
function engineNote(app: FastifyInstance): string | undefined {
  const watch = app.stallWatchdog?.state();
  if (!watch) return undefined;
  if (watch.stalledSince !== null)
    return `the embedded database has not answered a statement since ${new Date(watch.stalledSince).toISOString()}`;
  const last = watch.lastRecovery;
  if (last && Date.now() - last.at < RECOVERY_SHOWN_MS)
    return `${last.reason} at ${new Date(last.at).toISOString()}`;
  return undefined;
}

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
    /** The embedded database's watchdog: a stall it sees now, or its last recovery (for 10 minutes). */
    databaseNote: Type.Optional(Type.String()),
  });
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Ready when what arrives is being stored: database reachable and writable, broker connected',
        description:
          '`storage.ok` is false while writes fail (nothing is acknowledged to the broker meanwhile); ' +
          '`storage.reason` says why in plain words. `databaseNote` (embedded database only): a statement ' +
          'it has not answered for EMBEDDED_STALL_TIMEOUT_S, or the watchdog having reset its connection.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_req, reply) => {
      const databaseNote = engineNote(app);
      const database = app.stallWatchdog?.state().stalledSince != null ? false : await databaseAnswers(app);
      const mqtt = app.mqtt.connected();
      const storage = app.writer.storage;
      const ok = database && mqtt && storage.ok;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ready' : 'not ready',
        database,
        mqtt,
        storage,
        ...(databaseNote ? { databaseNote } : {}),
      });
    },
  );

  // NOTE: the gauges read from the store refresh themselves when scraped (ingest/counters.ts).
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus text exposition',
        description:
          'Every metric, or only those named by `name[]` (repeatable, as Prometheus client libraries accept): ' +
          'a poller that watches one counter does not make the service write out all of them each time.',
        querystring: Type.Object(
          { 'name[]': Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const registry = app.metrics.registry;
      const names = req.query['name[]'];
      if (names === undefined) {
        reply.header('content-type', registry.contentType);
        return registry.metrics();
      }
      const unknown = names.filter((name) => registry.getSingleMetric(name) === undefined);
      if (unknown.length > 0)
        return reply.code(400).send({
          error: 'Bad Request',
          message: `name[]: no metric is called ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
        });
      reply.header('content-type', registry.contentType);
      const texts = await Promise.all(
        [...new Set(names)].map((name) => registry.getSingleMetricAsString(name)),
      );
      return `${texts.join('\n\n')}\n`;
    },
  );
};
