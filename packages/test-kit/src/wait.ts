/** Polling with a deadline; every timeout says what was expected and what was last seen. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What we are waiting for, e.g. "stored count = 20000". */
  what: string;
}

/**
 * Calls probe until it returns { done: true }. `seen` is a short description of the last observation, used
 * in the error. A probe that throws is retried; its last error is reported.
 */
export async function waitFor<T>(
  opts: WaitOptions,
  probe: () => Promise<{ done: boolean; value: T; seen: string }>,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let seen = 'nothing yet';
  let lastError: unknown = null;
  for (;;) {
    try {
      const r = await probe();
      if (r.done) return r.value;
      seen = r.seen;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const error = lastError
        ? `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
        : '';
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.what}; last seen: ${seen}${error}`,
      );
    }
    await sleep(opts.intervalMs ?? 250);
  }
}

/** Resolves with the value of a promise, or rejects saying what did not happen in time. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
