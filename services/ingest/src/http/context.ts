import type { CityPack } from '@twin/city/node';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Dialect } from '../db/dialect.js';
import type { BatchWriter } from '../ingest/batch-writer.js';
import type { IngestMetrics } from '../ingest/counters.js';
import type { LiveHub } from '../live/live-hub.js';

/** What the HTTP layer needs from the running service; built once by runtime.ts. */
export interface AppContext {
  config: Config;
  pool: pg.Pool;
  dialect: Dialect;
  city: CityPack;
  writer: BatchWriter;
  metrics: IngestMetrics;
  hub: LiveHub;
  mqttConnected(): boolean;
}
