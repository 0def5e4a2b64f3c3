/**
 * Who may issue (and cancel) a public CAP alert for an incident: a lead of the owning department, command,
 * or an admin; the alert is issued in the owning department's name. Analysts and kiosks read only. One rule
 * for the server's routes (routes/alerts.ts) and the dashboard's "Issue public alert" button.
 */
import { canAct, type Principal, withArticle } from './access.js';

export type AlertIssuerDecision =
  | { ok: true; department: string }
  | { ok: false; status: 403; message: string };

export function alertIssuer(
  principal: Pick<Principal, 'role' | 'department'>,
  incident: { department: string },
): AlertIssuerDecision {
  if (!canAct(principal))
    return { ok: false, status: 403, message: `${withArticle(principal.role)} may not issue public alerts` };
  if (principal.role === 'lead' && principal.department !== incident.department)
    return {
      ok: false,
      status: 403,
      message: `only a lead of ${incident.department}, the owning department, command or an admin may issue public alerts for this incident`,
    };
  return { ok: true, department: incident.department };
}
