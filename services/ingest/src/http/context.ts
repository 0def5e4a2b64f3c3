import type { CityPack } from '@twin/city/node';
import type pg from 'pg';
import type { CredentialStore } from '../broker-auth/credential-store.js';
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
  /** Null on an ingest-only instance (INSTANCE_ROLE=ingest): no API, no live socket. */
  hub: LiveHub | null;
  /** Device credentials of the embedded broker, managed through the admin API. */
  credentials: CredentialStore;
  /** Bearer token of the admin API. */
  adminToken: string;
  /** Closes the embedded broker's connections of a revoked credential (no-op with an external broker). */
  disconnectUser(username: string): unknown;
  mqttConnected(): boolean;
}
