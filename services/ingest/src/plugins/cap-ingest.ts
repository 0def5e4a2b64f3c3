/**
 * twin-cap-ingest: reads other agencies' CAP alerts (CAP_SOURCES) on the maintenance leader only
 * (cap/cap-ingest.ts). `app.capIngest.pollOnce()` reads every source now (tests). Stopped before the pool.
 */
import fp from 'fastify-plugin';
import { type CapIngest, startCapIngest } from '../cap/cap-ingest.js';
import { shutdownStep } from './shutdown.js';

declare module 'fastify' {
  interface FastifyInstance {
    capIngest: CapIngest;
  }
}

export const capIngestPlugin = fp(
  async (app) => {
    const capIngest = startCapIngest(app.pool, app.log.child({ part: 'cap-ingest' }), {
      sources: app.config.capSources,
      pollS: app.config.capPollS,
      isLeader: () => app.maintenance.isLeader,
      registry: app.metrics.registry,
    });
    app.addHook(
      'onClose',
      shutdownStep(app, 'CAP ingest', () => capIngest.stop()),
    );
    app.decorate('capIngest', capIngest);
  },
  {
    name: 'twin-cap-ingest',
    dependencies: ['twin-config', 'twin-database', 'twin-writer', 'twin-maintenance'],
    fastify: '5.x',
  },
);
