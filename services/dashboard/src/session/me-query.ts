/** The `me` query's key and fetch, apart from the hooks so plain modules (session-sync.ts) can use them. */
import type { Principal } from '@twin/domain';
import { ApiError, getJson } from '../api/http.js';

export const ME_QUERY_KEY = ['me'] as const;

/** Re-asked this often so a session ended elsewhere (signed out, link revoked, expired) shows soon. */
export const ME_REFRESH_MS = 60_000;
/** While the server cannot be reached, asked again this often so the screen recovers on its own. */
export const ME_RETRY_MS = 5_000;

export async function fetchMe(signal?: AbortSignal): Promise<Principal | null> {
  try {
    return await getJson<Principal>('/me', signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}
