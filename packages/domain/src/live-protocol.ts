/**
 * `/api/v1/live` WebSocket protocol, version 2. Every change the service commits is appended, in the same
 * transaction, to one ordered change log (sequence `seq`); every instance's live hub tails that log, so a
 * client connected to any instance sees every change, in order, once.
 *
 * On connect the client gets either a `snapshot` (the state at log position `seq`) or, when it asked to
 * resume after the `seq` it last saw and the log still holds everything since, `resumed` — then `changes`
 * messages in log order. Every message carries `seq`: after a `snapshot`, `resumed` or `changes` the client
 * holds everything up to it, which is the position to resume from after a reconnect.
 *
 * Every message is JSON tagged by `type` and carries the protocol version `v`, so a client can refuse a
 * version it does not understand instead of misreading it.
 */
import type { IncidentView, IngestCounters, MetricValue, SensorView, StorageState } from './views.js';

export const LIVE_PROTOCOL_VERSION = 2 as const;

export const LiveMessageType = {
  snapshot: 'snapshot',
  resumed: 'resumed',
  changes: 'changes',
  heartbeat: 'heartbeat',
} as const;

/** Latest values of one sensor that changed. */
export interface ReadingDelta {
  sensorId: string;
  lastSeen: number;
  values: Record<string, MetricValue>;
}

/** A message that was dead-lettered (its payload is in the dead-letter API). */
export interface DeadLetterNotice {
  id: number;
  receivedAt: number;
  topic: string;
  reason: string;
}

interface Base {
  v: typeof LIVE_PROTOCOL_VERSION;
  at: number;
  /** Log position: the client holds every change up to here once it has handled this message. */
  seq: number;
}

export type LiveMessage =
  | (Base & {
      type: typeof LiveMessageType.snapshot;
      incidents: IncidentView[];
      sensors: SensorView[];
    })
  | (Base & {
      /** The client's state from before the reconnect stays valid: what it missed follows as `changes`. */
      type: typeof LiveMessageType.resumed;
    })
  | (Base & {
      /**
       * A large readings delta comes as several `changes` messages: all but the last hold readings only and
       * carry the position before them, so a client that reconnects between them resumes before them.
       */
      type: typeof LiveMessageType.changes;
      /** Incidents whose state changed (the whole new state), oldest change first. */
      incidents?: IncidentView[];
      /** Sensors registered or whose status changed (the whole new view). */
      sensors?: SensorView[];
      /** Newest values per sensor among the readings committed since the previous message. */
      readings?: ReadingDelta[];
      deadLetters?: DeadLetterNotice[];
    })
  | (Base & {
      type: typeof LiveMessageType.heartbeat;
      /** Newest data the service stored, so a wall screen can show "stale" when the feed stops. */
      lastIngestAt: number | null;
      counters: IngestCounters;
      /** Can the service store what it receives? */
      storage: StorageState;
    });

export function parseLiveMessage(text: string): LiveMessage | null {
  try {
    const msg = JSON.parse(text) as { v?: unknown; type?: unknown; seq?: unknown };
    if (msg === null || typeof msg !== 'object') return null;
    if (msg.v !== LIVE_PROTOCOL_VERSION || typeof msg.type !== 'string') return null;
    if (!Object.hasOwn(LiveMessageType, msg.type)) return null;
    if (typeof msg.seq !== 'number' || !Number.isSafeInteger(msg.seq) || msg.seq < 0) return null;
    return msg as LiveMessage;
  } catch {
    return null;
  }
}
