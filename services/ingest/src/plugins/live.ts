/**
 * twin-live: the change feed tailing the store and the hub fanning it out to WebSocket clients
 * (live/start-live.ts). Nothing on an ingest-only instance (INSTANCE_ROLE=ingest): `app.hub` is null.
 * Stopped (preClose) after MQTT intake, before the HTTP server closes.
 */
import fp from 'fastify-plugin';
import type { LiveHub } from '../live/live-hub.js';
import { startLive } from '../live/start-live.js';
import { shutdownStep } from './shutdown.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null on an ingest-only instance (INSTANCE_ROLE=ingest): no API, no live socket. */
    hub: LiveHub | null;
  }
}

export const livePlugin = fp(
  async (app) => {
    if (app.config.role === 'ingest') {
      app.decorate('hub', null);
      return;
    }
    const live = await startLive({
      pool: app.pool,
      listenUrl: app.embeddedDatabase ? null : app.databaseUrl,
      pollIntervalMs: app.config.livePollMs,
      writer: app.writer,
      metrics: app.metrics,
      log: app.log,
    });
    app.addHook(
      'preClose',
      shutdownStep(app, 'live', () => live.close()),
    );
    app.decorate('hub', live.hub);
  },
  { name: 'twin-live', dependencies: ['twin-config', 'twin-database', 'twin-writer'], fastify: '5.x' },
);
