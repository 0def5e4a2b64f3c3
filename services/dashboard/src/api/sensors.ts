import { queryOptions } from '@tanstack/react-query';
import type { ReadingSeries, SensorView } from '@twin/domain';
import { getJson, toQueryString } from './http.js';

export const sensorKeys = {
  all: ['sensors'] as const,
  readings: (sensorId: string, metric: string, from: number, to: number, bucketS: number) =>
    [...sensorKeys.all, 'readings', sensorId, metric, from, to, bucketS] as const,
};

export function fetchSensors(signal?: AbortSignal): Promise<SensorView[]> {
  return getJson<SensorView[]>('/sensors', signal);
}

// NOTE: the live sensors are not a query: the live socket's snapshot and deltas keep them in the sensor
// store (live/sensor-store.ts), which a city-scale fleet needs (see there).

/** With the window the server used (`window`: requested, the sensor's latest data, or now) for a chart's label. */
export type ReadingsResponse = ReadingSeries;

export function fetchReadings(
  sensorId: string,
  metric: string,
  from: number,
  to: number,
  bucketS: number,
  signal?: AbortSignal,
): Promise<ReadingsResponse> {
  const query = toQueryString({ metric, from, to, bucket: bucketS });
  return getJson<ReadingsResponse>(`/sensors/${encodeURIComponent(sensorId)}/readings${query}`, signal);
}

export function readingsQuery(sensorId: string, metric: string, from: number, to: number, bucketS: number) {
  return queryOptions({
    queryKey: sensorKeys.readings(sensorId, metric, from, to, bucketS),
    queryFn: ({ signal }) => fetchReadings(sensorId, metric, from, to, bucketS, signal),
  });
}
