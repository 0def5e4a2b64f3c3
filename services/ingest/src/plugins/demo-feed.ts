/**
 * twin-demo-feed: the demo feed (RuntimeHooks.startFeed) publishing over MQTT like any external source.
 * It starts last, once ingest runs (`app.demoFeed.start()`, called by runtime.ts), and stops first.
 *
 * NOTE: registered BEFORE twin-broker / twin-mqtt-ingest although it publishes to them: preClose hooks run
 * in registration order, and the feed must stop publishing before the broker path commits and closes.
 * It therefore reads `app.mqtt` only when it starts.
 */
import fp from 'fastify-plugin';
import type { Runtime, RuntimeHooks } from '../runtime.js';
import { shutdownStep } from './shutdown.js';

export interface DemoFeed {
  start(runtime: Omit<Runtime, 'close'>): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    demoFeed: DemoFeed;
  }
}

export const demoFeedPlugin = fp<{ startFeed: NonNullable<RuntimeHooks['startFeed']> }>(
  async (app, { startFeed }) => {
    let stop: (() => Promise<void>) | null = null;
    app.addHook(
      'preClose',
      shutdownStep(app, 'demo feed', () => stop?.()),
    );
    app.decorate('demoFeed', {
      async start(runtime) {
        if (stop) return;
        stop = await startFeed({
          mqttUrl: app.mqtt.url,
          city: app.city,
          credentials: app.mqtt.feedCredentials,
          runtime,
        });
      },
    } satisfies DemoFeed);
  },
  { name: 'twin-demo-feed', dependencies: ['twin-config'], fastify: '5.x' },
);
