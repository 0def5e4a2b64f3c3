/**
 * What a citizen reads on the status page of a report (`/r/<token>`): its history in plain words, built from
 * the report and the timeline of the incident it is attached to. Only steps a citizen can act on or wait
 * for: received, being handled by a department, a crew on the way or on site, resolved with the note,
 * rejected with the reason. Never a unit's name, a staff member's name, a comment, or anything of another
 * incident.
 */
import type { IncidentEvent } from '../schemas.js';

export const REPORT_STATES = ['attached', 'split', 'rejected'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface ReportFacts {
  requestedAt: number;
  /** Attached, when it came in, to an incident opened by an earlier report. */
  merged: boolean;
  state: ReportState;
  /** Why it was rejected (plain text from a lead). */
  reason: string | null;
  /** When it was split off or rejected. */
  stateChangedAt: number | null;
}

export interface HistoryStep {
  at: number;
  text: string;
}

/** The department's full name ("Public Works"); the id when the city does not name it. */
export type DepartmentName = (id: string) => string;

function eventStep(event: IncidentEvent, name: DepartmentName): string | null {
  switch (event.type) {
    case 'acknowledged':
      return `Being handled by ${name(event.department)}`;
    case 'dispatched':
      return 'A crew is on the way';
    case 'on_scene':
      return 'A crew is on site';
    case 'unit_status':
      return event.unitStatus === 'on_scene' ? 'A crew is on site' : null;
    case 'handed_off':
      return event.toDepartment === undefined ? null : `Now handled by ${name(event.toDepartment)}`;
    case 'handover_accepted':
      return `Now handled by ${name(event.department)}`;
    case 'resolved':
      return event.note ? `Resolved: ${event.note}` : 'Resolved';
    case 'closed':
      return 'Closed';
    case 'reopened':
      return 'Reopened: being looked at again';
    default:
      return null;
  }
}

/** The report's history, oldest first, with no step said twice in a row. */
export function reportHistory(
  report: ReportFacts,
  timeline: readonly IncidentEvent[],
  departmentName: DepartmentName,
): HistoryStep[] {
  const steps: HistoryStep[] = [{ at: report.requestedAt, text: 'Received' }];
  if (report.merged)
    steps.push({ at: report.requestedAt, text: 'Merged with an earlier report of the same problem nearby' });
  const changedAt = report.stateChangedAt ?? report.requestedAt;
  if (report.state === 'split')
    steps.push({ at: changedAt, text: 'Looked at again: handled as a problem of its own' });
  // NOTE: a rejected report's incident may go on (other reports) or be closed because of it: neither is the
  // citizen's news after the rejection.
  const until = report.state === 'rejected' ? changedAt : Number.POSITIVE_INFINITY;
  const events = [...timeline].sort((a, b) => a.ts - b.ts);
  for (const event of events) {
    if (event.ts > until) continue;
    const text = eventStep(event, departmentName);
    // Steps before this report (it joined an incident already under way) are said as of its arrival.
    if (text !== null) steps.push({ at: Math.max(event.ts, report.requestedAt), text });
  }
  if (report.state === 'rejected')
    steps.push({ at: changedAt, text: report.reason ? `Rejected: ${report.reason}` : 'Rejected' });
  const ordered = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at - b.s.at || a.i - b.i)
    .map(({ s }) => s);
  return ordered.filter((s, i) => i === 0 || s.text !== ordered[i - 1]!.text);
}
