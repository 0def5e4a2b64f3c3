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
import type { UnitView } from './board-views.js';
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

type ChangedIncident = EndedIncident & Pick<IncidentState, 'units' | 'lat' | 'lon'>;

/** A board row as the fact it rests on (rows from before the board said its source read as their own). */
function factOfRow(row: UnitView): UnitFact {
  return {
    unit: row.unit,
    department: row.department,
    status: row.status,
    since: row.since,
    incidentId: row.incidentId,
    sourceIncidentId: row.sourceIncidentId ?? row.incidentId ?? '',
    reportedAt: row.reportedAt ?? row.since,
  };
}

/**
 * The unit board after some incidents changed (a live feed's changes): each changed incident's facts about
 * its units replace the board's rows where they win by {@link replacesUnitFact}, the same rule the server
 * keeps its board by; a unit not on the board yet joins it. Returns the same array when nothing changed.
 */
export function applyIncidentsToUnitBoard(
  board: readonly UnitView[],
  changed: readonly ChangedIncident[],
): readonly UnitView[] {
  const facts = latestUnitFacts(changed.flatMap((i) => (i.units.length > 0 ? unitFactsOf(i) : [])));
  if (facts.length === 0) return board;
  const placeOf = new Map(changed.map((i) => [i.incidentId, i]));
  const rowOf = new Map(board.map((row, index) => [`${row.department}/${row.unit}`, index]));
  let next: UnitView[] | null = null;
  for (const fact of facts) {
    const index = rowOf.get(`${fact.department}/${fact.unit}`);
    const current = index === undefined ? undefined : board[index];
    if (current && !replacesUnitFact(factOfRow(current), fact)) continue;
    const place = fact.incidentId === null ? undefined : placeOf.get(fact.incidentId);
    const row: UnitView = {
      unit: fact.unit,
      department: fact.department,
      status: fact.status,
      since: fact.since,
      incidentId: fact.incidentId,
      lat: place?.lat ?? null,
      lon: place?.lon ?? null,
      sourceIncidentId: fact.sourceIncidentId,
      reportedAt: fact.reportedAt,
    };
    next ??= [...board];
    if (index === undefined) next.push(row);
    else next[index] = row;
  }
  return next ?? board;
}
