import { queryOptions } from '@tanstack/react-query';
import type { IncidentActionType, IncidentDetail, IncidentList, IncidentStatus } from '@twin/domain';
import { getJson, postJson, toQueryString } from './http.js';

/** `open` = every status in which work remains; `all` = no status filter. */
export type StatusFilter = 'open' | 'all' | IncidentStatus;

export interface IncidentListParams {
  status: StatusFilter;
  department?: string;
  district?: string;
  minSeverity?: number;
  limit?: number;
}

/** The server's list page: `total` matches, of which `awaitingReport` wait for their report. */
export type IncidentListResponse = IncidentList;

export const incidentKeys = {
  all: ['incidents'] as const,
  /** Open + recently closed incidents, kept current by the live socket: the wall view and the map. */
  live: () => [...incidentKeys.all, 'live'] as const,
  lists: () => [...incidentKeys.all, 'list'] as const,
  list: (params: IncidentListParams) => [...incidentKeys.lists(), params] as const,
  details: () => [...incidentKeys.all, 'detail'] as const,
  detail: (incidentId: string) => [...incidentKeys.details(), incidentId] as const,
};

/** The wall view shows every open incident; more than this on one screen would be unreadable anyway. */
export const LIVE_INCIDENT_LIMIT = 2000;
/**
 * The drill-down's page: the top of the urgency order (the server cuts the least urgent, never the longest
 * waiting), searched and scrolled in the browser (a virtualized list).
 */
export const LIST_LIMIT = 2000;

export function fetchIncidents(
  params: IncidentListParams,
  signal?: AbortSignal,
): Promise<IncidentListResponse> {
  return getJson<IncidentListResponse>(`/incidents${toQueryString({ ...params })}`, signal);
}

export const liveIncidentsQuery = queryOptions({
  queryKey: incidentKeys.live(),
  queryFn: async ({ signal }) =>
    (await fetchIncidents({ status: 'open', limit: LIVE_INCIDENT_LIMIT }, signal)).incidents,
  // NOTE: the socket's snapshot and deltas keep this current; refetching would only race with them.
  staleTime: Number.POSITIVE_INFINITY,
});

export function incidentListQuery(params: IncidentListParams) {
  return queryOptions({
    queryKey: incidentKeys.list(params),
    queryFn: ({ signal }) => fetchIncidents(params, signal),
    staleTime: 30_000,
  });
}

export function fetchIncidentDetail(incidentId: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return getJson<IncidentDetail>(`/incidents/${encodeURIComponent(incidentId)}`, signal);
}

export function incidentDetailQuery(incidentId: string) {
  return queryOptions({
    queryKey: incidentKeys.detail(incidentId),
    queryFn: ({ signal }) => fetchIncidentDetail(incidentId, signal),
  });
}

/** Event types a person may add from the dashboard: the contract's list, shared with the server. */
export type ActionType = IncidentActionType;

export interface IncidentActionBody {
  type: ActionType;
  /**
   * The department command or admin acts for (it becomes the event's department). A lead's is never sent:
   * the server takes it from the session. No `actor` either: the server records the signed-in user.
   */
  department?: string;
  note?: string;
  unit?: string;
  toDepartment?: string;
  severity?: number;
}

export function postIncidentAction(incidentId: string, body: IncidentActionBody): Promise<IncidentDetail> {
  return postJson<IncidentDetail>(`/incidents/${encodeURIComponent(incidentId)}/actions`, body);
}
