/**
 * Replay: the city as it was at any instant of a past window, from the same store and the same fold as live
 * (BRIEF.md: "one history, two uses"). The server sends, per slice of a window, each touched incident's
 * state at the slice's start (folded on the server with {@link foldIncidentAt}) and every event inside the
 * slice; the browser applies those events with {@link applyEvent} in fold order. Folding the events up to
 * `from` and then applying the later ones in order is exactly `foldIncidentAt(all events, t)`, because every
 * event at or before `from` sorts before every event after it — so a replayed instant cannot differ from
 * what the live view showed at that instant, whatever order the events arrived in.
 */
import { type Static, Type } from '@sinclair/typebox';
import { PlacementProperties } from './areas.js';
import { applyEvent, compareEvents, isOpen } from './incident-fold.js';
import { type IncidentState, IncidentStateSchema, Nullable } from './incident-state.js';
import { type IncidentEvent, IncidentEventSchema } from './schemas.js';

/** Windows shorter than this replay raw readings. */
export const RAW_READINGS_UNDER_MS = 60 * 60_000;
/**
 * Windows shorter than this replay 1-minute reading buckets; a day or longer, 1-hour buckets (the issue's
 * "raw under 1 h, 1 minute under a day, 1 hour beyond": a whole day is 2,000 sensors × 24 buckets, not × 1,440).
 */
export const MINUTE_BUCKETS_UNDER_MS = 24 * 60 * 60_000;
/** The longest window one request may ask for (a year and a day: "2020" fits). */
export const MAX_REPLAY_WINDOW_MS = 366 * 24 * 60 * 60_000;

/** The reading bucket for a window: 0 = raw readings, else the bucket length in ms. */
export function replayBucketMs(windowMs: number): number {
  if (windowMs < RAW_READINGS_UNDER_MS) return 0;
  if (windowMs < MINUTE_BUCKETS_UNDER_MS) return 60_000;
  return 60 * 60_000;
}

/** An incident a slice touches: open at the slice's start, or with an event inside it. */
export const ReplayIncidentSchema = Type.Object({
  incidentId: Type.String(),
  /** Its state at `from` (every event with ts ≤ from folded), or null when its first event is later. */
  atFrom: Nullable(IncidentStateSchema),
  /** Where its current position lies in the city (placement of its latest state). */
  ...PlacementProperties,
});
export type ReplayIncident = Static<typeof ReplayIncidentSchema>;

/**
 * `GET /api/v1/replay?from=&to=` (epoch ms or ISO 8601): one slice of a window. Incidents: every incident
 * open at `from` or with an event in (from, to]. Events: every event of those incidents with
 * from < ts ≤ to, in fold order ({@link compareEvents}).
 */
export const ReplaySliceSchema = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  /** The reading bucket `GET /api/v1/replay/readings` uses for this window ({@link replayBucketMs}). */
  bucketMs: Type.Integer(),
  incidents: Type.Array(ReplayIncidentSchema),
  events: Type.Array(IncidentEventSchema),
});
export type ReplaySlice = Static<typeof ReplaySliceSchema>;

/**
 * Columns of `GET /api/v1/replay/readings?from=&to=[&bucketMs=][&sensor=…][&metric=…]`, an Apache Arrow IPC
 * stream (`application/vnd.apache.arrow.stream`) the browser hands to deck.gl as typed arrays. Rows are
 * sorted by sensor, metric, ts. Each sensor-metric starts with its last reading at or before `from` (so the
 * value at the playhead is known from the first frame), then its readings (raw, `bucketMs` 0) or buckets
 * (ts = bucket start; value = mean) in the window.
 */
export const REPLAY_READING_COLUMNS = {
  /** Utf8 (dictionary-encoded): the sensor id. */
  sensor: 'sensor',
  /** Utf8 (dictionary-encoded): the metric name. */
  metric: 'metric',
  /** Float64: epoch ms (the reading's time, or the bucket's start). */
  ts: 'ts',
  /** Float64: the reading, or the bucket's mean. */
  value: 'value',
  /** Float64: the bucket's minimum (the reading itself when raw). */
  min: 'min',
  /** Float64: the bucket's maximum (the reading itself when raw). */
  max: 'max',
  /** Uint32: readings in the bucket (1 when raw). */
  count: 'count',
} as const;

