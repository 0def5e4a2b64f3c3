import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`, aligned to the interval so a clock ticks on the second.
 * Coarse intervals (10 s) are used for map colouring, so the map does not recompute attributes every second.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      timer = setTimeout(tick, intervalMs - (t % intervalMs));
    };
    timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs));
    return () => clearTimeout(timer);
  }, [intervalMs]);
  return now;
}
