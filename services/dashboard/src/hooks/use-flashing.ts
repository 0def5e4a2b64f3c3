import { useEffect, useMemo, useState } from 'react';
import { useWallStore } from '../state/wall-store.js';

const NONE: ReadonlySet<string> = new Set();

/** The incidents flashing now as newly critical; re-renders when the next flash ends. */
export function useFlashing(): ReadonlySet<string> {
  const flashes = useWallStore((s) => s.flashes);
  const [now, setNow] = useState(() => Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: `now` re-arms the timer for the next flash to end.
  useEffect(() => {
    const current = Date.now();
    const ends = Object.values(flashes).filter((until) => until > current);
    if (ends.length === 0) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(...ends) - current + 20);
    return () => clearTimeout(timer);
  }, [flashes, now]);
  return useMemo(() => {
    const ids = Object.entries(flashes)
      .filter(([, until]) => until > Math.max(now, Date.now()))
      .map(([id]) => id);
    return ids.length === 0 ? NONE : new Set(ids);
  }, [flashes, now]);
}
