/**
 * `/api/v1/live` WebSocket protocol, version 1: one snapshot on connect, then compact deltas.
 * Every message is JSON tagged by `type` and carries the protocol version `v`, so a client can refuse a
 * version it does not understand instead of misreading it.
 */
import type { IncidentView, IngestCounters, MetricValue, SensorView, StorageState } from './views.js';

export const LIVE_PROTOCOL_VERSION = 1 as const;

export const LiveMessageType = {
  snapshot: 'snapshot',
  incidents: 'incidents',
  readings: 'readings',
  sensors: 'sensors',
  heartbeat: 'heartbeat',
} as const;

/** Latest values of one sensor that changed since the previous delta. */
export interface ReadingDelta {
  sensorId: string;
  lastSeen: number;
  values: Record<string, MetricValue>;
}

export type LiveMessage =
  | {
      v: typeof LIVE_PROTOCOL_VERSION;
      type: typeof LiveMessageType.snapshot;
      at: number;
      incidents: IncidentView[];
      sensors: SensorView[];
    }
  | {
      v: typeof LIVE_PROTOCOL_VERSION;
      type: typeof LiveMessageType.incidents;
      at: number;
      incidents: IncidentView[];
    }
  | {
      v: typeof LIVE_PROTOCOL_VERSION;
      type: typeof LiveMessageType.readings;
      at: number;
      readings: ReadingDelta[];
    }
  | {
      v: typeof LIVE_PROTOCOL_VERSION;
      type: typeof LiveMessageType.sensors;
      at: number;
      sensors: SensorView[];
    }
  | {
      v: typeof LIVE_PROTOCOL_VERSION;
      type: typeof LiveMessageType.heartbeat;
      at: number;
      /** Newest data the server has stored, so a wall screen can show "stale" when the feed stops. */
      lastIngestAt: number | null;
      counters: IngestCounters;
      /** Can the server store what it receives? Absent from servers older than this field. */
      storage?: StorageState;
    };

export function parseLiveMessage(text: string): LiveMessage | null {
  try {
    const msg = JSON.parse(text) as { v?: unknown; type?: unknown };
    if (msg.v !== LIVE_PROTOCOL_VERSION || typeof msg.type !== 'string') return null;
    if (!Object.hasOwn(LiveMessageType, msg.type)) return null;
    return msg as LiveMessage;
  } catch {
    return null;
  }
}
