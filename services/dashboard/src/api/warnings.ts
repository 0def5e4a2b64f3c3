/**
 * Other agencies' CAP warnings (GET /api/v1/warnings, read by the service from CAP_SOURCES), polled every
 * minute; the map and the wall's key draw and count the ones in force, each hidden at its expiry time.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { WarningCollection, WarningFeature } from '@twin/domain';
import { useEffect, useMemo, useState } from 'react';
import { getJson } from './http.js';

export const WARNINGS_POLL_MS = 60_000;

export const warningsQuery = queryOptions({
  queryKey: ['warnings', 'active'] as const,
  queryFn: ({ signal }) => getJson<WarningCollection>('/warnings?active=true', signal),
  refetchInterval: WARNINGS_POLL_MS,
  staleTime: WARNINGS_POLL_MS / 2,
});

const NONE: WarningFeature[] = [];

/** The warnings in force at `now` (no expiry, or one still ahead). */
export function inForce(features: readonly WarningFeature[], now: number): WarningFeature[] {
  return features.filter((f) => f.properties.expires === null || f.properties.expires > now);
}

/**
 * The warnings in force, re-evaluated at the next expiry so an expired warning leaves the map at its expiry
 * time, not at the next poll.
 */
export function useActiveWarnings(enabled = true): WarningFeature[] {
  const { data } = useQuery({ ...warningsQuery, enabled });
  const [now, setNow] = useState(() => Date.now());
  const features = data?.features ?? NONE;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const t = Date.now();
      setNow(t);
      const next = features.reduce<number | null>((soonest, f) => {
        const at = f.properties.expires;
        return at !== null && at > t && (soonest === null || at < soonest) ? at : soonest;
      }, null);
      // NOTE: setTimeout holds at most 2^31 - 1 ms (24.8 days); a later expiry is looked at again then.
      if (next !== null) timer = setTimeout(schedule, Math.min(next - t + 50, 2_147_483_647));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [features]);
  return useMemo(() => inForce(features, now), [features, now]);
}
