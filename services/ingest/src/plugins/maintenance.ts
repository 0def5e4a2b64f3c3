/**
 * twin-maintenance: partitions for this instance's own ingest at once, then the leader's jobs on a timer
 * (db/maintenance.ts). Started before any ingest; stopped after the HTTP server, before the writer.
 */
import fp from 'fastify-plugin';
import { type MaintenanceJob, startMaintenance } from '../db/maintenance.js';
import { shutdownStep } from './shutdown.js';

declare module 'fastify' {
  interface FastifyInstance {
    maintenance: MaintenanceJob;
  }
}

export const maintenancePlugin = fp(
  async (app) => {
    const { config, writer } = app;
    const maintenance = await startMaintenance(app.pool, app.dialect, app.log, {
      ...config,
      embedded: app.embeddedDatabase,
      leaderRetryMs: config.maintenanceLeaderRetryS * 1000,
      instanceName: config.ingestClientId,
      registry: app.metrics.registry,
    });
    app.addHook(
      'onClose',
      shutdownStep(app, 'maintenance', () => maintenance.stop()),
    );
    writer.on('committed', (c) => {
      if (c.readingsWindow)
        maintenance.readingsCommitted(c.readingsWindow.oldest, c.readingsWindow.newest, c.lateRollupKeys);
    });
    app.decorate('maintenance', maintenance);
  },
  { name: 'twin-maintenance', dependencies: ['twin-config', 'twin-database', 'twin-writer'], fastify: '5.x' },
);
