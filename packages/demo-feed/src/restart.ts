/**
 * What a restarted demo does with the incidents an earlier run left open: their scripts died with that
 * process, so nothing would ever end them and they would sit at the top of "most urgent" for good. Each is
 * resolved and closed by its owner, saying why; one the earlier run had resolved but not yet closed (its
 * close was minutes away) is closed. Pure: the caller finds them (the service reads its store).
 */
import { deskActor } from './incident-catalog.js';
import { incidentMessage, type OutMessage, type WireIncidentEvent } from './messages.js';

export interface LeftOpenIncident {
  incidentId: string;
  /** The owning department: the one that resolves and closes it. */
  department: string;
  /** Already resolved by the earlier run: only the `closed` event is missing. */
  resolved?: boolean;
}

export const RESTART_NOTE = 'demo feed restarted';

/** One message per owning department, with a `resolved` (unless it already was) and a `closed` event per incident. */
export function closeLeftOpen(
  topicRoot: string,
  incidents: readonly LeftOpenIncident[],
  now: number,
): OutMessage[] {
  const byDepartment = new Map<string, WireIncidentEvent[]>();
  const run = now.toString(36);
  for (const { incidentId, department, resolved } of incidents) {
    const actor = deskActor(department);
    const events = byDepartment.get(department) ?? [];
    if (!resolved)
      events.push({
        eventId: `${incidentId}:restart-${run}-resolved`,
        incidentId,
        type: 'resolved',
        ts: now,
        note: RESTART_NOTE,
        actor,
      });
    events.push({
      eventId: `${incidentId}:restart-${run}-closed`,
      incidentId,
      type: 'closed',
      ts: now + 1,
      note: RESTART_NOTE,
      actor,
    });
    byDepartment.set(department, events);
  }
  const out: OutMessage[] = [];
  for (const [department, events] of byDepartment) {
    // NOTE: at most 10,000 items per message (the wire contract); a few thousand incidents at most here.
    for (let i = 0; i < events.length; i += 5000)
      out.push(incidentMessage(topicRoot, department, events.slice(i, i + 5000)));
  }
  return out;
}
