import { queryOptions } from '@tanstack/react-query';
import type { KpiBoard, UnitBoard } from '@twin/domain';
import { unitBoardKey, withChangesSince } from '../live/unit-board-live.js';
import { getJson } from './http.js';

/**
 * The KPI board: polled, and refetched soon after a live incident change (hooks/use-wall-feed.ts). Its
 * response times are the server's sums over a rolling window, which the changes alone cannot give.
 */
export const BOARD_POLL_MS = 10_000;

export const boardKeys = {
  all: ['boards'] as const,
  kpis: () => [...boardKeys.all, 'kpis'] as const,
  units: () => unitBoardKey,
};

export const kpisQuery = queryOptions({
  queryKey: boardKeys.kpis(),
  queryFn: ({ signal }) => getJson<KpiBoard>('/kpis', signal),
  refetchInterval: BOARD_POLL_MS,
  staleTime: BOARD_POLL_MS / 2,
});

/**
 * The units board: fetched once, then kept live from the incident changes (live/unit-board-live.ts); fetched
 * again only after a resync (a snapshot: changes may have been missed) or when it failed.
 */
export const unitsQuery = queryOptions({
  queryKey: boardKeys.units(),
  queryFn: async ({ signal }) => {
    const since = Date.now();
    return withChangesSince(await getJson<UnitBoard>('/units', signal), since);
  },
  staleTime: Number.POSITIVE_INFINITY,
  // Only a failed board is asked again on a timer (a working one is kept by the changes).
  refetchInterval: (query) => (query.state.status === 'error' ? BOARD_POLL_MS : false),
});
