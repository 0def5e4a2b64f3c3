/**
 * The wall's ticker: the latest events across departments, read from the live incident changes the
 * dashboard already receives. A change carries the incident's whole new state, not the event, so what
 * happened is read from the difference between the state before and after (a unit added = dispatched, the
 * owner changed = handed over, …); when the difference says nothing more, the state's `lastEventType`.
 * The acting user is the state's `lastEventActor` (the last event's actor), given to the entry that is that
 * event; the wording is the timeline's (event-text.ts), so both read "Acknowledged by j.doe (Fire)".
 */
import { type IncidentView, isOpen } from '@twin/domain';
import type { EventFacts } from './event-text.js';

/** Severity of a critical incident: it flashes on the map and in the ticker. */
export const CRITICAL_SEVERITY = 5;
/** Entries the ticker keeps; the wall shows as many of the newest as fit. */
export const TICKER_LIMIT = 40;

export interface TickerEntry extends EventFacts {
  /** Unique and stable: the same change seen twice (a resync) never makes two entries. */
  key: string;
  ts: number;
  incidentId: string;
  title: string | null;
  severity: number;
  /** A newly critical incident (reported or escalated to severity 5 while open). */
  critical: boolean;
  /** When this screen learnt of it (epoch ms; set by the wall's store): critical entries stay first a while. */
  seenAt?: number;
}

/** How long a critical entry stays at the front of the ticker, however busy the feed. */
export const CRITICAL_PIN_MS = 60_000;

/** The entries in the order the ticker shows them: critical ones seen in the last minute first, then newest. */
export function tickerOrder(entries: readonly TickerEntry[], now: number): TickerEntry[] {
  const pinned = (e: TickerEntry) => e.critical && e.seenAt !== undefined && now - e.seenAt < CRITICAL_PIN_MS;
  return [...entries.filter(pinned), ...entries.filter((e) => !pinned(e))];
}

/** True when `next` became critical with this change: new and critical, or raised to critical, while open. */
export function becameCritical(previous: IncidentView | undefined, next: IncidentView): boolean {
  if (!isOpen(next) || next.severity < CRITICAL_SEVERITY) return false;
  return !previous || previous.severity < CRITICAL_SEVERITY || !isOpen(previous);
}

function entry(
  next: IncidentView,
  facts: Omit<EventFacts, 'severity'> & { severity?: number },
  critical: boolean,
  seq: number,
): TickerEntry {
  return {
    ...facts,
    key: `${next.incidentId}|${next.eventCount}|${next.updatedAt}|${seq}`,
    ts: next.updatedAt,
    incidentId: next.incidentId,
    title: next.title,
    severity: facts.severity ?? next.severity,
    critical,
  };
}

/**
 * Names the actor of the incident's last event on the fact that is that event (the last of its type): a
 * change folds several events at most into one state, and only the last one's actor is known.
 */
function withLastActor(facts: Array<Pick<EventFacts, 'type' | 'actor'>>, next: IncidentView): void {
  if (!next.lastEventActor) return;
  for (let i = facts.length - 1; i >= 0; i--) {
    const fact = facts[i];
    if (fact?.type === next.lastEventType) {
      fact.actor = next.lastEventActor;
      return;
    }
  }
}

/** What the change from `previous` to `next` says happened, oldest first; nothing when nothing changed. */
export function entriesFromChange(previous: IncidentView | undefined, next: IncidentView): TickerEntry[] {
  const critical = becameCritical(previous, next);
  if (!previous) {
    const type = next.awaitingReport ? next.lastEventType : 'reported';
    const facts = [{ type, department: next.reportedBy }];
    withLastActor(facts, next);
    return facts.map((f) => entry(next, f, critical, 0));
  }
  if (next.eventCount <= previous.eventCount && next.updatedAt <= previous.updatedAt) return [];
  const facts: Array<Omit<EventFacts, 'severity'> & { severity?: number }> = [];
  const owner = next.department;
  const offer = next.pendingHandover;
  if (offer && (previous.pendingHandover?.to !== offer.to || previous.pendingHandover.at !== offer.at))
    facts.push({ type: 'handover_offered', department: offer.from, toDepartment: offer.to });
  if (previous.department !== owner) {
    // An accepted offer is the receiver's doing; a `handed_off` from the departments' systems, the giver's.
    if (previous.pendingHandover?.to === owner) facts.push({ type: 'handover_accepted', department: owner });
    else facts.push({ type: 'handed_off', department: previous.department, toDepartment: owner });
  } else if (previous.pendingHandover && !offer && isOpen(next))
    facts.push({ type: 'handover_declined', department: previous.pendingHandover.to });
  for (const department of next.assisting)
    if (!previous.assisting.includes(department))
      facts.push({ type: 'assist_requested', department: owner, toDepartment: department });
  const before = new Map(previous.units.map((u) => [u.unit, u]));
  for (const unit of next.units) {
    const was = before.get(unit.unit);
    if (!was) facts.push({ type: 'dispatched', department: unit.department, unit: unit.unit });
    if (unit.onSceneAt !== null && (was?.onSceneAt ?? null) === null)
      facts.push({ type: 'on_scene', department: unit.department, unit: unit.unit });
  }
  if (next.severity > previous.severity)
    facts.push({ type: 'escalated', department: owner, severity: next.severity });
  if (previous.awaitingAck && !next.awaitingAck && previous.department === owner)
    facts.push({ type: 'acknowledged', department: owner });
  if (previous.status !== next.status) {
    if (next.status === 'resolved' || next.status === 'closed')
      facts.push({ type: next.status, department: owner });
    else if (!isOpen(previous) && isOpen(next)) facts.push({ type: 'reopened', department: owner });
  }
  if (facts.length === 0) facts.push({ type: next.lastEventType, department: owner });
  withLastActor(facts, next);
  return facts.map((f, index) =>
    entry(next, f, critical && (f.type === 'escalated' || index === facts.length - 1), index),
  );
}

/**
 * The ticker's first lines before any change has arrived: each incident's latest event, newest first, so a
 * wall that has just started is not blank.
 */
export function seedEntries(incidents: readonly IncidentView[], limit = TICKER_LIMIT): TickerEntry[] {
  return [...incidents]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit)
    .map((i) =>
      entry(i, { type: i.lastEventType, department: i.department, actor: i.lastEventActor }, false, 0),
    );
}

/** New entries in front (newest first), duplicates dropped, at most `limit` kept. */
export function addEntries(
  current: readonly TickerEntry[],
  added: readonly TickerEntry[],
  limit = TICKER_LIMIT,
): TickerEntry[] {
  const seen = new Set<string>();
  const merged: TickerEntry[] = [];
  const newestFirst = [...added].sort((a, b) => b.ts - a.ts);
  for (const e of [...newestFirst, ...current]) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    merged.push(e);
    if (merged.length === limit) break;
  }
  return merged;
}
