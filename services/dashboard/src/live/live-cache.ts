/**
 * Writes live socket messages into the TanStack Query cache — the single home of server data, except the live
 * sensors, which go to the sensor store (live/sensor-store.ts: updated in place, per slot, at city scale).
 * Views read the same queries whether the data came from HTTP or from the socket.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { IncidentView, LiveMessage, StorageState } from '@twin/domain';
import { type IncidentListParams, type IncidentListResponse, incidentKeys } from '../api/incidents.js';
import { mergeIntoList, mergeLiveIncidents } from '../lib/incidents.js';
import type { HeartbeatSample } from '../state/staleness.js';
import type { NamedReadings } from './readings-frame.js';
import type { SensorStore } from './sensor-store.js';
import { applyUnitChanges, forgetUnitChanges, unitBoardKey } from './unit-board-live.js';

export const liveKeys = {
  heartbeat: () => ['live', 'heartbeat'] as const,
};

export interface HeartbeatData extends HeartbeatSample {
  counters: Extract<LiveMessage, { type: 'heartbeat' }>['counters'];
  /** The server's storage state from the latest heartbeat; null from servers that do not send it. */
  storage: StorageState | null;
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

export function applyLiveMessage(
  queryClient: QueryClient,
  sensors: SensorStore,
  message: LiveMessage,
  now: number,
  /** A `changes` message's readings, decoded apart from it (live-decoder.ts). */
  readings: NamedReadings | null = null,
): void {
  switch (message.type) {
    case 'snapshot':
      queryClient.setQueryData<IncidentView[]>(incidentKeys.live(), message.incidents);
      sensors.replaceAll(message.sensors);
      // NOTE: a snapshot follows a (re)connect, and deltas may have been missed meanwhile: filtered lists and
      // details are refetched rather than trusted.
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.details() });
      forgetUnitChanges();
      void queryClient.invalidateQueries({ queryKey: unitBoardKey });
      // The server is back: whatever failed while it was away (the city model, departments) is asked again.
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
      break;
    case 'resumed':
      // The cached state is still right and what was missed follows; retry what failed while away.
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
      break;
    case 'changes':
      if (message.incidents) {
        applyIncidentChanges(queryClient, message.incidents, now);
        applyUnitChanges(queryClient, message.incidents, now);
      }
      if (message.sensors) sensors.upsert(message.sensors);
      if (readings) sensors.applyReadings(readings);
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
