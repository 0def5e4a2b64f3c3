import { queryOptions } from '@tanstack/react-query';
import type { ReadingSeries, SensorView } from '@twin/domain';
import { getJson, toQueryString } from './http.js';

export const sensorKeys = {
  all: ['sensors'] as const,
  /** Every sensor: the live socket keeps this one current (snapshot, `sensors` and `readings` deltas). */
  live: () => [...sensorKeys.all, 'live'] as const,
  readings: (sensorId: string, metric: string, from: number, to: number, bucketS: number) =>
    [...sensorKeys.all, 'readings', sensorId, metric, from, to, bucketS] as const,
};

export function fetchSensors(signal?: AbortSignal): Promise<SensorView[]> {
  return getJson<SensorView[]>('/sensors', signal);
}

export const liveSensorsQuery = queryOptions({
  queryKey: sensorKeys.live(),
  queryFn: ({ signal }) => fetchSensors(signal),
  // NOTE: fresh as long as the socket is up; on reconnect its snapshot replaces the whole list.
  staleTime: Number.POSITIVE_INFINITY,
});

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
