/**
 * Shapes the HTTP API and the live socket send to the browser. Declared once here so the server's
 * response schemas and the dashboard's types cannot drift apart.
 */
import type { IncidentState } from './incident-fold.js';
import type { IncidentEvent, SensorStatusValue } from './schemas.js';

/** An incident as listed: its folded state plus what the server derives from the city model. */
export interface IncidentView extends IncidentState {
  district: string | null;
}

export interface IncidentDetail {
  incident: IncidentView;
  /** Every event in fold order (ts, then lifecycle rank). */
  timeline: IncidentEvent[];
}

export interface MetricValue {
  value: number;
  ts: number;
}

export interface SensorView {
  sensorId: string;
  name: string;
  kind: string;
  department: string;
  lat: number;
  lon: number;
  district: string | null;
  units: Record<string, string>;
  intervalS: number | null;
  simulated: boolean;
  status: SensorStatusValue | 'unknown';
  /** Epoch ms of the newest reading, or null before the first one. */
  lastSeen: number | null;
  latest: Record<string, MetricValue>;
}

export interface ReadingBucket {
  bucket: number;
  avg: number;
  min: number;
  max: number;
  count: number;
}

/**
 * The ingest accounting, per MQTT message: once a message has settled it is exactly one of stored (something
 * new was committed), duplicate (everything in it was already stored) or rejected (dead-lettered, wholly or
 * in part, with its reasons), so `received = stored + duplicates + rejected + pending` always holds.
 */
export interface IngestCounters {
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Received and not yet committed (nor acknowledged). */
  pending: number;
  /** Metric values committed (a message can carry many). */
  readingsStored: number;
  /** Readings missing according to the devices' `seq` counters: lost before they reached us. */
  seqGaps: number;
}

/**
 * Whether the service can store what it receives right now. While `ok` is false nothing is acknowledged
 * to the broker, nothing is dead-lettered for it, and the wall must not say LIVE.
 */
export interface StorageState {
  ok: boolean;
  /** Why storing fails, in plain words (null while ok). */
  reason: string | null;
  /** Server clock when storing started failing (null while ok). */
  since: number | null;
}
