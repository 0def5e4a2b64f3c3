/**
 * The live incident set and its order: one definition for the server (the snapshot a wall screen gets on
 * connect, the incident list's `order by`) and the dashboard (the live cache, the wall list), so above a
 * limit both drop the same incidents and both show the same order.
 *
 * The set: every open incident, plus those no longer open whose last update is at most
 * {@link LIVE_SET_RECENT_MS} old (the wall shows them fading out). Exactly one hour after its last update
 * an incident is still in; one millisecond later it is out — the SQL `updated_at >= now - 1 h` agrees.
 *
 * The order, longest-waiting and most severe first (decided here, used everywhere):
 *   1. open before no longer open: a closed incident is nobody's work, whatever its severity;
 *   2. urgent first ({@link isUrgent}: open, high severity and nobody has acknowledged it yet): the
 *      incidents a lead must pick up now, above an acknowledged critical one that is already being worked;
 *   3. severity, highest first;
 *   4. opened earliest first: at equal severity the incident that has waited longest comes first (so under
 *      a limit it is never the one that vanishes);
 *   5. incident id (code-unit order, = `collate "C"`: ids are ASCII, see ID_PATTERN) so the order is total
 *      and the server and the browser agree even on ties.
 * Nothing in it depends on the clock, so an incident's place changes only when the incident does.
 */
import { isOpen, OPEN_STATUSES } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import { compareText } from './text-order.js';

/** How long an incident that is no longer open stays in the live set after its last update. */
export const LIVE_SET_RECENT_MS = 60 * 60_000;

/** At most this many incidents in a wall screen's snapshot; the least urgent ({@link compareByUrgency}) go. */
export const LIVE_SET_LIMIT = 5000;

type Ordered = Pick<IncidentState, 'incidentId' | 'status' | 'severity' | 'openedAt' | 'awaitingAck'>;

/** From this severity up (4 = high, 5 = critical) an incident nobody has acknowledged is urgent. */
export const URGENT_SEVERITY = 4;

/** Open, of high severity, and not yet acknowledged by its (current) owner: pushed to the top and marked. */
export function isUrgent(incident: Pick<IncidentState, 'status' | 'severity' | 'awaitingAck'>): boolean {
  return isOpen(incident) && incident.awaitingAck && incident.severity >= URGENT_SEVERITY;
}

/** Whether an incident belongs to the live set at `now` (epoch ms). */
export function inLiveSet(incident: Pick<IncidentState, 'status' | 'updatedAt'>, now: number): boolean {
  return isOpen(incident) || now - incident.updatedAt <= LIVE_SET_RECENT_MS;
}

/** Most urgent first (the module comment gives the rule); for Array.prototype.sort. */
export function compareByUrgency(a: Ordered, b: Ordered): number {
  return (
    Number(isOpen(b)) - Number(isOpen(a)) ||
    Number(isUrgent(b)) - Number(isUrgent(a)) ||
    b.severity - a.severity ||
    a.openedAt - b.openedAt ||
    compareText(a.incidentId, b.incidentId)
  );
}

// NOTE: built from OPEN_STATUSES, constants of this package (plain lower-case words, pinned by a test):
// nothing from outside reaches the SQL.
const quotedOpenStatuses = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

const openSql = `(status in (${quotedOpenStatuses}))`;
// NOTE: coalesce, because a `desc` order puts nulls first: a state without the field is not urgent.
const urgentSql = `(${openSql} and severity >= ${URGENT_SEVERITY} and coalesce(state->>'awaitingAck' = 'true', false))`;

/**
 * {@link compareByUrgency} as an SQL `order by` list over the `incidents` table (columns status, severity,
 * opened_at, incident_id, and the folded `state` for awaitingAck): `order by ${URGENCY_ORDER_SQL}`.
 */
export const URGENCY_ORDER_SQL = `${openSql} desc, ${urgentSql} desc, severity desc, opened_at asc, incident_id collate "C" asc`;
