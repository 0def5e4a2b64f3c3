/**
 * Work serialised per key within this process: a function runs after the work already running under the same
 * key, so a double click cannot pass a check twice before the first change is committed (an incident action,
 * a public alert, a citizen report of one category). Instances behind a balancer can still race; each caller's
 * docs say what that means for it.
 */
export type OneAtATime = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A queue per key, forgotten once its last piece of work has settled. */
export function oneAtATimePerKey(): OneAtATime {
  const inFlight = new Map<string, Promise<unknown>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = inFlight.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => {});
    inFlight.set(key, settled);
    try {
      return await run;
    } finally {
      if (inFlight.get(key) === settled) inFlight.delete(key);
    }
  };
}
