import { queryOptions } from '@tanstack/react-query';
import type { KpiBoard, UnitBoard } from '@twin/domain';
import { getJson } from './http.js';

/**
 * The wall's boards. Polled, and refetched soon after a live incident change (hooks/use-wall-feed.ts),
 * until the live socket carries them.
 */
export const BOARD_POLL_MS = 10_000;

export const boardKeys = {
  all: ['boards'] as const,
  kpis: () => [...boardKeys.all, 'kpis'] as const,
  units: () => [...boardKeys.all, 'units'] as const,
};

export const kpisQuery = queryOptions({
  queryKey: boardKeys.kpis(),
  queryFn: ({ signal }) => getJson<KpiBoard>('/kpis', signal),
  refetchInterval: BOARD_POLL_MS,
  staleTime: BOARD_POLL_MS / 2,
});

export const unitsQuery = queryOptions({
  queryKey: boardKeys.units(),
  queryFn: ({ signal }) => getJson<UnitBoard>('/units', signal),
  refetchInterval: BOARD_POLL_MS,
  staleTime: BOARD_POLL_MS / 2,
});
