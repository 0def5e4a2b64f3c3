import { queryOptions } from '@tanstack/react-query';
import { getJson } from './http.js';

export interface Attribution {
  text: string;
  url?: string;
}

export interface DistrictFeature {
  type: 'Feature';
  properties: { name: string } & Record<string, unknown>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface DistrictCollection {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

/** GET /api/v1/city: the city model the map starts from. */
export interface CityView {
  id: string;
  name: string;
  timezone: string;
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
  bbox: [number, number, number, number];
  attributions: Attribution[];
  basemapUrl: string;
  districts: DistrictCollection;
}

export function fetchCity(signal?: AbortSignal): Promise<CityView> {
  return getJson<CityView>('/city', signal);
}

// The city model changes only with a new city pack, i.e. a server restart: never refetch on its own.
export const cityQuery = queryOptions({
  queryKey: ['city'] as const,
  queryFn: ({ signal }) => fetchCity(signal),
  staleTime: Number.POSITIVE_INFINITY,
});
