/**
 * The demo feed as a runtime hook: `@twin/demo-feed` publishes over MQTT to whatever broker the service uses,
 * exactly like an external feed would. Used by `pnpm start` and by the browser test.
 */
import { startSimulator } from '@twin/demo-feed';
import type { Logger } from 'pino';
import type { Config, SimulatorSettings } from './config.js';
import type { RuntimeHooks } from './runtime.js';

/** The settings the operator set, named as the feed names them; unset ones keep the feed's defaults. */
function definedOnly(settings: SimulatorSettings) {
  const { sensors, intervalMs, incidentsPerMinute, timeScale } = settings;
  return {
    ...(sensors !== null ? { sensorCount: sensors } : {}),
    ...(intervalMs !== null ? { readingIntervalMs: intervalMs } : {}),
    ...(incidentsPerMinute !== null ? { incidentsPerMinute } : {}),
    ...(timeScale !== null ? { timeScale } : {}),
  };
}

export function demoFeedHook(config: Config, log: Logger): RuntimeHooks['startFeed'] {
  // NOTE: the runtime hands over the city pack it already loaded: no second parse of the district file.
  return async ({ mqttUrl, city, credentials }) => {
    const sim = await startSimulator({
      mqttUrl,
      topicRoot: config.topicRoot,
      city,
      logger: log,
      ...definedOnly(config.simulatorSettings),
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    });
    log.info('demo feed started (simulated sensors and incidents; SIMULATOR=false turns it off)');
    return () => sim.stop();
  };
}
