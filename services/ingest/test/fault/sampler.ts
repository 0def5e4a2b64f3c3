/** Periodic sampling in the background (RSS, metrics, /readyz) while a fault is going on. */

export interface Sample<T> {
  at: number;
  value: T | null;
  error: string | null;
}

export interface Sampler<T> {
  samples: Sample<T>[];
  /** Stops sampling and waits for a sample under way. */
  stop(): Promise<Sample<T>[]>;
}

export function sampleEvery<T>(intervalMs: number, probe: () => Promise<T>): Sampler<T> {
  const samples: Sample<T>[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        samples.push({ at: started, value: await probe(), error: null });
      } catch (err) {
        samples.push({ at: started, value: null, error: err instanceof Error ? err.message : String(err) });
      }
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}
