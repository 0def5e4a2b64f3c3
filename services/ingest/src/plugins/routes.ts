/**
 * twin-routes: external plugins (OpenAPI, docs, WebSocket) → one error handler that hides 5xx details →
 * health and metrics → the /api/v1 routes, each needing a principal unless marked public (twin-auth), the
 * /admin ones the admin role → static files. The routes read what they need from the
 * instance's decorations (`app.pool`, `app.writer`, …). An ingest-only instance (no hub) serves health and
 * metrics only.
 */

import { existsSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import { adminRoutes } from '../broker-auth/admin-routes.js';
import { adminAccessRoutes } from '../http/routes/admin-access.js';
import { adminRuleRoutes } from '../http/routes/admin-rules.js';
import { adminUserRoutes } from '../http/routes/admin-users.js';
import { alertRoutes } from '../http/routes/alerts.js';
import { analysisRoutes } from '../http/routes/analysis.js';
import { areaRoutes } from '../http/routes/areas.js';
import { boardRoutes } from '../http/routes/boards.js';
import { catalogRoutes } from '../http/routes/catalog.js';
import { cityRoutes } from '../http/routes/city.js';
import { clockRoutes } from '../http/routes/clock.js';
import { deadLetterRoutes } from '../http/routes/dead-letters.js';
import { exportRoutes } from '../http/routes/exports.js';
import { healthRoutes } from '../http/routes/health.js';
import { incidentRoutes } from '../http/routes/incidents.js';
import { liveRoutes } from '../http/routes/live.js';
import { mePasswordRoutes } from '../http/routes/me-password.js';
import { open311Routes } from '../http/routes/open311.js';
import { open311KeyRoutes } from '../http/routes/open311-keys.js';
import { open311StaffRoutes } from '../http/routes/open311-staff.js';
import { replayRoutes } from '../http/routes/replay.js';
import { ruleRoutes } from '../http/routes/rules.js';
import { sensorRoutes } from '../http/routes/sensors.js';
import { sessionRoutes } from '../http/routes/session.js';
import { registerStaticFiles } from '../http/static-files.js';
import { requireRole } from './auth.js';
import { MQTT_DECORATION } from './mqtt.js';

/** The built dashboard's icon, or null before the dashboard is built. */
function dashboardIcon(dashboardDir: string): Buffer | null {
  const file = join(dashboardDir, 'favicon.svg');
  return existsSync(file) ? readFileSync(file) : null;
}

export const routesPlugin = fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'City twin API',
          version: '1.0.0',
          description:
            'Digital-twin city operations: departments, city model, sensors, incidents, live feed.\n\n[← Back to the dashboard](/)',
        },
      },
    });
    // NOTE: the top bar's logo is the dashboard's icon and leads back to it (the UI is a dead end otherwise).
    const icon = dashboardIcon(app.config.dashboardDir);
    await app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      logo: icon ? { type: 'image/svg+xml', content: icon, href: '/', target: '_self' } : undefined,
      theme: {
        title: 'City twin API',
        ...(icon
          ? {
              favicon: [
                { filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: icon },
              ],
            }
          : {}),
      },
    });
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
        const error = STATUS_CODES[status] ?? 'Bad Request';
        return reply.code(status).send({ error, message: err.message });
      },
    );

    await app.register(healthRoutes);
    // NOTE: an ingest-only instance serves health and metrics only.
    const hub = app.hub;
    if (hub === null) return;
    await app.register(
      async (api) => {
        // Every route here needs a principal (twin-auth) unless it says `config: { public: true }`.
        await api.register(sessionRoutes);
        await api.register(mePasswordRoutes);
        await api.register(catalogRoutes);
        await api.register(clockRoutes);
        await api.register(cityRoutes);
        await api.register(sensorRoutes);
        await api.register(incidentRoutes);
        await api.register(areaRoutes);
        await api.register(boardRoutes);
        await api.register(deadLetterRoutes);
        await api.register(replayRoutes);
        await api.register(analysisRoutes);
        await api.register(exportRoutes);
        await api.register(open311StaffRoutes);
        await api.register(ruleRoutes);
        await api.register(alertRoutes);
        await api.register(liveRoutes, { hub });
        await api.register(
          async (admin) => {
            // NOTE: a hook of this scope, after twin-auth's: every route registered below needs the admin role.
            admin.addHook('onRequest', requireRole('admin'));
            await admin.register(adminUserRoutes);
            await admin.register(adminAccessRoutes);
            await admin.register(open311KeyRoutes);
            await admin.register(adminRuleRoutes);
            await admin.register(adminRoutes, {
              store: app.credentials,
              onRevoked: (username) => app.mqtt.disconnectUser(username),
            });
          },
          { prefix: '/admin' },
        );
      },
      { prefix: '/api/v1' },
    );
    // Open311 and the reporters' status pages: outside /api/, open to anyone by design (docs/open311.md).
    await app.register(open311Routes);
    await registerStaticFiles(app);
  },
  {
    name: 'twin-routes',
    dependencies: ['twin-config', 'twin-database', 'twin-writer', 'twin-live', 'twin-auth'],
    decorators: { fastify: [MQTT_DECORATION] },
    fastify: '5.x',
  },
);
