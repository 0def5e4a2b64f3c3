import { skipToken, useQuery } from '@tanstack/react-query';
import { type HeartbeatData, liveKeys } from '../live/live-cache.js';
import { useSocketState } from '../live/live-socket-context.js';
import { computeLiveStatus, type LiveStatus } from '../state/staleness.js';
import { useNow } from './use-now.js';

/** Heartbeats only ever come from the socket, so this query never fetches; it only reads the cache. */
export function useHeartbeat(): HeartbeatData | null {
  const { data } = useQuery<HeartbeatData>({ queryKey: liveKeys.heartbeat(), queryFn: skipToken });
  return data ?? null;
}

export function useLiveStatus(): LiveStatus {
  const socket = useSocketState();
  const heartbeat = useHeartbeat();
  const now = useNow(1000);
  return computeLiveStatus(socket, heartbeat, now);
}
