/**
 * Keeps the live socket and the identity in step. The socket is refused without a session, so it runs only
 * while someone is signed in and starts over when that changes; and any sign that the session ended (an
 * API request answered 401, the socket refused before it opened) makes the app ask `/me` again, so the
 * screen switches to the sign-in (or the wall's "link revoked") instead of panels failing one by one.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { onUnauthorized } from '../api/http.js';
import type { LiveSocket } from '../live/live-socket.js';
import type { SocketState } from '../state/staleness.js';
import { ME_QUERY_KEY } from './me-query.js';

/** Many panels fail together when a session ends: one re-check of `/me` is enough for all of them. */
export const SESSION_RECHECK_MIN_INTERVAL_MS = 3_000;

export type SocketAction = 'start' | 'restart' | 'stop' | 'none';

/** undefined = not known yet (first `/me` answer pending); null = nobody signed in. */
export function socketActionFor(
  previous: Principal | null | undefined,
  next: Principal | null | undefined,
): SocketAction {
  if (next === undefined) return 'none';
  if (next === null) return previous === null ? 'none' : 'stop';
  if (!previous) return 'start';
  const same = previous.id === next.id && previous.kind === next.kind && previous.role === next.role;
  return same ? 'none' : 'restart';
}

/** A connection that closed without ever opening was refused (no session) or the server is away. */
export function wasRefused(previous: SocketState, next: SocketState): boolean {
  return previous === 'connecting' && next === 'closed';
}

export function startSessionSync(
  queryClient: QueryClient,
  socket: LiveSocket,
  now: () => number = Date.now,
): () => void {
  let lastRecheck = Number.NEGATIVE_INFINITY;
  const recheck = () => {
    if (now() - lastRecheck < SESSION_RECHECK_MIN_INTERVAL_MS) return;
    lastRecheck = now();
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };

  let me: Principal | null | undefined = queryClient.getQueryData<Principal | null>(ME_QUERY_KEY);
  const apply = (action: SocketAction) => {
    if (action === 'stop') socket.stop();
    // NOTE: a fresh start, not a resume: the cache may have been emptied on sign-out, and a resume would
    // only bring what changed since.
    if (action === 'start' || action === 'restart') socket.restart();
  };
  apply(socketActionFor(undefined, me));

  const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
    if (event.query.queryKey[0] !== ME_QUERY_KEY[0]) return;
    const next = event.query.state.data as Principal | null | undefined;
    const action = socketActionFor(me, next);
    if (next !== undefined) me = next;
    apply(action);
  });

  let socketState = socket.getStatus();
  const unsubscribeSocket = socket.onStatus((state) => {
    if (wasRefused(socketState, state) && me) recheck();
    socketState = state;
  });

  const unsubscribeHttp = onUnauthorized(recheck);

  return () => {
    unsubscribeCache();
    unsubscribeSocket();
    unsubscribeHttp();
  };
}
