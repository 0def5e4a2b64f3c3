/**
 * The replay's unit chips as spans of time, as its incidents are (incident-spans.ts): every chip the map
 * draws at some instant of a window of the replay, with the span it is drawn over. The map draws them once
 * and shows those holding the playhead by a GPU filter (layers/unit-layers.ts `timeFilter`). At 600× a frame
 * crosses some four events, and most move a unit: rebuilding the chips (text laid out again, attributes
 * computed and uploaded) was the biggest part of a playing frame's main-thread time.
 *
 * What the chips at t are is the frame's (frame.ts `unitsAt`, placed by `placeUnits`): each unit's latest
 * news by the unit board's rule (`replacesUnitFact`), drawn at its incident while on scene, fanned out at a
 * shared spot in `placeUnits`' order. Here that is followed from event to event across the window, looking
 * again only at the units of the incidents that changed, instead of every incident at every instant.
 */
import {
  type IncidentState,
  type ReplayIndex,
  type ReplayTrack,
  replacesUnitFact,
  stateAt,
  type UnitFact,
  type UnitView,
  unitFactsOf,
} from '@twin/domain';
import { type ChipSpan, placeUnits, samePlacedUnits, spotOf } from '../layers/unit-layers.js';
import { eventPosition, unitViewOf } from './frame.js';
import { OPEN_END_S, spanTime } from './incident-spans.js';

export interface UnitChipSpans {
  /** Epoch ms the spans count from (the same origin as the incidents' spans). */
  origin: number;
  /** The window the spans were followed over: outside it they say nothing. */
  from: number;
  to: number;
  chips: ChipSpan[];
}

const unitKey = (fact: { department: string; unit: string }) => `${fact.department}/${fact.unit}`;

/** The units' news at one instant, kept up to date incident by incident. */
class UnitNews {
  /** Incidents whose state then names units: where those units are drawn, and what they say of them. */
  private readonly stateOf = new Map<string, IncidentState>();
  private readonly factsOf = new Map<string, UnitFact[]>();
  /** Per unit, what each incident says of it. */
  private readonly claims = new Map<string, Map<string, UnitFact>>();
  /** Per incident, the units whose latest news places them at it. */
  private readonly placedAt = new Map<string, Set<string>>();
  /** Per unit, its latest news as the map shows it. */
  readonly views = new Map<string, UnitView>();

  /** Takes an incident's new state; returns the units whose news may have changed. */
  setState(incidentId: string, state: IncidentState | null): Set<string> {
    const touched = new Set<string>();
    for (const fact of this.factsOf.get(incidentId) ?? []) {
      const key = unitKey(fact);
      touched.add(key);
      this.claims.get(key)?.delete(incidentId);
    }
    // Units placed at this incident move with its place.
    for (const key of this.placedAt.get(incidentId) ?? []) touched.add(key);
    if (state && state.units.length > 0) {
      const facts = unitFactsOf(state);
      this.stateOf.set(incidentId, state);
      this.factsOf.set(incidentId, facts);
      for (const fact of facts) {
        const key = unitKey(fact);
        touched.add(key);
        let claims = this.claims.get(key);
        if (!claims) {
          claims = new Map();
          this.claims.set(key, claims);
        }
        claims.set(incidentId, fact);
      }
    } else {
      this.stateOf.delete(incidentId);
      this.factsOf.delete(incidentId);
    }
    for (const key of touched) this.refresh(key);
    return touched;
  }

  private refresh(key: string): void {
    const old = this.views.get(key);
    if (old?.incidentId) this.placedAt.get(old.incidentId)?.delete(key);
    let latest: UnitFact | undefined;
    for (const fact of this.claims.get(key)?.values() ?? [])
      if (!latest || replacesUnitFact(latest, fact)) latest = fact;
    if (!latest) {
      this.views.delete(key);
      return;
    }
    const view = unitViewOf(latest, latest.incidentId ? this.stateOf.get(latest.incidentId) : undefined);
    this.views.set(key, view);
    if (view.incidentId) {
      let placed = this.placedAt.get(view.incidentId);
      if (!placed) {
        placed = new Set();
        this.placedAt.set(view.incidentId, placed);
      }
      placed.add(key);
    }
  }
}

/** The spot a unit's chip is drawn at, or null when it is not drawn (not on scene, or nowhere). */
function spotOfView(view: UnitView | undefined): string | null {
  if (view?.status !== 'on_scene' || view.lat === null || view.lon === null) return null;
  return spotOf(view.lon, view.lat);
}

