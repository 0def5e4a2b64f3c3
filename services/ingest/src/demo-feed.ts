/**
 * The demo feed as a runtime hook: `@twin/demo-feed` publishes over MQTT to whatever broker the service uses,
 * exactly like an external feed would. Used by `pnpm start` and by the browser test.
 */
import { readFile } from 'node:fs/promises';
import type { CityPack } from '@twin/city';
import {
  castDepartments,
  importCallHistory,
  packFireCallsFile,
  SIMULATED_ACTOR_SUFFIX,
  startSimulator,
} from '@twin/demo-feed';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDemoIncidents } from './db/demo-incidents.js';
import { incidentExists } from './db/history-import-state.js';
import type { Queryable } from './db/pool.js';
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
    let stopping = false;
    const history = config.historyImport
      ? importHistoryOnce({
          mqttUrl,
          topicRoot: config.topicRoot,
          credentials,
          city,
          log,
          db: runtime.pool,
          stopping: () => stopping,
        })
      : Promise.resolve();
    return async () => {
      stopping = true;
      await history;
      await sim.stop();
    };
  };
}

/**
 * The pack's real calls as history (packages/demo-feed history-import.ts), in the background: on the first
 * start it publishes them all (about a minute); later starts find the last call stored and publish nothing.
 * A failure is logged, never fatal: the demo runs without its history.
 */
async function importHistoryOnce(ctx: {
  mqttUrl: string;
  topicRoot: string;
  credentials: { username: string; password: string } | null;
  city: CityPack;
  log: Logger;
  db: Queryable;
  stopping: () => boolean;
}): Promise<void> {
  try {
    const file = await packFireCallsFile(ctx.city.dir);
    if (!file) return;
    const result = await importCallHistory({
      mqttUrl: ctx.mqttUrl,
      ...(ctx.credentials ? { username: ctx.credentials.username, password: ctx.credentials.password } : {}),
      topicRoot: ctx.topicRoot,
      csv: await readFile(file, 'utf8'),
      timeZone: ctx.city.manifest.timezone,
      departments: castDepartments(ctx.city.manifest.departments),
      alreadyImported: (last) => incidentExists(ctx.db, last),
      shouldStop: ctx.stopping,
    });
    if (result.calls > 0)
      ctx.log.info(
        { calls: result.calls, events: result.events, stopped: result.stopped },
        'history import: the real calls published with their own times (HISTORY_IMPORT=false turns it off)',
      );
  } catch (err) {
    ctx.log.warn({ err }, 'history import failed; the demo runs without its history');
  }
}
