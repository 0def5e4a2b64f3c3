/**
 * Citizens' reports (Open311) of an incident, and a lead's two corrections: split a wrongly merged report
 * off into an incident of its own, or reject one with a reason (docs/open311.md).
 */
import { queryOptions } from '@tanstack/react-query';
import { getJson, postJson } from './http.js';
import { incidentKeys } from './incidents.js';

export interface PublicReport {
  id: string;
  serviceCode: string;
  serviceName: string;
  description: string | null;
  mediaUrl: string | null;
  lat: number;
  lon: number;
  requestedAt: number;
  state: 'attached' | 'split' | 'rejected';
  merged: boolean;
  reason: string | null;
  /** Only for lead, command and admin. */
  reporter?: {
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
  };
}

export interface PublicReports {
  incidentId: string;
  /** Reports that stand (neither split off nor rejected). */
  count: number;
  reports: PublicReport[];
}

export const publicReportsKey = (incidentId: string) =>
  [...incidentKeys.detail(incidentId), 'public-reports'] as const;

export function publicReportsQuery(incidentId: string) {
  return queryOptions({
    queryKey: publicReportsKey(incidentId),
    queryFn: ({ signal }) =>
      getJson<PublicReports>(`/incidents/${encodeURIComponent(incidentId)}/reports`, signal),
    staleTime: 10_000,
  });
}

export function splitPublicReport(requestId: string) {
  return postJson<{ requestId: string; incidentId: string; previousIncidentId: string }>(
    `/open311/requests/${encodeURIComponent(requestId)}/split`,
    {},
  );
}

export function rejectPublicReport(requestId: string, reason: string) {
  return postJson<{ requestId: string; incidentClosed: boolean }>(
    `/open311/requests/${encodeURIComponent(requestId)}/reject`,
    { reason },
  );
}
