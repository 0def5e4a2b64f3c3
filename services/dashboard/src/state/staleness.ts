/**
 * Is the picture on the wall current, and is what arrives being stored? Pure, so the thresholds are tested
 * and the indicator cannot flicker between states on jitter: it changes only when a threshold is crossed or
 * the server reports a change of its storage state.
 */
import type { StorageState } from '@twin/domain';

/** Data older than this is called stale (the feeds send at least every few seconds). */
export const STALE_AFTER_MS = 30_000;
/** Heartbeats come every ~5 s; missing three in a row means the server stopped talking even if the socket looks open. */
export const HEARTBEAT_TIMEOUT_MS = 15_000;

export type SocketState = 'connecting' | 'open' | 'closed';

export interface HeartbeatSample {
  /** Server clock when the heartbeat was sent. */
  at: number;
  /** Server clock of the newest stored data, or null before any. */
  lastIngestAt: number | null;
  /** Browser clock when the heartbeat arrived. */
  receivedAt: number;
  /** Can the server store what it receives? Absent (or null) from servers older than this field. */
  storage?: StorageState | null;
}

export type LiveStatus =
  | { kind: 'live' }
  /** Connected and hearing from the server, but it cannot store: whatever is on screen is not being kept. */
  | {
      kind: 'not-storing';
      /** The server's words for why (for a second line or a tooltip), or null if it gave none. */
      reason: string | null;
      /** How long storing has been failing, on the server's clock; null if the server did not say since when. */
      failingForMs: number | null;
    }
  | { kind: 'stale'; reason: 'no-data' | 'old-data' | 'disconnected'; dataAgeMs: number | null };

/**
 * NOTE: the data age is measured on the server's clock (heartbeat `at` − `lastIngestAt`) plus the time
 * since the heartbeat arrived on ours, so a wall PC with a wrong clock still judges staleness correctly.
 */
export function dataAgeMs(heartbeat: HeartbeatSample | null, now: number): number | null {
  return heartbeat ? serverAgeMs(heartbeat, heartbeat.lastIngestAt, now) : null;
}

/** How long storing has been failing, measured like dataAgeMs; null while storing works or since is unknown. */
export function storageFailingForMs(heartbeat: HeartbeatSample | null, now: number): number | null {
  const storage = heartbeat?.storage;
  if (!heartbeat || !storage || storage.ok) return null;
  return serverAgeMs(heartbeat, storage.since, now);
}

/** Age now of a server-clock time named in a heartbeat: (at − time) on the server + time since arrival here. */
function serverAgeMs(heartbeat: HeartbeatSample, time: number | null, now: number): number | null {
  if (time === null) return null;
  return Math.max(0, heartbeat.at - time) + Math.max(0, now - heartbeat.receivedAt);
}

export function computeLiveStatus(
  socket: SocketState,
  heartbeat: HeartbeatSample | null,
  now: number,
  staleAfterMs = STALE_AFTER_MS,
): LiveStatus {
  const age = dataAgeMs(heartbeat, now);
  if (socket !== 'open' || !heartbeat || now - heartbeat.receivedAt > HEARTBEAT_TIMEOUT_MS) {
    return { kind: 'stale', reason: 'disconnected', dataAgeMs: age };
  }
  // NOTE: not storing wins over old or missing data (it is usually why), but not over a lost connection:
  // then the last word from the server on storage is as old as that connection.
  if (heartbeat.storage && !heartbeat.storage.ok) {
    return {
      kind: 'not-storing',
      reason: heartbeat.storage.reason,
      failingForMs: storageFailingForMs(heartbeat, now),
    };
  }
  if (age === null) return { kind: 'stale', reason: 'no-data', dataAgeMs: null };
  if (age > staleAfterMs) return { kind: 'stale', reason: 'old-data', dataAgeMs: age };
  return { kind: 'live' };
}

/**
 * The indicator's text: `LIVE`, `NOT STORING for …` or `STALE — …`, saying for how long in whole seconds.
 */
export function liveStatusText(status: LiveStatus): string {
  if (status.kind === 'live') return 'LIVE';
  if (status.kind === 'not-storing') {
    return status.failingForMs === null
      ? 'NOT STORING'
      : `NOT STORING for ${Math.floor(status.failingForMs / 1000)}s`;
  }
  if (status.dataAgeMs !== null) return `STALE — no data for ${Math.floor(status.dataAgeMs / 1000)}s`;
  return status.reason === 'disconnected' ? 'STALE — no connection to server' : 'STALE — no data yet';
}

/** A second, smaller line under the indicator's text: the server's reason while not storing, else null. */
export function liveStatusDetail(status: LiveStatus): string | null {
  return status.kind === 'not-storing' ? status.reason : null;
}
