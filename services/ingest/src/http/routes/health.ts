import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';

/** Liveness (process up), readiness (database and broker reachable), Prometheus metrics. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Ready when the database answers and the MQTT client is connected',
        response: {
          200: Type.Object({ status: Type.String(), database: Type.Boolean(), mqtt: Type.Boolean() }),
          503: Type.Object({ status: Type.String(), database: Type.Boolean(), mqtt: Type.Boolean() }),
        },
      },
    },
    async (_req, reply) => {
      const database = await ctx.pool
        .query('select 1')
        .then(() => true)
        .catch(() => false);
      const mqtt = ctx.mqttConnected();
      const ok = database && mqtt;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', database, mqtt });
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus text exposition' } }, async (_req, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
};
