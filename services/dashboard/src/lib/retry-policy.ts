/**
 * When a failed read is tried again, and when not: the one definition for the replay's slice and readings
 * requests. Pure (the caller passes the failure count and, for tests, the random source).
 *
 * Tried again: no answer at all (a restart, a dropped connection), 408, 429 and every 5xx — the server
 * may answer next time. Not tried again: any other 4xx (400, 401, 403, 404 …): the request itself was
 * refused, and asking again gets the same answer.
 */

/** The first wait after a failure; each further failure in a row doubles it … */
export const FIRST_RETRY_MS = 1_000;
/** … up to this, so a long outage costs one request every half minute, never a tight loop. */
export const MAX_BACKOFF_MS = 30_000;
/** A server's Retry-After is honoured up to this (a larger one would leave the analyst waiting for good). */
export const MAX_RETRY_AFTER_MS = 120_000;
/** After this many failures in a row the analyst is offered "Retry now". */
export const OFFER_RETRY_NOW_AFTER = 2;

/** Status 0 means no answer reached the browser at all. */
export function isRetried(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * How long to wait before the next try, after `failures` failures in a row (1 = the first). Doubling from
 * FIRST_RETRY_MS up to MAX_BACKOFF_MS, each spread by ±25 % so the dashboards that saw the same restart do
 * not all ask again in the same instant. A Retry-After from the server is a minimum: never sooner than it
 * says, up to MAX_RETRY_AFTER_MS.
 */
export function retryDelayMs(
  failures: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const doublings = Number.isFinite(failures) ? Math.max(0, Math.min(30, Math.floor(failures) - 1)) : 0;
  const backoff = Math.min(MAX_BACKOFF_MS, FIRST_RETRY_MS * 2 ** doublings);
  const spread = Math.min(MAX_BACKOFF_MS, Math.max(FIRST_RETRY_MS, backoff * (0.75 + 0.5 * random())));
  if (retryAfterMs === null || !Number.isFinite(retryAfterMs)) return Math.round(spread);
  return Math.round(Math.max(spread, Math.min(MAX_RETRY_AFTER_MS, retryAfterMs)));
}

/**
 * A Retry-After header in milliseconds from `now`: either delay-seconds ("5") or an HTTP date. Null when
 * absent or unreadable (then the backoff alone decides).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - now);
}
