/**
 * Who the dashboard is signed in as, from `GET /api/v1/me` (the server derives it from the session cookie
 * or the kiosk link; the dashboard never decides it). Null when not signed in (401).
 */

import { useQuery } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { ApiError, getJson } from '../api/http.js';

export const ME_QUERY_KEY = ['me'] as const;

export async function fetchMe(signal?: AbortSignal): Promise<Principal | null> {
  try {
    return await getJson<Principal>('/me', signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe(): { me: Principal | null; isPending: boolean; error: Error | null } {
  const q = useQuery({ queryKey: ME_QUERY_KEY, queryFn: ({ signal }) => fetchMe(signal), staleTime: 60_000 });
  return { me: q.data ?? null, isPending: q.isPending, error: q.error };
}
