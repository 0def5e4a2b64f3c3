/**
 * An incident event as a line a person reads: "Acknowledged by j.doe (Fire)", "Hand-over offered by
 * j.doe (Fire) to Public Works". Departments by name, never by id. Pure, so unit-tested.
 */
import type { IncidentEvent, IncidentEventType } from '@twin/domain';
import type { NameOf } from './incidents.js';

const EVENT_LABELS: Record<IncidentEventType, string> = {
  reported: 'Reported',
  updated: 'Updated',
  acknowledged: 'Acknowledged',
  assist_requested: 'Assistance requested',
  handover_offered: 'Hand-over offered',
  handover_accepted: 'Hand-over accepted',
  handover_declined: 'Hand-over declined',
  handed_off: 'Handed over',
  escalated: 'Escalated',
  dispatched: 'Dispatched',
  on_scene: 'On scene',
  comment: 'Comment',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
  unit_status: 'Unit status',
};

export function eventLabel(type: IncidentEventType): string {
  return EVENT_LABELS[type];
}

/** "j.doe (Fire)" when a person is recorded, else the department's name ("Fire": its own system). */
export function eventActor(e: Pick<IncidentEvent, 'actor' | 'department'>, nameOf: NameOf): string {
  const department = nameOf(e.department);
  return e.actor ? `${e.actor} (${department})` : department;
}

/** The event's details after the "what … by whom": unit, target department, new severity. */
export function eventDetails(e: IncidentEvent, nameOf: NameOf): string[] {
  const details: string[] = [];
  if (e.unit) details.push(`unit ${e.unit}`);
  if (e.toDepartment) {
    details.push(
      e.type === 'assist_requested' ? `from ${nameOf(e.toDepartment)}` : `to ${nameOf(e.toDepartment)}`,
    );
  }
  if (e.severity !== undefined && e.type !== 'reported') details.push(`severity ${e.severity}`);
  return details;
}

/** The whole line, for a screen reader or a test: "Acknowledged by j.doe (Fire)". */
export function describeEvent(e: IncidentEvent, nameOf: NameOf): string {
  const details = eventDetails(e, nameOf);
  return `${eventLabel(e.type)} by ${eventActor(e, nameOf)}${details.length > 0 ? ` · ${details.join(' · ')}` : ''}`;
}