/** One incident's states through the replayed time: `states[k]` holds from `times[k]` until `times[k+1]`. */
export interface ReplayTrack {
  incidentId: string;
  placement: Pick<ReplayIncident, 'district' | 'cell' | 'outsideCity'>;
  times: number[];
  states: (IncidentState | null)[];
  /** Every event applied, in fold order (the incident's timeline inside the replayed time). */
  events: IncidentEvent[];
}

export class ReplaySliceOrderError extends Error {}

/**
 * The replayed time as contiguous slices, indexed for "the state at t" in O(log events) per incident.
 * Slices must be added in time order, each starting where the last ended.
 */
export class ReplayIndex {
  readonly tracks = new Map<string, ReplayTrack>();
  /** The instants at which any incident changed, ascending, without repeats: the "step by event" stops. */
  readonly eventTimes: number[] = [];
  /** Per instant of `eventTimes`, the incidents whose state changed then (each once): what a frame that
   * moves forward over it must look at again, instead of every incident. */
  readonly changedAt: string[][] = [];
  from: number | null = null;
  to: number | null = null;

  addSlice(slice: ReplaySlice): void {
    if (this.to !== null && slice.from !== this.to)
      throw new ReplaySliceOrderError(
        `replay slices must be contiguous: this one starts at ${slice.from}, the last ended at ${this.to}`,
      );
    if (slice.to < slice.from) throw new ReplaySliceOrderError('a replay slice cannot end before it starts');
    if (this.from === null) this.from = slice.from;
    this.to = slice.to;
    for (const inc of slice.incidents) {
      if (this.tracks.has(inc.incidentId)) continue;
      this.tracks.set(inc.incidentId, {
        incidentId: inc.incidentId,
        placement: { district: inc.district, cell: inc.cell, outsideCity: inc.outsideCity },
        times: [slice.from],
        states: [inc.atFrom],
        events: [],
      });
    }
    const events = [...slice.events].sort(compareEvents);
    for (const e of events) {
      const track = this.tracks.get(e.incidentId);
      // The server lists every incident an event of the slice belongs to; one it did not is a broken slice.
      if (!track)
        throw new ReplaySliceOrderError(
          `event ${e.eventId} names incident ${e.incidentId}, not in the slice`,
        );
      const last = track.states[track.states.length - 1] ?? null;
      const next = applyEvent(last, e);
      if (track.times[track.times.length - 1] === e.ts) track.states[track.states.length - 1] = next;
      else {
        track.times.push(e.ts);
        track.states.push(next);
      }
      track.events.push(e);
      const lastTime = this.eventTimes[this.eventTimes.length - 1];
      if (lastTime === undefined || e.ts > lastTime) {
        this.eventTimes.push(e.ts);
        this.changedAt.push([e.incidentId]);
      } else {
        const changed = this.changedAt[this.changedAt.length - 1] as string[];
        if (!changed.includes(e.incidentId)) changed.push(e.incidentId);
      }
    }
  }

  /** The incidents open at `t`, with their state then. */
  openAt(t: number): IncidentState[] {
    const open: IncidentState[] = [];
    for (const track of this.tracks.values()) {
      const state = stateAt(track, t);
      if (state && isOpen(state)) open.push(state);
    }
    return open;
  }

  /** The next instant after `t` at which something changed, or null. */
  nextEventAfter(t: number): number | null {
    const i = firstIndexAbove(this.eventTimes, t);
    return i < this.eventTimes.length ? this.eventTimes[i]! : null;
  }

  /** The last instant before `t` at which something changed, or null. */
  previousEventBefore(t: number): number | null {
    let i = firstIndexAbove(this.eventTimes, t) - 1;
    while (i >= 0 && this.eventTimes[i]! >= t) i--;
    return i >= 0 ? this.eventTimes[i]! : null;
  }
}

/** A track's state at `t` (inclusive): null before the incident existed or before the replayed time. */
export function stateAt(track: ReplayTrack, t: number): IncidentState | null {
  const i = firstIndexAbove(track.times, t) - 1;
  return i >= 0 ? (track.states[i] ?? null) : null;
}

/** The index of the first element greater than `t` in an ascending array (binary search). */
function firstIndexAbove(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
