import type { IncidentView } from '@twin/domain';
import type { IncidentActionBody } from '../api/incidents.js';
import { useUiStore } from '../state/ui-store.js';
import { type ActingRule, actingDepartment, actingRule, actionRequestBody } from './acting-department.js';
import { useMe } from './use-me.js';

export interface ActingDepartment {
  rule: ActingRule;
  /** The department shown as acting; null when no actions are offered. */
  acting: string | null;
  /** Command/admin only: picks the department (kept in the URL, so a shared link keeps it). */
  choose: (department: string) => void;
  /** The request body for what the user confirmed (see actionRequestBody). */
  toRequest: (body: IncidentActionBody) => IncidentActionBody;
}

export function useActingDepartment(incident: Pick<IncidentView, 'department'>): ActingDepartment {
  const { me } = useMe();
  const chosen = useUiStore((s) => s.url.acting ?? s.url.department);
  const setUrlState = useUiStore((s) => s.setUrlState);
  const rule = actingRule(me);
  return {
    rule,
    acting: actingDepartment(rule, chosen, incident.department),
    choose: (department) => setUrlState({ acting: department }, { replace: true }),
    toRequest: (body) => actionRequestBody(rule, body),
  };
}
