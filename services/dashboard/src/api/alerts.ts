/** Public CAP alerts of an incident: the list (GET), issuing one and cancelling one (POST). */
import { queryOptions } from '@tanstack/react-query';
import type {
  CapAlertList,
  CapCertainty,
  CapUrgency,
  IssuedCapAlert,
  IssuedMsgType,
  IssuedStatus,
} from '@twin/domain';
import { getJson, postJson } from './http.js';

export const alertKeys = {
  incident: (incidentId: string) => ['alerts', 'incident', incidentId] as const,
};

export const incidentAlertsQuery = (incidentId: string) =>
  queryOptions({
    queryKey: alertKeys.incident(incidentId),
    queryFn: ({ signal }) =>
      getJson<CapAlertList>(`/incidents/${encodeURIComponent(incidentId)}/alerts`, signal),
  });

export interface IssueAlertBody {
  msgType?: IssuedMsgType;
  status?: IssuedStatus;
  urgency?: CapUrgency;
  certainty?: CapCertainty;
  headline?: string;
  instruction?: string;
  expiresInMin?: number;
  area?: 'incident-district' | { district: string } | { polygon: [number, number][] };
}

export function issueAlert(incidentId: string, body: IssueAlertBody): Promise<IssuedCapAlert> {
  return postJson<IssuedCapAlert>(`/incidents/${encodeURIComponent(incidentId)}/alerts`, body);
}

export function cancelAlert(alertId: string): Promise<IssuedCapAlert> {
  return postJson<IssuedCapAlert>(`/alerts/${encodeURIComponent(alertId)}/cancel`, {});
}