/**
 * Every incident's changes in (from, to), by instant: the index's event instants, and the instants at which
 * an incident first listed by a later slice appears already in a state (its slice's start, no event).
 */
function changesIn(index: ReplayIndex, tracks: readonly ReplayTrack[], from: number, to: number) {
  const byInstant = new Map<number, Set<string>>();
  const add = (instant: number, id: string) => {
    let ids = byInstant.get(instant);
    if (!ids) {
      ids = new Set();
      byInstant.set(instant, ids);
    }
    ids.add(id);
  };
  const { eventTimes, changedAt } = index;
  for (let p = eventPosition(eventTimes, from); p < eventTimes.length && (eventTimes[p] as number) < to; p++)
    for (const id of changedAt[p] ?? []) add(eventTimes[p] as number, id);
  for (const track of tracks) {
    const first = track.times[0] as number;
    if (track.states[0] && first > from && first < to) add(first, track.incidentId);
  }
  return [...byInstant].sort((a, b) => a[0] - b[0]);
}

/** The chips drawn at any instant of [from, to), each with the span it is drawn over. */
export function unitChipSpans(index: ReplayIndex, origin: number, from: number, to: number): UnitChipSpans {
  const tracks = [...index.tracks.values()];
  const trackOf = new Map(tracks.map((track) => [track.incidentId, track]));
  const news = new UnitNews();
  const current = new Map<string, IncidentState | null>();
  for (const track of tracks) {
    const state = stateAt(track, from);
    current.set(track.incidentId, state);
    if (state) news.setState(track.incidentId, state);
  }
  /** The units drawn at each spot now, and the chip each is drawn as (its span still open). */
  const atSpot = new Map<string, Set<string>>();
  const open = new Map<string, ChipSpan>();
  const chips: ChipSpan[] = [];
  const close = (key: string, at: number) => {
    const chip = open.get(key);
    if (!chip) return;
    open.delete(key);
    chip.end = at;
    // A chip replaced at the instant it began was never drawn.
    if (chip.end > chip.start) chips.push(chip);
  };
  /** Lays out the given spots again at `at`: chips that stay as they were keep their spans. */
  const layOut = (spots: Iterable<string>, at: number) => {
    for (const spot of spots) {
      const keys = atSpot.get(spot);
      const views = [...(keys ?? [])].map((key) => news.views.get(key) as UnitView);
      for (const placed of placeUnits(views)) {
        const key = unitKey(placed.unit);
        const chip = open.get(key);
        // NOTE: the same view is the same place (samePlacedUnits compares lat and lon too).
        if (chip && samePlacedUnits([chip], [placed])) continue;
        close(key, at);
        open.set(key, { ...placed, start: at, end: OPEN_END_S });
      }
    }
  };
  const first = spanTime(origin, from);
  for (const [key, view] of news.views) {
    const spot = spotOfView(view);
    if (spot === null) continue;
    let keys = atSpot.get(spot);
    if (!keys) {
      keys = new Set();
      atSpot.set(spot, keys);
    }
    keys.add(key);
  }
  layOut(atSpot.keys(), first);
  for (const [instant, ids] of changesIn(index, tracks, from, to)) {
    const at = spanTime(origin, instant);
    const touched = new Set<string>();
    for (const id of ids) {
      const track = trackOf.get(id);
      if (!track) continue;
      const state = stateAt(track, instant);
      if (state === current.get(id)) continue;
      current.set(id, state);
      for (const key of news.setState(id, state)) touched.add(key);
    }
    const spots = new Set<string>();
    for (const key of touched) {
      const was = open.get(key);
      const wasSpot = was ? spotOf(was.position[0], was.position[1]) : null;
      const nowSpot = spotOfView(news.views.get(key));
      if (wasSpot !== null) spots.add(wasSpot);
      if (nowSpot !== null) spots.add(nowSpot);
      if (wasSpot !== nowSpot) {
        if (wasSpot !== null) atSpot.get(wasSpot)?.delete(key);
        if (nowSpot !== null) {
          let keys = atSpot.get(nowSpot);
          if (!keys) {
            keys = new Set();
            atSpot.set(nowSpot, keys);
          }
          keys.add(key);
        }
        // Off the map, or to another spot: its chip here ends now (the new spot lays it out again).
        close(key, at);
      }
    }
    layOut(spots, at);
  }
  for (const chip of open.values()) chips.push(chip);
  return { origin, from, to, chips };
}
