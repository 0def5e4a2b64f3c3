/**
 * A part of the replay window that could not be loaded: which part, why in plain words, and when it is
 * tried next (by the policy in lib/retry-policy.ts). The session keeps one per failing request; the panel
 * shows them.
 */
import { ApiError } from '../api/http.js';
import { isRetried, retryDelayMs } from '../lib/retry-policy.js';

export interface LoadProblem {
  /** What is missing: the incidents of a slice, or the sensor values of a readings span. */
  part: 'incidents' | 'sensors';
  from: number;
  to: number;
  /** Why, in plain words: the server's own message where it gave one. */
  reason: string;
  /** Failures in a row of this request. */
  failures: number;
  /** Wall time (epoch ms) of the next try; null when it is not tried again (the request itself was refused). */
  retryAt: number | null;
}

/** Why a request failed, in words that fit "… could not be loaded (…)". */
function reasonOf(error: unknown): string {
  if (!(error instanceof ApiError)) {
    // A body that broke off half-way fails to parse: the answer never arrived whole.
    return `the answer broke off (${error instanceof Error ? error.message : String(error)})`;
  }
  if (error.status === 0) return error.message;
  if (error.status === 401) return 'the session has ended; sign in again';
  const generic = error.message === '' || /^\d{3}\b/.test(error.message);
  if (error.code === 'unreachable' || generic) return `the server answered ${error.status}`;
  return error.status >= 500 || error.status === 429
    ? `the server answered ${error.status}: ${error.message}`
    : error.message;
}

/** The problem after one more failure of a request (`previous`: its problem so far, if it failed before). */
export function problemAfter(
  error: unknown,
  part: LoadProblem['part'],
  span: { from: number; to: number },
  previous: LoadProblem | undefined,
  now: number,
  random: () => number = Math.random,
): LoadProblem {
  // NOTE: anything but an HTTP answer (a network error, a body that broke off) is "no answer": tried again.
  const status = error instanceof ApiError ? error.status : 0;
  const retryAfterMs = error instanceof ApiError ? error.retryAfterMs : null;
  const failures = (previous?.failures ?? 0) + 1;
  return {
    part,
    from: span.from,
    to: span.to,
    reason: reasonOf(error),
    failures,
    retryAt: isRetried(status) ? now + retryDelayMs(failures, retryAfterMs, random) : null,
  };
}
