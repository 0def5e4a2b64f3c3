/**
 * The demo feed as a runtime hook: `@twin/demo-feed` publishes over MQTT to whatever broker the service uses,
 * exactly like an external feed would. Used by `pnpm start` and by the browser test.
 */
import { startSimulator } from '@twin/demo-feed';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { RuntimeHooks } from './runtime.js';

export function demoFeedHook(config: Config, log: Logger): RuntimeHooks['startFeed'] {
  // NOTE: the runtime hands over the city pack it already loaded: no second parse of the district file.
  return async ({ mqttUrl, city, credentials }) => {
    const sim = await startSimulator({
      mqttUrl,
      topicRoot: config.topicRoot,
      city,
      logger: log,
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    });
    log.info('demo feed started (simulated sensors and incidents; SIMULATOR=false turns it off)');
    return () => sim.stop();
  };
}
