import { queryOptions } from '@tanstack/react-query';
import type { CityView } from '@twin/city';
import { getJson } from './http.js';

export type { Attribution, CityView, DistrictCollection, DistrictFeature } from '@twin/city';

export function fetchCity(signal?: AbortSignal): Promise<CityView> {
  return getJson<CityView>('/city', signal);
}

// The city model changes only with a new city pack, i.e. a server restart: never refetch on its own.
export const cityQuery = queryOptions({
  queryKey: ['city'] as const,
  queryFn: ({ signal }) => fetchCity(signal),
  staleTime: Number.POSITIVE_INFINITY,
});
