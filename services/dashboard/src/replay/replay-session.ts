/**
 * One replayed window in the browser: its playback clock, the slices fetched ahead of the playhead and
 * added to the replay index in order (a later slice that arrives first waits for the earlier one), the
 * readings chunks (one per readings span: the first slice, then up to a day of slices together), and the
 * frame at the playhead. Outside React: the view's animation loop
 * calls `step`, components read snapshots from the replay store.
 */
import { ReplayIndex, type ReplaySlice, replayBucketMs } from '@twin/domain';
import { PlaybackClock } from './playback-clock.js';
import { type ReadingColumns, ReadingCursor } from './reading-cursor.js';
import type { ReadingChunk } from './sensor-frame.js';
import {
  fetchAheadMs,
  nextSlicesToFetch,
  planReadingSpans,
  planSlices,
  type ReadingSpanPlan,
  readingSpanMs,
  type SliceSpan,
  sliceIndexAt,
} from './slice-plan.js';

export interface ReplayFetchers {
  slice: (from: number, to: number, signal: AbortSignal) => Promise<ReplaySlice>;
  readings: (from: number, to: number, bucketMs: number, signal: AbortSignal) => Promise<ReadingColumns>;
}

interface Arrived {
  slice: ReplaySlice;
}

export class ReplaySession {
  readonly clock: PlaybackClock;
  readonly index = new ReplayIndex();
  readonly slices: SliceSpan[];
  readonly bucketMs: number;
  readonly readingSpans: ReadingSpanPlan;
  /** Per slice, the readings chunk of its span (the same object for every slice of a span). */
  private readonly chunks: (ReadingChunk | null)[] = [];
  private readonly spansAsked = new Set<number>();
  private readonly arrived = new Map<number, Arrived>();
  private readonly inFlight = new Set<number>();
  private readonly abort = new AbortController();
  /** Slices in the index (a prefix of `slices`). */
  loaded = 0;
  /** Why the last fetch failed, in words (retried on the next step after a pause). */
  error: string | null = null;
  readingsError: string | null = null;
  /** Bumped whenever data joins the index: frames built before are out of date. */
  version = 0;
  private retryAt = 0;

  constructor(
    readonly from: number,
    readonly to: number,
    options: { t?: number | null; speed?: number | null },
    private readonly fetchers: ReplayFetchers,
    private readonly onData: () => void = () => {},
  ) {
    this.clock = new PlaybackClock(from, to, {
      t: options.t ?? undefined,
      speed: options.speed ?? undefined,
    });
    this.slices = planSlices(from, to);
    this.bucketMs = replayBucketMs(to - from);
    this.readingSpans = planReadingSpans(this.slices, readingSpanMs(this.bucketMs));
  }

  get complete(): boolean {
    return this.loaded === this.slices.length;
  }

  /** The data is loaded up to here. */
  get loadedTo(): number {
    return this.loaded === 0 ? this.from : (this.slices[this.loaded - 1] as SliceSpan).to;
  }

  /** The readings chunk covering `t`, once it has arrived. */
  chunkAt(t: number): ReadingChunk | null {
    return this.chunks[sliceIndexAt(this.slices, t)] ?? null;
  }

  /** Starts the fetches the playhead needs next (called every animation frame; cheap when none). */
  pump(wallNow: number = Date.now()): void {
    if (this.abort.signal.aborted || wallNow < this.retryAt) return;
    const wanted = nextSlicesToFetch(
      this.slices,
      this.loaded,
      this.inFlight.size + this.arrived.size,
      this.clock.playhead,
      fetchAheadMs(this.clock.rate),
    );
    for (const i of wanted) this.fetch(i);
  }

  private fetch(i: number): void {
    const span = this.slices[i] as SliceSpan;
    const signal = this.abort.signal;
    this.inFlight.add(i);
    const readingSpan = this.readingSpans.spanOf[i] as number;
    if (!this.spansAsked.has(readingSpan)) {
      this.spansAsked.add(readingSpan);
      this.fetchReadings(readingSpan);
    }
    this.fetchers
      .slice(span.from, span.to, signal)
      .then((slice) => {
        this.inFlight.delete(i);
        if (signal.aborted) return;
        this.arrived.set(i, { slice });
        this.error = null;
        this.drain();
      })
      .catch((error: Error) => {
        this.inFlight.delete(i);
        if (signal.aborted) return;
        this.error = error.message;
        this.retryAt = Date.now() + 3000;
        this.onData();
      });
  }

  /**
   * NOTE: the incidents never wait for the sensors: a slice joins the index as soon as its JSON is in, and
   * its readings chunk is attached whenever it arrives (until then the map shows no sensor values there —
   * absent, never wrong).
   */
  private fetchReadings(spanIndex: number): void {
    const span = this.readingSpans.spans[spanIndex] as SliceSpan;
    const signal = this.abort.signal;
    this.fetchers
      .readings(span.from, span.to, this.bucketMs, signal)
      .then((columns) => {
        if (signal.aborted) return;
        const chunk = { from: span.from, to: span.to, cursor: new ReadingCursor(columns) };
        this.readingSpans.spanOf.forEach((of, slice) => {
          if (of === spanIndex) this.chunks[slice] = chunk;
        });
        this.readingsError = null;
        this.version++;
        this.onData();
      })
      .catch((error: Error) => {
        // Incidents without sensor values are still worth replaying: say so.
        if (!signal.aborted) this.readingsError = error.message;
      });
  }

  /** Adds arrived slices to the index in order. */
  private drain(): void {
    let added = false;
    for (let next = this.arrived.get(this.loaded); next; next = this.arrived.get(this.loaded)) {
      this.arrived.delete(this.loaded);
      this.index.addSlice(next.slice);
      this.loaded++;
      added = true;
    }
    if (!added) return;
    this.clock.setLoadedTo(this.loadedTo);
    this.version++;
    this.onData();
  }

  dispose(): void {
    this.abort.abort();
  }
}
