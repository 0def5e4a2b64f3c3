/**
 * An incident's state is the fold of its events in `ts` order (BRIEF.md: "one history, two uses").
 * The same function runs in the ingest service (current-state table) and in the browser (replay), so a
 * replayed instant always shows what the live view showed.
 */
import { categoryKey } from './category.js';
import { incidentSource } from './incident-source.js';
import type { IncidentState } from './incident-state.js';
import type { IncidentEvent, IncidentEventType } from './schemas.js';
import { compareText } from './text-order.js';
import { isEngaged } from './unit-statuses.js';

export const INCIDENT_STATUSES = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses in which somebody still has work to do. */
export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
];

export type { AssignedUnit, IncidentState } from './incident-state.js';

/**
 * Ties at the same millisecond are broken by lifecycle order, then eventId, then department (an eventId is
 * only unique per department), so the fold is deterministic whatever the arrival order.
 */
const TYPE_RANK: Record<IncidentEventType, number> = {
  reported: 0,
  updated: 1,
  acknowledged: 2,
  assist_requested: 3,
  handover_offered: 4,
  handover_accepted: 5,
  handover_declined: 6,
  handed_off: 7,
  escalated: 8,
  dispatched: 9,
  on_scene: 10,
  comment: 11,
  resolved: 12,
  closed: 13,
  reopened: 14,
  unit_status: 15,
};

export function compareEvents(a: FoldPosition, b: FoldPosition): number {
  return (
    a.ts - b.ts ||
    TYPE_RANK[a.type] - TYPE_RANK[b.type] ||
    compareText(a.eventId, b.eventId) ||
    compareText(a.department, b.department)
  );
}

/**
 * The identity of an event, as storage deduplicates it: (department, eventId). Scoped by department so one
 * department's system cannot claim another's future eventId and have the real event dropped as a replay.
 * Neither part can contain "/" (both are single topic levels), so the joined key is unambiguous.
 */
export function eventIdentity(e: IncidentEvent): string {
  return `${e.department}/${e.eventId}`;
}

function initialState(first: IncidentEvent): IncidentState {
  return {
    incidentId: first.incidentId,
    status: 'reported',
    department: first.department,
    reportedBy: first.department,
    category: null,
    categoryKey: null,
    severity: 1,
    title: null,
    lat: null,
    lon: null,
    units: [],
    assisting: [],
    handoffs: 0,
    pendingHandover: null,
    awaitingAck: true,
    openedAt: first.ts,
    updatedAt: first.ts,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    lastEventType: first.type,
    eventCount: 0,
    awaitingReport: true,
    source: 'department',
  };
}

