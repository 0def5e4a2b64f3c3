/**
 * The one place that talks HTTP to the ingest service. Everything is same-origin under /api/v1, so the
 * dashboard works behind any host name and through the Vite dev proxy without configuration, and the
 * session cookie goes with every request.
 */
import { parseRetryAfter } from '../lib/retry-policy.js';

export const API_BASE = '/api/v1';

type UnauthorizedListener = (path: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/**
 * Called whenever an API request is answered 401 (the session ended, was revoked or expired), so the app
 * can re-check who it is and show the sign-in instead of panels that fail one by one. Returns unsubscribe.
 */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * NOTE: a 401 from the session routes means "wrong password" or "link revoked" and a 401 from /me means
 * "not signed in": both are the answer the caller asked for, not news about the session to broadcast.
 */
export function reportsSessionLoss(path: string): boolean {
  const route = path.split('?')[0] ?? path;
  return route !== '/me' && route !== '/session' && !route.startsWith('/session/');
}

/**
 * A failed request: `status` 0 means the server could not be reached at all. `retryAfterMs`: how long the
 * server asked to wait (its Retry-After), if it said.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unreachable(): boolean {
    return this.status === 0 || this.code === 'unreachable' || this.status === 502 || this.status === 504;
  }
}

/** Query string from defined, non-empty values only, so URLs stay short and cache keys stable. */
export function toQueryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // NOTE: a proxy in front of a stopped server (Vite's, nginx) answers 5xx with a non-JSON body: that is
    // "cannot reach the server", not an error of the server itself.
    if (response.status >= 500) code = 'unreachable';
  }
  return new ApiError(response.status, code, message, parseRetryAfter(response.headers.get('retry-after')));
}

/** The error of an answer that is not ok, told to the session listeners first if it says the session ended. */
async function failedResponse(path: string, response: Response): Promise<ApiError> {
  const error = await errorFrom(response);
  if (response.status === 401 && reportsSessionLoss(path)) {
    for (const listener of unauthorizedListeners) listener(path);
  }
  return error;
}

/**
 * Sends one request to the API and returns its answer when it is ok. No answer at all is an ApiError of status 0
 * ("Cannot reach the server"); an answer that is not ok is its ApiError (told to the session listeners first);
 * the caller's own abort stays an abort. Every request of the dashboard goes through here.
 */
export async function sendRequest(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      ...init,
      // NOTE: the browser's default already, said explicitly: the session is a cookie and must never go to
      // another origin.
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'unreachable', 'Cannot reach the server');
  }
  if (!response.ok) throw await failedResponse(path, response);
  return response;
}

export async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await sendRequest(path, {
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
  });
  // 204 No Content (sign-out, delete): nothing to parse.
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { signal });
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return requestJson<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

export function patchJson<T>(path: string, body: unknown): Promise<T> {
  return requestJson<T>(path, { method: 'PATCH', body: JSON.stringify(body) });
}

export function putJson<T>(path: string, body: unknown): Promise<T> {
  return requestJson<T>(path, { method: 'PUT', body: JSON.stringify(body) });
}

export function deleteJson(path: string): Promise<void> {
  return requestJson<void>(path, { method: 'DELETE' });
}
