/**
 * A lead's inbox: the work other departments are waiting on the lead's department for. Derived from the
 * live incidents (kept current by the live socket), so it fills and empties live. Pure, so unit-tested.
 *
 * - A hand-over waits while it is offered to the department (pendingHandover.to) and not yet accepted or
 *   declined.
 * - An assistance request waits while the department is asked to assist an open incident and has not sent
 *   anything to it yet (no unit of its own on the incident): the incident's state records units per
 *   department, not comments, so sending a unit is what answers a request here.
 */
import { compareText, type IncidentView, isOpen } from '@twin/domain';

export type InboxKind = 'handover' | 'assistance';

export interface InboxItem {
  kind: InboxKind;
  incident: IncidentView;
  /** When it started waiting, as far as the state knows (the offer's time; for assistance, the last update). */
  since: number;
}

export interface Inbox {
  items: InboxItem[];
  handovers: number;
  assistance: number;
}

export const EMPTY_INBOX: Inbox = { items: [], handovers: 0, assistance: 0 };

export function awaitsHandover(incident: IncidentView, department: string): boolean {
  return isOpen(incident) && incident.pendingHandover?.to === department;
}

export function awaitsAssistance(incident: IncidentView, department: string): boolean {
  return (
    isOpen(incident) &&
    incident.assisting.includes(department) &&
    !incident.units.some((unit) => unit.department === department)
  );
}

/** What waits for `department`, hand-overs first (they block the other department), oldest first. */
export function deriveInbox(incidents: readonly IncidentView[], department: string | null): Inbox {
  if (!department) return EMPTY_INBOX;
  const items: InboxItem[] = [];
  for (const incident of incidents) {
    if (awaitsHandover(incident, department))
      items.push({ kind: 'handover', incident, since: incident.pendingHandover?.at ?? incident.updatedAt });
    else if (awaitsAssistance(incident, department))
      items.push({ kind: 'assistance', incident, since: incident.updatedAt });
  }
  items.sort(
    (a, b) =>
      Number(b.kind === 'handover') - Number(a.kind === 'handover') ||
      a.since - b.since ||
      compareText(a.incident.incidentId, b.incident.incidentId),
  );
  const handovers = items.filter((i) => i.kind === 'handover').length;
  return { items, handovers, assistance: items.length - handovers };
}
