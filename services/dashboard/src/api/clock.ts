import { queryOptions } from '@tanstack/react-query';
import type { DataClock } from '@twin/domain';
import { getJson } from './http.js';

export function fetchDataClock(signal?: AbortSignal): Promise<DataClock> {
  return getJson<DataClock>('/clock', signal);
}

/** How often the data's time is read again: it moves only as data arrives, and ages tick every 10 s anyway. */
export const DATA_CLOCK_REFRESH_MS = 60_000;

export const dataClockQuery = queryOptions({
  queryKey: ['clock'] as const,
  queryFn: ({ signal }) => fetchDataClock(signal),
  staleTime: DATA_CLOCK_REFRESH_MS,
  refetchInterval: DATA_CLOCK_REFRESH_MS,
});
