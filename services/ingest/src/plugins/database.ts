/**
 * twin-database: the embedded engine (PGlite + TimescaleDB) when there is no DATABASE_URL, the pool, the
 * migrations, the refold of incident states made by older fold rules and the placement of stored rows in
 * the city's districts and grid cells, all before ingest starts.
 * Closed last: the pool ends, then the embedded engine stops (onClose hooks run last-registered first).
 */
import fp from 'fastify-plugin';
import type pg from 'pg';
import type { Dialect } from '../db/dialect.js';
import { migrate } from '../db/migrations.js';
import { placementFingerprint, placeStoredRows } from '../db/placement.js';
import { createPool } from '../db/pool.js';
import { refoldIncidents } from '../db/refold.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../embedded/embedded-database.js';
import { type StallWatchdog, startStallWatchdog } from '../embedded/stall-watchdog.js';
import { shutdownStep } from './shutdown.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's pool: the embedded engine takes one connection, so everything shares this one. */
    pool: pg.Pool;
    /**
     * For the API's history reads: a read replica's pool with DATABASE_READ_URL, else `pool`. NOTE: a replica
     * lags; what must see a write just made (actions, the live feed and its snapshot) uses `pool`.
     */
    readPool: pg.Pool;
    dialect: Dialect;
    /** DATABASE_URL, or the embedded engine's local socket. */
    databaseUrl: string;
    /** True on the embedded engine (no DATABASE_URL): one instance, one connection. */
    embeddedDatabase: boolean;
    /** The embedded engine's stall watchdog; null on an external database or with EMBEDDED_STALL_TIMEOUT_S=0. */
    stallWatchdog: StallWatchdog | null;
  }
}

export const databasePlugin = fp(
  async (app) => {
    const { config, log } = app;
    let databaseUrl = config.databaseUrl;
    const embedded = !databaseUrl;
    let engine: EmbeddedDatabase | null = null;
    if (!databaseUrl) {
      const db = await startEmbeddedDatabase(config.dataDir, {
        onCrash: (err) =>
          log.error({ err }, 'the embedded database stopped: nothing is stored until the service restarts'),
      });
      app.addHook(
        'onClose',
        shutdownStep(app, 'embedded database', () => db.close()),
      );
      databaseUrl = db.url;
      engine = db;
      log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL + TimescaleDB (PGlite) ready');
    }
    const pool = createPool(databaseUrl, embedded);
    // NOTE: watching from the first statement on (migrations included); stopped as the pool ends.
    const stallWatchdog: StallWatchdog | null =
      engine && config.embeddedStallTimeoutS > 0
        ? startStallWatchdog({ pool, engine, timeoutMs: config.embeddedStallTimeoutS * 1000, log })
        : null;
    app.addHook(
      'onClose',
      shutdownStep(app, 'pool', () => {
        stallWatchdog?.stop();
        return pool.end();
      }),
    );
    const { dialect, applied } = await migrate(pool);
    log.info({ dialect, applied }, 'database schema up to date');
    // States made by older fold rules (or before fold versions existed) are rebuilt before ingest starts.
    const refolded = await refoldIncidents(pool, app.city.places, { onlyOutdated: true });
    if (refolded.incidents > 0) log.info(refolded, 'incident states made by older fold rules were refolded');
    // Rows placed before grid cells existed, or with another city pack's districts or grid, are placed again.
    const placed = await placeStoredRows(pool, app.city.places, placementFingerprint(app.city));
    if (placed.ran)
      log.info(placed, 'stored incidents and sensors placed in the city’s districts and grid cells');

    let readPool = pool;
    if (config.databaseReadUrl) {
      const replica = createPool(config.databaseReadUrl, false);
      app.addHook(
        'onClose',
        shutdownStep(app, 'read pool', () => replica.end()),
      );
      readPool = replica;
      log.info('history reads of the API go to the read replica (DATABASE_READ_URL)');
    }
    app.decorate('pool', pool);
    app.decorate('readPool', readPool);
    app.decorate('dialect', dialect);
    app.decorate('databaseUrl', databaseUrl);
    app.decorate('embeddedDatabase', embedded);
    app.decorate('stallWatchdog', stallWatchdog);
  },
  { name: 'twin-database', dependencies: ['twin-config'], fastify: '5.x' },
);
