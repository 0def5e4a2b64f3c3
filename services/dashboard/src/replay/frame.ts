/**
 * The city at the playhead, from the replay index: the incidents open then (with their status then and
 * their place), the states of every incident then (for the KPIs), and the units on scene then. Incidents
 * only change at event instants, so a frame between the same two events is the previous frame, same arrays:
 * deck.gl then sees unchanged data and the map does no work while the clock runs between events.
 */
import {
  type IncidentState,
  type IncidentView,
  isOpen,
  latestUnitFacts,
  type ReplayIndex,
  type ReplayTrack,
  stateAt,
  type UnitFact,
  type UnitView,
  unitFactsOf,
} from '@twin/domain';
import { matchesFilter } from '../lib/incidents.js';

export interface ReplayFilter {
  department: string | null;
  category: string | null;
}

export interface ReplayFrame {
  t: number;
  /** Open at t, matching the filter: what the map and the list show. */
  open: IncidentView[];
  /** Every tracked incident's state at t (null before it existed): what the KPIs count. */
  states: (IncidentState | null)[];
  /** Every unit's last news at t (the map draws those on scene). */
  units: UnitView[];
}

/** How many event instants lie at or before t (the frame's "event position"). */
function eventPosition(eventTimes: readonly number[], t: number): number {
  let lo = 0;
  let hi = eventTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((eventTimes[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function viewOf(track: ReplayTrack, state: IncidentState, cache: WeakMap<IncidentState, IncidentView>) {
  let view = cache.get(state);
  if (!view) {
    view = { ...state, ...track.placement };
    cache.set(state, view);
  }
  return view;
}

export function matchesReplayFilter(incident: IncidentView, filter: ReplayFilter): boolean {
  if (filter.category && incident.categoryKey !== filter.category) return false;
  return matchesFilter(incident, { status: 'open', department: filter.department ?? undefined });
}

/** Units as the unit board would have shown them at t, placed at their incident. */
function unitsAt(states: readonly (IncidentState | null)[]): UnitView[] {
  const facts: UnitFact[] = [];
  const placeOf = new Map<string, IncidentState>();
  for (const state of states) {
    if (!state || state.units.length === 0) continue;
    placeOf.set(state.incidentId, state);
    facts.push(...unitFactsOf(state));
  }
  return latestUnitFacts(facts).map((fact) => {
    const at = fact.incidentId ? placeOf.get(fact.incidentId) : undefined;
    return {
      unit: fact.unit,
      department: fact.department,
      status: fact.status,
      since: fact.since,
      incidentId: fact.incidentId,
      lat: at?.lat ?? null,
      lon: at?.lon ?? null,
    };
  });
}

/** Builds frames from one index, reusing the last frame's arrays while no event lies between. */
export class ReplayFramer {
  private readonly views = new WeakMap<IncidentState, IncidentView>();
  private last: { position: number; tracks: number; filter: ReplayFilter; frame: ReplayFrame } | null = null;

  private tracks: { size: number; list: ReplayTrack[] } | null = null;

  constructor(private readonly index: ReplayIndex) {}

  /** The index's tracks as an array, made again only when a slice added incidents (tracks are only added). */
  private trackList(): ReplayTrack[] {
    const size = this.index.tracks.size;
    if (this.tracks?.size !== size) this.tracks = { size, list: [...this.index.tracks.values()] };
    return this.tracks.list;
  }

  frameAt(t: number, filter: ReplayFilter): ReplayFrame {
    const position = eventPosition(this.index.eventTimes, t);
    const tracks = this.index.tracks.size;
    const last = this.last;
    // NOTE: the same event position with the same incidents known means the same states (new slices only
    // add later events and incidents that appear later, which change `tracks` or the position).
    if (
      last &&
      last.position === position &&
      last.tracks === tracks &&
      last.filter.department === filter.department &&
      last.filter.category === filter.category &&
      (this.index.from ?? t) <= t
    ) {
      if (last.frame.t !== t) last.frame = { ...last.frame, t };
      return last.frame;
    }
    const all = this.trackList();
    const states = all.map((track) => stateAt(track, t));
    const open: IncidentView[] = [];
    for (let i = 0; i < all.length; i++) {
      const state = states[i];
      if (!state || !isOpen(state)) continue;
      const view = viewOf(all[i] as ReplayTrack, state, this.views);
      if (matchesReplayFilter(view, filter)) open.push(view);
    }
    const previous = last?.frame;
    const units = unitsAt(states);
    const frame: ReplayFrame = {
      t,
      open: previous && sameItems(previous.open, open) ? previous.open : open,
      states,
      // NOTE: the same units in the same places keep the previous array, so the map rebuilds no unit layer.
      units: previous && sameUnits(previous.units, units) ? previous.units : units,
    };
    this.last = { position, tracks, filter: { ...filter }, frame };
    return frame;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameUnits(a: readonly UnitView[], b: readonly UnitView[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as UnitView;
    const y = b[i] as UnitView;
    if (
      x.unit !== y.unit ||
      x.department !== y.department ||
      x.status !== y.status ||
      x.since !== y.since ||
      x.incidentId !== y.incidentId ||
      x.lat !== y.lat ||
      x.lon !== y.lon
    )
      return false;
  }
  return true;
}
