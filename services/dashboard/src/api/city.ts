import { queryOptions } from '@tanstack/react-query';
import type { BuildingCollection, CityView } from '@twin/city';
import { getJson } from './http.js';

export type {
  Attribution,
  BuildingCollection,
  BuildingFeature,
  CityView,
  DistrictCollection,
  DistrictFeature,
} from '@twin/city';

export function fetchCity(signal?: AbortSignal): Promise<CityView> {
  return getJson<CityView>('/city', signal);
}

// The city model changes only with a new city pack, i.e. a server restart: never refetch on its own.
export const cityQuery = queryOptions({
  queryKey: ['city'] as const,
  queryFn: ({ signal }) => fetchCity(signal),
  staleTime: Number.POSITIVE_INFINITY,
});

/** The pack's building footprints, fetched only when the city model says it has some. */
export function cityBuildingsQuery(city: CityView | undefined) {
  return queryOptions({
    queryKey: ['city', 'buildings', city?.id ?? null] as const,
    queryFn: ({ signal }) => getJson<BuildingCollection>('/city/buildings', signal),
    enabled: Boolean(city?.buildings),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
