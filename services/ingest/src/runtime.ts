/**
 * Starts the whole service as ONE Fastify instance built from named plugins (plugins/*.ts), each decorating
 * the instance with what it provides and registering its own shutdown hooks. main.ts and the integration
 * tests both use this, so the tests exercise exactly what `pnpm start` runs.
 *
 *   plugin              depends on                      provides (app.…)
 *   twin-config         –                               config, city, adminToken
 *   twin-database       config                          pool, dialect, databaseUrl, embeddedDatabase
 *   twin-writer         config, database                metrics, writer, messages, credentials
 *   twin-maintenance    config, database, writer        maintenance
 *   twin-rules          config, database, writer, maintenance   (the pack's rules; the engine on the leader)
 *   twin-cap-ingest     config, database, writer, maint.  capIngest         (reads CAP_SOURCES on the leader)
 *   twin-demo-feed      config                          demoFeed            (only with a feed hook)
 *   twin-broker         config, writer                  mqtt                (no MQTT_URL: embedded Aedes)
 *   twin-mqtt-ingest    config, writer                  mqtt                (MQTT_URL: external broker)
 *   twin-live           config, database, writer        hub (null for INSTANCE_ROLE=ingest)
 *   twin-auth           config, database, writer        accounts, firstAdmin, request.principal (the guard)
 *   twin-routes         config, database, writer, live, auth, mqtt   the HTTP API, docs, live socket, static files
 *
 * Then the HTTP server listens, then the external MQTT subscription starts (`app.mqtt.start()`), then the
 * demo feed. A step that fails closes what started before it (`app.close()` runs the hooks registered so
 * far) and its error reaches the caller unchanged (StartupError subclasses: main.ts prints one line).
 *
 * Shutdown (`close()` = `app.close()`; how Fastify orders the hooks: plugins/shutdown.ts):
 *   preClose, in registration order: demo feed → external MQTT ingest (stops taking messages, acknowledges
 *     what commits) | embedded broker (the writer commits what devices wait for, then the broker closes)
 *     → live feed and hub
 *   the HTTP server closes
 *   onClose, in reverse registration order: CAP ingest → rules → maintenance → writer → pool → embedded database
 * Pinned by test/runtime-plugins.int.test.ts.
 */
import type { CityPack } from '@twin/city/node';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AdminToken } from './admin-token.js';
import type { Config } from './config.js';
import { PortInUseError } from './embedded/embedded-broker.js';
import { type App, createApp } from './http/app.js';
import type { FirstAdmin } from './identity/first-admin.js';
import { authPlugin } from './plugins/auth.js';
import { brokerPlugin } from './plugins/broker.js';
import { capIngestPlugin } from './plugins/cap-ingest.js';
import { configPlugin } from './plugins/config.js';
import { databasePlugin } from './plugins/database.js';
import { demoFeedPlugin } from './plugins/demo-feed.js';
import { livePlugin } from './plugins/live.js';
import { maintenancePlugin } from './plugins/maintenance.js';
import { mqttIngestPlugin } from './plugins/mqtt-ingest.js';
import { routesPlugin } from './plugins/routes.js';
import { rulesPlugin } from './plugins/rules.js';
import { writerPlugin } from './plugins/writer.js';

export type { App } from './http/app.js';

export interface Runtime {
  app: App;
  /** http://host:port of the API and dashboard. */
  url: string;
  mqttUrl: string;
  databaseUrl: string;
  /** The service's pool: the embedded engine takes one connection, so tests query through this one. */
  pool: pg.Pool;
  config: Config;
  adminToken: AdminToken;
  /** The admin this start created (no user existed), to tell the operator once; null otherwise. */
  firstAdmin: FirstAdmin | null;
  close(): Promise<void>;
}

/** Credentials the demo feed connects with (the embedded broker issues its own at every start). */
export interface FeedCredentials {
  username: string;
  password: string;
}

export interface RuntimeHooks {
  /** Starts the demo feed once ingest is running; returns its stop function. */
  startFeed?(args: {
    mqttUrl: string;
    city: CityPack;
    credentials: FeedCredentials | null;
    runtime: Omit<Runtime, 'close'>;
  }): Promise<() => Promise<void>>;
}

/** The username of the in-process demo feed's broker credential. */
export const DEMO_FEED_USERNAME = 'demo-feed';

/** The service's Fastify instance with its plugins registered, not yet started. */
export function buildService(config: Config, log: Logger, hooks: RuntimeHooks = {}): App {
  const app = createApp({ loggerInstance: log });
  app.register(configPlugin, { config });
  app.register(databasePlugin);
  app.register(writerPlugin);
  app.register(maintenancePlugin);
  app.register(rulesPlugin);
  app.register(capIngestPlugin);
  // NOTE: before the MQTT plugins: preClose hooks run in registration order and the feed stops first.
  if (hooks.startFeed) app.register(demoFeedPlugin, { startFeed: hooks.startFeed });
  if (config.mqttUrl) app.register(mqttIngestPlugin);
  else app.register(brokerPlugin, { feed: hooks.startFeed !== undefined });
  app.register(livePlugin);
  app.register(authPlugin);
  app.register(routesPlugin);
  return app;
}

export async function startRuntime(config: Config, log: Logger, hooks: RuntimeHooks = {}): Promise<Runtime> {
  const app = buildService(config, log, hooks);
  const close = async () => {
    try {
      await app.close();
    } catch (err) {
      log.warn({ err }, 'error while shutting down');
    }
  };
  try {
    await app.ready();
    const address = await app
      .listen({ port: config.port, host: config.host })
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          throw new PortInUseError(`HTTP port ${config.port} is already in use. Set PORT to a free port.`);
        }
        throw err;
      });
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
    await app.mqtt.start();
    const runtime = {
      app,
      url,
      mqttUrl: app.mqtt.url,
      databaseUrl: app.databaseUrl,
      pool: app.pool,
      config,
      adminToken: app.adminToken,
      firstAdmin: app.firstAdmin,
    };
    if (hooks.startFeed) await app.demoFeed.start(runtime);
    return { ...runtime, close };
  } catch (err) {
    await close();
    throw err;
  }
}