/** Applies one event to a state. Pure: returns a new object, never mutates its inputs. */
export function applyEvent(prev: IncidentState | null, e: IncidentEvent): IncidentState {
  const s: IncidentState = prev
    ? { ...prev, units: [...prev.units], assisting: [...prev.assisting] }
    : initialState(e);
  s.updatedAt = Math.max(s.updatedAt, e.ts);
  s.lastEventType = e.type;
  if (e.actor) s.lastEventActor = e.actor;
  else delete s.lastEventActor;
  s.eventCount += 1;
  const place = () => {
    if (e.lat !== undefined && e.lon !== undefined) {
      s.lat = e.lat;
      s.lon = e.lon;
    }
  };
  const describe = () => {
    if (e.category !== undefined) {
      s.category = e.category;
      s.categoryKey = categoryKey(e.category);
    }
    s.severity = e.severity ?? s.severity;
    s.title = e.title ?? s.title;
  };
  switch (e.type) {
    case 'reported':
      s.awaitingReport = false;
      s.reportedBy = e.department;
      s.source = incidentSource(e.actor);
      // The reporter owns the incident unless it was already handed over, even when other departments'
      // events happen to carry earlier timestamps.
      if (s.handoffs === 0) s.department = e.department;
      describe();
      s.openedAt = Math.min(s.openedAt, e.ts);
      place();
      break;
    case 'updated':
      describe();
      place();
      break;
    case 'acknowledged':
      s.awaitingAck = false;
      s.acknowledgedAt ??= e.ts;
      if (s.status === 'reported') s.status = 'acknowledged';
      break;
    case 'dispatched':
      dispatchUnit(s, e);
      break;
    case 'on_scene':
      unitOnScene(s, e);
      break;
    case 'unit_status':
      // NOTE: `dispatched` and `on_scene` news mean what those events mean, so a producer may send either.
      if (e.unitStatus === 'dispatched') dispatchUnit(s, e);
      else if (e.unitStatus === 'on_scene') unitOnScene(s, e);
      else if (e.unit !== undefined && e.unitStatus !== undefined) setUnitStatus(s, e.unit, e);
      break;
    case 'assist_requested':
      if (e.toDepartment && e.toDepartment !== s.department && !s.assisting.includes(e.toDepartment)) {
        s.assisting.push(e.toDepartment);
      }
      break;
    case 'handover_offered':
      // Only the owner's offer counts, and only one waits at a time (a newer offer replaces it).
      if (e.toDepartment && e.toDepartment !== s.department && e.department === s.department) {
        s.pendingHandover = { from: s.department, to: e.toDepartment, at: e.ts };
      }
      break;
    case 'handover_accepted':
      // Accepting is the new owner's acknowledgement: it took the incident on knowingly.
      if (s.pendingHandover && e.department === s.pendingHandover.to) {
        moveOwner(s, s.pendingHandover.to);
        s.awaitingAck = false;
        s.acknowledgedAt ??= e.ts;
      }
      break;
    case 'handover_declined':
      if (s.pendingHandover && e.department === s.pendingHandover.to) s.pendingHandover = null;
      break;
    case 'handed_off':
      if (e.toDepartment && e.toDepartment !== s.department) {
        moveOwner(s, e.toDepartment);
        s.awaitingAck = true;
      }
      break;
    case 'escalated':
      s.severity = e.severity ?? Math.min(5, s.severity + 1);
      break;
    case 'resolved':
      s.status = 'resolved';
      s.resolvedAt = e.ts;
      s.awaitingAck = false;
      s.pendingHandover = null;
      break;
    case 'closed':
      s.status = 'closed';
      s.closedAt = e.ts;
      s.resolvedAt ??= e.ts;
      s.awaitingAck = false;
      s.pendingHandover = null;
      break;
    case 'reopened':
      s.status = 'reported';
      s.resolvedAt = null;
      s.closedAt = null;
      s.awaitingAck = true;
      break;
    case 'comment':
      break;
  }
  return s;
}

/** Ownership moves to `to`: it stops being an assisting department, and any waiting offer is settled. */
function moveOwner(s: IncidentState, to: string): void {
  s.assisting = s.assisting.filter((d) => d !== to);
  s.department = to;
  s.handoffs += 1;
  s.pendingHandover = null;
}

function dispatchUnit(s: IncidentState, e: IncidentEvent): void {
  if (e.unit) {
    if (s.units.some((u) => u.unit === e.unit)) setUnitStatus(s, e.unit, { ...e, unitStatus: 'dispatched' });
    else
      s.units.push({
        unit: e.unit,
        department: e.department,
        dispatchedAt: e.ts,
        onSceneAt: null,
        status: 'dispatched',
        statusAt: e.ts,
      });
  }
  s.awaitingAck = false;
  if (s.status === 'reported' || s.status === 'acknowledged') s.status = 'dispatched';
}

/** On scene: the unit, when it is one of the incident's (an unknown one is not added), and the incident. */
function unitOnScene(s: IncidentState, e: IncidentEvent): void {
  const unit = e.unit ? s.units.find((u) => u.unit === e.unit) : undefined;
  if (unit)
    s.units = s.units.map((u) =>
      u === unit ? { ...u, onSceneAt: e.ts, status: 'on_scene', statusAt: e.ts } : u,
    );
  if (s.status !== 'resolved' && s.status !== 'closed') s.status = 'on_scene';
}

