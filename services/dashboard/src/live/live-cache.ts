/**
 * Writes live socket messages into the TanStack Query cache — the single home of server data. Views read
 * the same queries whether the data came from HTTP or from the socket.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  type IncidentView,
  type LiveMessage,
  mergeLatestValues,
  type ReadingDelta,
  type SensorView,
  type StorageState,
} from '@twin/domain';
import { type IncidentListParams, type IncidentListResponse, incidentKeys } from '../api/incidents.js';
import { sensorKeys } from '../api/sensors.js';
import { mergeIntoList, mergeLiveIncidents } from '../lib/incidents.js';
import type { HeartbeatSample } from '../state/staleness.js';

export const liveKeys = {
  heartbeat: () => ['live', 'heartbeat'] as const,
};

export interface HeartbeatData extends HeartbeatSample {
  counters: Extract<LiveMessage, { type: 'heartbeat' }>['counters'];
  /** The server's storage state from the latest heartbeat; null from servers that do not send it. */
  storage: StorageState | null;
}

/** Replaces changed sensors by id; sensors the cache has not seen yet are added. */
export function mergeSensors(
  current: readonly SensorView[] | undefined,
  changed: readonly SensorView[],
): SensorView[] {
  const byId = new Map((current ?? []).map((sensor) => [sensor.sensorId, sensor]));
  for (const sensor of changed) byId.set(sensor.sensorId, sensor);
  return [...byId.values()];
}

/** Applies latest values; readings of sensors not yet known are ignored until their metadata arrives. */
export function applyReadings(
  current: readonly SensorView[] | undefined,
  readings: readonly ReadingDelta[],
): SensorView[] | undefined {
  if (!current) return undefined;
  const byId = new Map(readings.map((reading) => [reading.sensorId, reading]));
  return current.map((sensor) => {
    const delta = byId.get(sensor.sensorId);
    if (!delta) return sensor;
    // NOTE: per metric the newest value wins (a late delta never moves a value back in time).
    const latest = { ...sensor.latest };
    mergeLatestValues(latest, delta.values);
    return { ...sensor, lastSeen: Math.max(sensor.lastSeen ?? 0, delta.lastSeen), latest };
  });
}

/** Applies changed incidents (from a delta or an action's answer) to every cached incident query. */
export function applyIncidentChanges(queryClient: QueryClient, changed: IncidentView[], now: number): void {
  queryClient.setQueryData<IncidentView[]>(incidentKeys.live(), (current) =>
    mergeLiveIncidents(current, changed, now),
  );
  for (const [key, list] of queryClient.getQueriesData<IncidentListResponse>({
    queryKey: incidentKeys.lists(),
  })) {
    const params = key[2] as IncidentListParams | undefined;
    if (!list || !params) continue;
    queryClient.setQueryData<IncidentListResponse>(key, mergeIntoList(list, changed, params));
  }
  // NOTE: an open detail panel needs the new timeline entry, which deltas do not carry: refetch it.
  for (const incident of changed) {
    const detailKey = incidentKeys.detail(incident.incidentId);
    if (queryClient.getQueryData(detailKey)) void queryClient.invalidateQueries({ queryKey: detailKey });
  }
}

export function applyLiveMessage(queryClient: QueryClient, message: LiveMessage, now: number): void {
  switch (message.type) {
    case 'snapshot':
      queryClient.setQueryData<IncidentView[]>(incidentKeys.live(), message.incidents);
      queryClient.setQueryData<SensorView[]>(sensorKeys.live(), message.sensors);
      // NOTE: a snapshot follows a (re)connect, and deltas may have been missed meanwhile: filtered lists and
      // details are refetched rather than trusted.
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.details() });
      // The server is back: whatever failed while it was away (the city model, departments) is asked again.
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
      break;
    case 'resumed':
      // The cached state is still right and what was missed follows; retry what failed while away.
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
      break;
    case 'changes':
      if (message.incidents) applyIncidentChanges(queryClient, message.incidents, now);
      if (message.sensors) {
        const sensors = message.sensors;
        queryClient.setQueryData<SensorView[]>(sensorKeys.live(), (current) =>
          mergeSensors(current, sensors),
        );
      }
      if (message.readings) {
        const readings = message.readings;
        queryClient.setQueryData<SensorView[]>(sensorKeys.live(), (current) =>
          applyReadings(current, readings),
        );
      }
      break;
    case 'heartbeat':
      queryClient.setQueryData<HeartbeatData>(liveKeys.heartbeat(), {
        at: message.at,
        lastIngestAt: message.lastIngestAt,
        receivedAt: now,
        counters: message.counters,
        storage: message.storage,
      });
      break;
  }
}
