/**
 * The live incident set and its order: one definition for the server (the snapshot a wall screen gets on
 * connect, the incident list's `order by`) and the dashboard (the live cache, the wall list), so above a
 * limit both drop the same incidents and both show the same order.
 *
 * The set: every open incident, plus those no longer open whose last update is at most
 * {@link LIVE_SET_RECENT_MS} old (the wall shows them fading out). Exactly one hour after its last update
 * an incident is still in; one millisecond later it is out — the SQL `updated_at >= now - 1 h` agrees.
 *
 * The order, most urgent first (decided here, used everywhere):
 *   1. open before no longer open: a closed incident is nobody's work, whatever its severity;
 *   2. severity, highest first;
 *   3. opened earliest first: at equal severity the incident that has waited longest comes first (so under
 *      a limit it is never the one that vanishes);
 *   4. incident id (code-unit order, = `collate "C"`: ids are ASCII, see ID_PATTERN) so the order is total
 *      and the server and the browser agree even on ties.
 */
import { isOpen, OPEN_STATUSES } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import { compareText } from './text-order.js';

/** How long an incident that is no longer open stays in the live set after its last update. */
export const LIVE_SET_RECENT_MS = 60 * 60_000;

/** At most this many incidents in a wall screen's snapshot; the least urgent ({@link compareByUrgency}) go. */
export const LIVE_SET_LIMIT = 5000;

type Ordered = Pick<IncidentState, 'incidentId' | 'status' | 'severity' | 'openedAt'>;

/** Whether an incident belongs to the live set at `now` (epoch ms). */
export function inLiveSet(incident: Pick<IncidentState, 'status' | 'updatedAt'>, now: number): boolean {
  return isOpen(incident) || now - incident.updatedAt <= LIVE_SET_RECENT_MS;
}

/** Most urgent first (the module comment gives the rule); for Array.prototype.sort. */
export function compareByUrgency(a: Ordered, b: Ordered): number {
  return (
    Number(isOpen(b)) - Number(isOpen(a)) ||
    b.severity - a.severity ||
    a.openedAt - b.openedAt ||
    compareText(a.incidentId, b.incidentId)
  );
}

// NOTE: built from OPEN_STATUSES, constants of this package (plain lower-case words, pinned by a test):
// nothing from outside reaches the SQL.
const quotedOpenStatuses = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * {@link compareByUrgency} as an SQL `order by` list over the `incidents` table (columns status, severity,
 * opened_at, incident_id): `order by ${URGENCY_ORDER_SQL}`.
 */
export const URGENCY_ORDER_SQL = `(status in (${quotedOpenStatuses})) desc, severity desc, opened_at asc, incident_id collate "C" asc`;
