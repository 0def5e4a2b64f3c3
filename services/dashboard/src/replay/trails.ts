/**
 * Trails: every incident that was open at any time of the replayed window, as its start–end interval
 * clipped to the window (issue 9: "an incident's life drawn as a start–end interval on the timeline"). Built
 * once per loaded slice from the replay index, as columns (no object per frame); the timeline draws only
 * the rows in view. Pure.
 */
import { type IncidentState, isOpen, type ReplayIndex, type ReplayTrack } from '@twin/domain';
import { matchesReplayFilter, type ReplayFilter } from './frame.js';

/** The interval began before the window (or the loaded data) starts. */
export const TRAIL_BEFORE = 1;
/** Still open where the loaded data ends: beyond the window once the whole window is loaded. */
export const TRAIL_AFTER = 2;

export interface Trails {
  length: number;
  /** Per trail, sorted by start then incident id. */
  tracks: ReplayTrack[];
  start: Float64Array;
  end: Float64Array;
  flags: Uint8Array;
}

/**
 * The trails of every incident open at some instant of the loaded part of the window (`index.from` to
 * `index.to`), matching the filter as the map does (by its first open state there). A track's states hold from
 * `times[k]` until `times[k + 1]`; its interval runs from its first open state to the end of its last
 * one (an incident reopened inside the window is one interval, its whole life there).
 */
export function windowTrails(index: ReplayIndex, filter: ReplayFilter): Trails {
  const from = index.from;
  const to = index.to;
  const rows: { track: ReplayTrack; start: number; end: number; flags: number }[] = [];
  if (from === null || to === null) return columns(rows);
  for (const track of index.tracks.values()) {
    let first: IncidentState | null = null;
    let start = Number.NaN;
    let end = Number.NaN;
    for (let k = 0; k < track.states.length; k++) {
      const state = track.states[k];
      if (!state || !isOpen(state)) continue;
      if (!first) {
        first = state;
        start = track.times[k] as number;
      }
      end = k + 1 < track.times.length ? (track.times[k + 1] as number) : Number.POSITIVE_INFINITY;
    }
    if (!first || !matchesReplayFilter({ ...first, ...track.placement }, filter)) continue;
    let flags = 0;
    // Open in its state at the data's start, reported before it: its life began before the window.
    if (start <= from && first.openedAt < from) flags |= TRAIL_BEFORE;
    if (end > to) flags |= TRAIL_AFTER;
    rows.push({ track, start: Math.max(from, start), end: Math.min(to, end), flags });
  }
  rows.sort(
    (a, b) =>
      a.start - b.start ||
      (a.track.incidentId < b.track.incidentId ? -1 : a.track.incidentId > b.track.incidentId ? 1 : 0),
  );
  return columns(rows);
}

function columns(rows: { track: ReplayTrack; start: number; end: number; flags: number }[]): Trails {
  const trails: Trails = {
    length: rows.length,
    tracks: rows.map((r) => r.track),
    start: new Float64Array(rows.length),
    end: new Float64Array(rows.length),
    flags: new Uint8Array(rows.length),
  };
  rows.forEach((r, i) => {
    trails.start[i] = r.start;
    trails.end[i] = r.end;
    trails.flags[i] = r.flags;
  });
  return trails;
}

/** The first trail still open at or after `t` (where the list scrolls to show the playhead), or -1. */
export function firstTrailAt(trails: Trails, t: number): number {
  let best = -1;
  for (let i = 0; i < trails.length; i++) {
    if ((trails.start[i] as number) > t) return best === -1 ? i : best;
    if ((trails.end[i] as number) >= t && best === -1) best = i;
  }
  return best;
}
