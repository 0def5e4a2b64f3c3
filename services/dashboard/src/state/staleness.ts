/**
 * Is the picture on the wall current? Pure, so the thresholds are tested and the indicator cannot flicker
 * between states on jitter: it changes only when a threshold is crossed.
 */

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
}

export type LiveStatus =
  | { kind: 'live' }
  | { kind: 'stale'; reason: 'no-data' | 'old-data' | 'disconnected'; dataAgeMs: number | null };

/**
 * NOTE: the data age is measured on the server's clock (heartbeat `at` − `lastIngestAt`) plus the time
 * since the heartbeat arrived on ours, so a wall PC with a wrong clock still judges staleness correctly.
 */
export function dataAgeMs(heartbeat: HeartbeatSample | null, now: number): number | null {
  if (!heartbeat || heartbeat.lastIngestAt === null) return null;
  return Math.max(0, heartbeat.at - heartbeat.lastIngestAt) + Math.max(0, now - heartbeat.receivedAt);
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
  if (age === null) return { kind: 'stale', reason: 'no-data', dataAgeMs: null };
  if (age > staleAfterMs) return { kind: 'stale', reason: 'old-data', dataAgeMs: age };
  return { kind: 'live' };
}

/** The indicator's text: `LIVE`, or `STALE — …` saying for how long, in whole seconds. */
export function liveStatusText(status: LiveStatus): string {
  if (status.kind === 'live') return 'LIVE';
  if (status.dataAgeMs !== null) return `STALE — no data for ${Math.floor(status.dataAgeMs / 1000)}s`;
  return status.reason === 'disconnected' ? 'STALE — no connection to server' : 'STALE — no data yet';
}
