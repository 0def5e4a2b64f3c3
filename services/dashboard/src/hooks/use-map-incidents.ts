import { useQuery } from '@tanstack/react-query';
import type { IncidentView } from '@twin/domain';
import { useMemo } from 'react';
import { incidentListQuery, LIST_LIMIT, liveIncidentsQuery } from '../api/incidents.js';
import { filterIncidents, sortIncidents } from '../lib/incidents.js';
import type { UrlState } from '../state/url-state.js';

const EMPTY: IncidentView[] = [];

export function listParams(url: UrlState) {
  return {
    status: url.status,
    department: url.department ?? undefined,
    district: url.district ?? undefined,
    minSeverity: url.minSeverity ?? undefined,
    limit: LIST_LIMIT,
  };
}

/** The live set (open + recently closed) filtered by the URL's filters, most urgent first. */
export function useLiveIncidents(url: UrlState) {
  const query = useQuery(liveIncidentsQuery);
  const data = query.data ?? EMPTY;
  const incidents = useMemo(
    () =>
      sortIncidents(
        filterIncidents(data, {
          status: url.status,
          department: url.department ?? undefined,
          district: url.district ?? undefined,
          minSeverity: url.minSeverity ?? undefined,
        }),
      ),
    [data, url.status, url.department, url.district, url.minSeverity],
  );
  return { ...query, incidents };
}

/** The drill-down's server-filtered list (it can reach closed incidents the live set has dropped). */
export function useIncidentList(url: UrlState, enabled: boolean) {
  const params = listParams(url);
  const query = useQuery({ ...incidentListQuery(params), enabled });
  // NOTE: sorted here too, so the order rule holds whatever order the server returns.
  const data = query.data?.incidents ?? EMPTY;
  const incidents = useMemo(() => sortIncidents(data), [data]);
  return {
    ...query,
    incidents,
    total: query.data?.total ?? 0,
    awaitingReport: query.data?.awaitingReport ?? 0,
  };
}
