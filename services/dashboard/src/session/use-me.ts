/**
 * Who the dashboard is signed in as, from `GET /api/v1/me` (the server derives it from the session cookie
 * or the kiosk link; the dashboard never decides it). Null when not signed in (401). Signing in, signing
 * out and opening a kiosk link are mutations that write their answer straight into the same query, so
 * every component reading useMe() changes at once.
 */

import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { ApiError } from '../api/http.js';
import { exchangeKioskToken, signIn, signOut } from '../api/session.js';
import { useUiStore } from '../state/ui-store.js';
import { setKioskScreen } from './kiosk-link.js';
import { fetchMe, ME_QUERY_KEY, ME_REFRESH_MS, ME_RETRY_MS } from './me-query.js';
import { SIGN_IN_PATH } from './sign-in-route.js';

export { fetchMe, ME_QUERY_KEY } from './me-query.js';

export interface MeState {
  me: Principal | null;
  /** No answer yet (first load). */
  isPending: boolean;
  /** The last check failed for another reason than "not signed in" (usually: server unreachable). */
  error: Error | null;
}

export function useMe(): MeState {
  const q = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: ME_REFRESH_MS,
    refetchInterval: (query) => (query.state.status === 'error' ? ME_RETRY_MS : ME_REFRESH_MS),
  });
  return { me: q.data ?? null, isPending: q.isPending, error: q.error };
}

/** Writes a new identity, making sure an older `/me` answer still in flight cannot overwrite it. */
async function setMe(queryClient: QueryClient, me: Principal | null): Promise<void> {
  await queryClient.cancelQueries({ queryKey: ME_QUERY_KEY });
  queryClient.setQueryData(ME_QUERY_KEY, me);
}

const isMeQuery = (query: { queryKey: readonly unknown[] }) => query.queryKey[0] === ME_QUERY_KEY[0];

/** After a new identity, whatever failed with 401 (or was loaded for someone else) is loaded again. */
function reloadEverythingElse(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => !isMeQuery(query) });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      signIn(username, password),
    onSuccess: async (me) => {
      // NOTE: a person signing in with a password on this browser makes it a desk, not a wall any more.
      setKioskScreen(false);
      await setMe(queryClient, me);
      void reloadEverythingElse(queryClient);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // NOTE: a 401 means the session was already gone: signed out either way. Any other failure (server
    // unreachable) leaves the session alive on the server, so the screen must not pretend otherwise.
    onSettled: async (_data, error) => {
      if (error && !(error instanceof ApiError && error.status === 401)) return;
      // The next person at this screen must not see the previous one's data, even for a moment.
      await queryClient.cancelQueries({ queryKey: ME_QUERY_KEY });
      queryClient.removeQueries({ predicate: (query) => !isMeQuery(query) });
      // The next person signs in to the wall, not into the previous one's view. Same tick as the identity
      // change, so no screen in between redirects on its own.
      useUiStore.getState().openHref(SIGN_IN_PATH, { replace: true });
      queryClient.setQueryData(ME_QUERY_KEY, null);
    },
  });
}

export function useKioskExchange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => exchangeKioskToken(token),
    onSuccess: async (me) => {
      setKioskScreen(true);
      await setMe(queryClient, me);
      void reloadEverythingElse(queryClient);
    },
  });
}
