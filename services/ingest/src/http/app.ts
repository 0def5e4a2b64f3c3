/**
 * Builds the Fastify app: external plugins → routes → static files, one error handler that hides 5xx
 * details. Starting/stopping infrastructure is runtime.ts's job; tests build the app and use inject().
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { adminRoutes } from '../broker-auth/admin-routes.js';
import type { AppContext } from './context.js';
import { catalogRoutes } from './routes/catalog.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { liveRoutes } from './routes/live.js';
import { sensorRoutes } from './routes/sensors.js';
import { registerStaticFiles } from './static-files.js';

export async function buildApp(ctx: AppContext, options: FastifyServerOptions = {}) {
  const app = Fastify({
    // Hostile strings in URLs/bodies are bounded by schemas; this bounds the body itself.
    bodyLimit: 64 * 1024,
    // NOTE: ids of the wire contract are up to 128 characters (percent-encoding can triple them); the
    // router's default of 100 answered 404 for longer ones that were stored.
    routerOptions: { maxParamLength: 512 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // NOTE: Ajv says "must NOT have additional properties" without naming the one that is unknown.
    schemaErrorFormatter: (errors, dataVar) =>
      new Error(
        errors
          .map((e) =>
            e.keyword === 'additionalProperties'
              ? `${dataVar} has an unknown parameter "${String(e.params.additionalProperty)}"`
              : `${dataVar}${e.instancePath} ${e.message ?? 'is invalid'}`,
          )
          .join(', '),
      ),
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'City twin API',
        version: '1.0.0',
        description: 'Digital-twin city operations: departments, city model, sensors, incidents, live feed.',
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.setErrorHandler(
    (err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
      const status = err.statusCode ?? 500;
      if (status === 503) {
        // NOTE: an outage is not a bug: say what is unavailable (the reason holds no secrets) and when to retry.
        req.log.warn({ reason: err.message }, 'request refused: storage unavailable');
        return reply
          .code(503)
          .header('retry-after', '5')
          .send({ error: 'Service Unavailable', message: err.message });
      }
      if (status >= 500) {
        req.log.error({ err }, 'request failed');
        return reply
          .code(status)
          .send({ error: 'Internal Server Error', message: 'internal error; see the server log' });
      }
      const error = status === 404 ? 'Not Found' : status === 413 ? 'Payload Too Large' : 'Bad Request';
      return reply.code(status).send({ error, message: err.message });
    },
  );

  await app.register(healthRoutes, { ctx });
  // NOTE: an ingest-only instance serves health and metrics only.
  const hub = ctx.hub;
  if (hub === null) return app;
  await app.register(
    async (api) => {
      await api.register(catalogRoutes, { ctx });
      await api.register(sensorRoutes, { ctx });
      await api.register(incidentRoutes, { ctx });
      await api.register(deadLetterRoutes, { ctx });
      await api.register(liveRoutes, { hub });
      await api.register(adminRoutes, {
        prefix: '/admin',
        store: ctx.credentials,
        adminToken: ctx.adminToken,
        onRevoked: (username) => ctx.disconnectUser(username),
      });
    },
    { prefix: '/api/v1' },
  );
  await registerStaticFiles(app, ctx);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
