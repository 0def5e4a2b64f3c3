/**
 * The replay's incidents for the map as spans of time: every state an incident was open in, from the
 * instant it began to the instant the next one did, each its own map object. The map draws them all once
 * and shows those whose span holds the playhead by a GPU filter (layers/incident-layers.ts `timeFilter`),
 * so while playing each animation frame changes one uniform instead of rebuilding the incident layers:
 * at 600× a frame crosses 10 s of data and some four events, and rebuilding every frame would cost the
 * main thread more than the frame has. The spans are made again only when a slice loads or the filter
 * changes. Same states as `frameAt` (the fold's, via the index), same filter: what the map shows at t is
 * `frameAt(t).open`, placed.
 */
import { type IncidentView, isOpen, type ReplayIndex } from '@twin/domain';
import { matchesReplayFilter, type ReplayFilter, type ReplayViews } from './frame.js';

/** A span's end when no later state is known (the data loaded so far ends the replay before it). */
export const OPEN_END_S = 1e9;

export interface IncidentSpans {
  /** Epoch ms the span times count from (the window's start), so they keep their precision as float32. */
  origin: number;
  /** The incident as it was in each span (the object the map's pickers and tooltips get). */
  views: IncidentView[];
  /** Per span: its start, and the start of the next state (or OPEN_END_S), in seconds after `origin`. */
  starts: Float64Array;
  ends: Float64Array;
}

/** Seconds after the spans' origin: the GPU filter's unit for the playhead and the spans alike. */
export function spanTime(origin: number, t: number): number {
  return (t - origin) / 1000;
}

/** A stretch of the replay's time (epoch ms, `to` excluded). */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * The open, placed states of the incidents in the index matching the filter, as spans: those that hold some
 * instant of `window` (every one without). The map draws every span it is given at every frame, hidden or
 * not (the GPU filters them): a day's spans are tens of thousands of markers, the window's a few hundred.
 */
export function incidentSpans(
  index: ReplayIndex,
  filter: ReplayFilter,
  origin: number,
  replayViews: ReplayViews,
  window: TimeWindow | null = null,
): IncidentSpans {
  const views: IncidentView[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const track of index.tracks.values()) {
    for (let k = 0; k < track.states.length; k++) {
      const state = track.states[k];
      if (!state || !isOpen(state)) continue;
      const start = track.times[k] as number;
      const next = track.times[k + 1];
      if (window && (start >= window.to || (next !== undefined && next <= window.from))) continue;
      const view = replayViews.of(track, state);
      if (view.lat === null || view.lon === null || !matchesReplayFilter(view, filter)) continue;
      views.push(view);
      starts.push(spanTime(origin, start));
      ends.push(next === undefined ? OPEN_END_S : spanTime(origin, next));
    }
  }
  return { origin, views, starts: Float64Array.from(starts), ends: Float64Array.from(ends) };
}
