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
}

/** How many event instants lie at or before t (the frame's "event position"). */
export function eventPosition(eventTimes: readonly number[], t: number): number {
  let lo = 0;
  let hi = eventTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((eventTimes[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The incident as the replay shows it in one of its states: the same object for the same state wherever it
 * is asked (the frame's open list, the map's spans), so that rows, markers and tooltips agree. One per
 * session: it lives and dies with the session's index.
 */
export class ReplayViews {
  // NOTE: a Map, not a WeakMap: tens of thousands of states as WeakMap keys cost every major garbage
  // collection an ephemeron pass, several ms a frame while playing.
  private readonly byState = new Map<IncidentState, IncidentView>();

  of(track: ReplayTrack, state: IncidentState): IncidentView {
    let view = this.byState.get(state);
    if (!view) {
      view = { ...state, ...track.placement };
      this.byState.set(state, view);
    }
    return view;
  }
}

export function matchesReplayFilter(incident: IncidentView, filter: ReplayFilter): boolean {
  if (filter.category && incident.categoryKey !== filter.category) return false;
  return matchesFilter(incident, { status: 'open', department: filter.department ?? undefined });
}

/** A unit's news as the map and the unit board show it: placed at its incident (`at`, its state then). */
export function unitViewOf(fact: UnitFact, at: IncidentState | undefined): UnitView {
  return {
    unit: fact.unit,
    department: fact.department,
    status: fact.status,
    since: fact.since,
    incidentId: fact.incidentId,
    lat: at?.lat ?? null,
    lon: at?.lon ?? null,
  };
}

/**
 * Units as the unit board would have shown them when the incidents were in `states` (a frame's), placed at
 * their incident. The map draws them as chip spans (unit-chip-spans.ts), which must agree with this.
 */
export function unitsAt(states: readonly (IncidentState | null)[]): UnitView[] {
  const facts: UnitFact[] = [];
  const placeOf = new Map<string, IncidentState>();
  for (const state of states) {
    if (!state || state.units.length === 0) continue;
    placeOf.set(state.incidentId, state);
    facts.push(...unitFactsOf(state));
  }
  return latestUnitFacts(facts).map((fact) =>
    unitViewOf(fact, fact.incidentId ? placeOf.get(fact.incidentId) : undefined),
  );
}

/** At most this many event instants are stepped over one by one; a longer jump folds every incident again. */
const MAX_STEPPED_INSTANTS = 256;

/**
 * Builds frames from one index, reusing the last frame's arrays while no event lies between, and moving
 * forward by looking again only at the incidents that changed in between (playing crosses a few event
 * instants per animation frame; asking all of them costs a frame's budget on a big window).
 */
export class ReplayFramer {
  private last: { position: number; tracks: number; filter: ReplayFilter; frame: ReplayFrame } | null = null;

  private tracks: {
    size: number;
    list: ReplayTrack[];
    slotOf: Map<string, number>;
    /** Tracks that appear after the index's start already in a state (listed first by a later slice):
     * they change at their slice's start, which is no event instant. */
    late: number[];
  } | null = null;

  constructor(
    private readonly index: ReplayIndex,
    private readonly views = new ReplayViews(),
  ) {}

  /** The index's tracks as an array, made again only when a slice added incidents (tracks are only added). */
  private trackList() {
    const size = this.index.tracks.size;
    if (this.tracks?.size !== size) {
      const list = [...this.index.tracks.values()];
      const start = this.index.from;
      this.tracks = {
        size,
        list,
        slotOf: new Map(list.map((track, slot) => [track.incidentId, slot])),
        late: list.flatMap((track, slot) =>
          track.states[0] && (track.times[0] as number) > (start ?? Number.NEGATIVE_INFINITY) ? [slot] : [],
        ),
      };
    }
    return this.tracks;
  }

  frameAt(t: number, filter: ReplayFilter): ReplayFrame {
    const position = eventPosition(this.index.eventTimes, t);
    const tracks = this.index.tracks.size;
    const last = this.last;
    // NOTE: the same event position with the same incidents known means the same states (new slices only
    // add later events and incidents that appear later, which change `tracks` or the position).
    const sameBasis =
      last !== null &&
      last.tracks === tracks &&
      last.filter.department === filter.department &&
      last.filter.category === filter.category &&
      (this.index.from ?? t) <= t;
    const { list: all, slotOf, late } = this.trackList();
    // A late track's appearance (at its slice's start) changes the frame without an event instant.
    const lateBetween = (a: number, b: number) =>
      late.some((slot) => {
        const start = (all[slot] as ReplayTrack).times[0] as number;
        return Math.min(a, b) < start && start <= Math.max(a, b);
      });
    if (sameBasis && last.position === position && !lateBetween(last.frame.t, t)) {
      if (last.frame.t !== t) last.frame = { ...last.frame, t };
      return last.frame;
    }
    let states: (IncidentState | null)[];
    if (sameBasis && position > last.position && position - last.position <= MAX_STEPPED_INSTANTS) {
      states = last.frame.states.slice();
      for (let p = last.position; p < position; p++)
        for (const id of this.index.changedAt[p] ?? []) {
          const slot = slotOf.get(id);
          if (slot !== undefined) states[slot] = stateAt(all[slot] as ReplayTrack, t);
        }
      for (const slot of late) states[slot] = stateAt(all[slot] as ReplayTrack, t);
    } else states = all.map((track) => stateAt(track, t));
    const open: IncidentView[] = [];
    for (let i = 0; i < all.length; i++) {
      const state = states[i];
      if (!state || !isOpen(state)) continue;
      const view = this.views.of(all[i] as ReplayTrack, state);
      if (matchesReplayFilter(view, filter)) open.push(view);
    }
    const previous = last?.frame;
    const frame: ReplayFrame = {
      t,
      open: previous && sameItems(previous.open, open) ? previous.open : open,
      states,
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