/**
 * A unit's news from a `unit_status` event (transporting, at hospital, available, out of service). A unit
 * the incident does not have yet joins it when the news says it works the incident; that it is free or out
 * of service says nothing about an incident it was never on, so it is not added.
 */
function setUnitStatus(
  s: IncidentState,
  unitId: string,
  e: Pick<IncidentEvent, 'ts' | 'department' | 'unitStatus'>,
): void {
  const status = e.unitStatus;
  if (status === undefined) return;
  const known = s.units.some((u) => u.unit === unitId);
  if (known) s.units = s.units.map((u) => (u.unit === unitId ? { ...u, status, statusAt: e.ts } : u));
  else if (isEngaged(status))
    s.units.push({
      unit: unitId,
      department: e.department,
      dispatchedAt: e.ts,
      onSceneAt: null,
      status,
      statusAt: e.ts,
    });
}

/**
 * The state of an incident from all its events, in any arrival order. A repeated event — same department
 * and eventId, see {@link eventIdentity} — counts once (the earliest in fold order), so replays change
 * nothing. Returns null for no events.
 */
export function foldIncident(events: readonly IncidentEvent[]): IncidentState | null {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  let state: IncidentState | null = null;
  for (const e of sorted) {
    const identity = eventIdentity(e);
    if (seen.has(identity)) continue;
    seen.add(identity);
    state = applyEvent(state, e);
  }
  return state;
}

/**
 * The version of the fold rules. Stored states carry the version that made them; a state made by older
 * rules is rebuilt from its events (`pnpm refold`, or lazily the next time the incident changes).
 * Raise it whenever a change to applyEvent would fold the same events into a different state.
 */
// 2: free-text categories with their key; title and category null (not the id and `unknown`) and
// `awaitingReport` (was `complete`) while the `reported` event has not arrived.
// 3: hand-overs offered, then accepted or declined by the receiving department (`pendingHandover`);
// `unit_status` events, and every assigned unit has a `status` and `statusAt` (its last news on this incident).
// 4: `source` (department, public or rule) from the `reported` event's actor.
// 5: `lastEventActor`, the last event's actor (the wall's ticker names who acted).
export const FOLD_VERSION = 5;

/** What a stored state remembers of the last event it applied: enough to tell whether a new one is late. */
export interface FoldPosition {
  ts: number;
  type: IncidentEventType;
  eventId: string;
  department: string;
}

export function foldPosition(e: IncidentEvent): FoldPosition {
  return { ts: e.ts, type: e.type, eventId: e.eventId, department: e.department };
}

/**
 * Applies new events to a stored state when they all come after the last event it applied (the common case:
 * events arrive in order), in O(new events). Returns null when any of them sorts before that position: the
 * caller must then refold the incident from its whole history, which gives the same result whatever the
 * arrival order. The events must be new identities (storage drops replays before this).
 */
export function foldForward(
  state: IncidentState,
  position: FoldPosition,
  events: readonly IncidentEvent[],
): { state: IncidentState; position: FoldPosition } | null {
  const sorted = [...events].sort(compareEvents);
  if (sorted.length === 0) return { state, position };
  if (compareEvents(sorted[0]!, position) <= 0) return null;
  let next = state;
  for (const e of sorted) next = applyEvent(next, e);
  return { state: next, position: foldPosition(sorted[sorted.length - 1]!) };
}

/** The state as it was at instant `at` (inclusive): the replay primitive. */
export function foldIncidentAt(events: readonly IncidentEvent[], at: number): IncidentState | null {
  return foldIncident(events.filter((e) => e.ts <= at));
}

export function isOpen(state: Pick<IncidentState, 'status'>): boolean {
  return OPEN_STATUSES.includes(state.status);
}
