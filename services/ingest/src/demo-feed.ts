/**
 * The demo feed as a runtime hook: `@twin/demo-feed` publishes over MQTT to whatever broker the service uses,
 * exactly like an external feed would. Used by `pnpm start` and by the browser test.
 */
import { SIMULATED_ACTOR_SUFFIX, startSimulator } from '@twin/demo-feed';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDemoIncidents } from './db/demo-incidents.js';
import type { RuntimeHooks } from './runtime.js';

export function demoFeedHook(config: Config, log: Logger): RuntimeHooks['startFeed'] {
  // NOTE: the runtime hands over the city pack it already loaded: no second parse of the district file.
  return async ({ mqttUrl, city, credentials, runtime }) => {
    // NOTE: what an earlier run left open would otherwise stay open for good (its scripts died with it).
    const leftOpen = await openDemoIncidents(runtime.pool, SIMULATED_ACTOR_SUFFIX);
    const sim = await startSimulator({
      mqttUrl,
      topicRoot: config.topicRoot,
      city,
      logger: log,
      leftOpen,
      ...config.demoFeed,
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    });
    log.info('demo feed started (simulated sensors and incidents; SIMULATOR=false turns it off)');
    return () => sim.stop();
  };
}
