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

export interface IngestCounters {
  received: number;
  stored: number;
  rejected: number;
  duplicates: number;
  seqGaps: number;
}
