/**
 * Where every unit is, derived from the incidents it has worked: one definition for the server's unit
 * board (GET /api/v1/units, kept as a current-state table by the writer) and for anything that shows an
 * incident's units.
 *
 * The rules:
 * - A unit's news on an incident (its `status` and `statusAt` in the incident's state) is what it was last
 *   reported doing there.
 * - Once the incident is resolved or closed, a unit still engaged there is free (`available`) from that
 *   moment, unless news about it on that incident came later (a patient still being transported).
 * - Across incidents, the latest news wins: a unit sent from incident A to incident B is on B, and A's
 *   resolution afterwards does not free it, because the news it rests on (the dispatch to A) is older.
 */
import { isOpen } from './incident-fold.js';
import type { AssignedUnit, IncidentState } from './incident-state.js';
import { compareText } from './text-order.js';
import { isEngaged, type UnitStatus } from './unit-statuses.js';

/** What one incident says about one unit. */
export interface UnitFact {
  unit: string;
  department: string;
  status: UnitStatus;
  /** Since when it has that status (epoch ms). */
  since: number;
  /** The incident it is on: null when free or out of service. */
  incidentId: string | null;
  /** The incident this fact comes from (also when the unit is free of it now). */
  sourceIncidentId: string;
  /** When the news the fact rests on was reported (epoch ms): what decides between incidents. */
  reportedAt: number;
}

type EndedIncident = Pick<IncidentState, 'incidentId' | 'status' | 'resolvedAt' | 'closedAt'>;

/** What the unit is doing now according to this incident (the module comment gives the rule). */
export function unitStatusNow(
  incident: EndedIncident,
  unit: Pick<AssignedUnit, 'status' | 'statusAt'>,
): { status: UnitStatus; since: number; incidentId: string | null } {
  const endedAt = isOpen(incident) ? null : (incident.resolvedAt ?? incident.closedAt);
  if (isEngaged(unit.status) && endedAt !== null && unit.statusAt <= endedAt)
    return { status: 'available', since: endedAt, incidentId: null };
  return {
    status: unit.status,
    since: unit.statusAt,
    incidentId: isEngaged(unit.status) ? incident.incidentId : null,
  };
}

/** The facts an incident's state gives about its units. */
export function unitFactsOf(state: EndedIncident & Pick<IncidentState, 'units'>): UnitFact[] {
  return state.units.map((u) => ({
    unit: u.unit,
    department: u.department,
    ...unitStatusNow(state, u),
    sourceIncidentId: state.incidentId,
    reportedAt: u.statusAt,
  }));
}

/**
 * Whether `candidate` replaces `current` for the same unit. The same incident's newer fold always does (it
 * knows better about that incident); otherwise the later news wins, and at the same instant an engaged unit
 * over a free one, then the greater incident id, so the result never depends on arrival order.
 * NOTE: db/unit-status.ts says the same in SQL; the two are tested against each other.
 */
export function replacesUnitFact(current: UnitFact, candidate: UnitFact): boolean {
  if (candidate.sourceIncidentId === current.sourceIncidentId) return true;
  return (
    (candidate.reportedAt - current.reportedAt ||
      Number(isEngaged(candidate.status)) - Number(isEngaged(current.status)) ||
      compareText(candidate.sourceIncidentId, current.sourceIncidentId)) > 0
  );
}

/** One fact per (department, unit): the one that wins by {@link replacesUnitFact}. */
export function latestUnitFacts(facts: Iterable<UnitFact>): UnitFact[] {
  const byUnit = new Map<string, UnitFact>();
  for (const fact of facts) {
    const key = `${fact.department}/${fact.unit}`;
    const current = byUnit.get(key);
    if (!current || replacesUnitFact(current, fact)) byUnit.set(key, fact);
  }
  return [...byUnit.values()];
}
