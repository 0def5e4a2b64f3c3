/**
 * One replayed window in the browser: its playback clock, the slices fetched ahead of the playhead and
 * added to the replay index in order (a later slice that arrives first waits for the earlier one), the
 * readings chunks (one per readings span: the first slice, then up to a day of slices together), and the
 * frame at the playhead. A request that fails is tried again by the one retry policy (lib/retry-policy.ts)
 * while the session lives, and the failure is kept as a problem the panel shows. Outside React: the view's
 * animation loop calls `pump`, components read snapshots from the replay store.
 */
import { ReplayIndex, type ReplaySlice, replayBucketMs } from '@twin/domain';
import { type LoadProblem, problemAfter } from './load-problem.js';
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

export interface ReplaySessionOptions {
  t?: number | null;
  speed?: number | null;
  /** Wall time for the retry schedule (tests pass their own). */
  now?: () => number;
  random?: () => number;
}

interface Arrived {
  slice: ReplaySlice;
}

const NO_PROBLEMS: readonly LoadProblem[] = [];

export class ReplaySession {
  readonly clock: PlaybackClock;
  readonly index = new ReplayIndex();
  readonly slices: SliceSpan[];
  readonly bucketMs: number;
  readonly readingSpans: ReadingSpanPlan;
  /** Per slice, the readings chunk of its span (the same object for every slice of a span). */
  private readonly chunks: (ReadingChunk | null)[] = [];
  private readonly spansAsked = new Set<number>();
  private readonly readingsInFlight = new Set<number>();
  private readonly arrived = new Map<number, Arrived>();
  private readonly inFlight = new Set<number>();
  /** Failing requests, by slice and by readings span: kept until the request succeeds. */
  private readonly sliceProblems = new Map<number, LoadProblem>();
  private readonly readingProblems = new Map<number, LoadProblem>();
  private problemList: readonly LoadProblem[] = NO_PROBLEMS;
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly random: () => number;
  /** Slices in the index (a prefix of `slices`). */
  loaded = 0;
  /** Bumped whenever data joins the index: frames built before are out of date. */
  version = 0;
  /** Bumped whenever a problem comes, changes or goes. */
  problemsVersion = 0;

  constructor(
    readonly from: number,
    readonly to: number,
    options: ReplaySessionOptions,
    private readonly fetchers: ReplayFetchers,
    private readonly onData: () => void = () => {},
  ) {
    this.clock = new PlaybackClock(from, to, {
      t: options.t ?? undefined,
      speed: options.speed ?? undefined,
    });
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
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

  /** What could not be loaded, in window order (the same array until `problemsVersion` changes). */
  get problems(): readonly LoadProblem[] {
    return this.problemList;
  }

  /**
   * Starts the fetches the playhead needs next and the retries that are due (called every animation frame;
   * cheap when none). Retries wait for this call, so a closed view or a hidden tab asks nothing.
   */
  pump(wallNow: number = this.now()): void {
    if (this.abort.signal.aborted) return;
    // NOTE: a failed slice keeps its place in the loading order (slices join the index in order): it counts
    // as coming, so the slices after it are not asked for twice, and it alone is asked for again.
    let failedWaiting = 0;
    for (const [i, problem] of this.sliceProblems) {
      if (this.inFlight.has(i)) continue;
      failedWaiting++;
      if (problem.retryAt !== null && wallNow >= problem.retryAt) {
        this.fetchSlice(i);
        failedWaiting--;
      }
    }
    for (const [span, problem] of this.readingProblems) {
      if (problem.retryAt !== null && wallNow >= problem.retryAt && !this.readingsInFlight.has(span))
        this.fetchReadings(span);
    }
    const wanted = nextSlicesToFetch(
      this.slices,
      this.loaded,
      this.inFlight.size + this.arrived.size + failedWaiting,
      this.clock.playhead,
      fetchAheadMs(this.clock.rate),
    );
    for (const i of wanted) this.fetchSlice(i);
    this.clock.holdAt(this.sensorHold());
  }

  /** Tries every failing request that is retried now, instead of at its time ("Retry now"). */
  retryNow(): void {
    const now = this.now();
    for (const problems of [this.sliceProblems, this.readingProblems]) {
      for (const [key, problem] of problems) {
        if (problem.retryAt !== null && problem.retryAt > now)
          problems.set(key, { ...problem, retryAt: now });
      }
    }
    this.problemsChanged();
    this.pump(now);
  }

  /**
   * Where playing waits for sensor values that failed to load and are being tried again: the start of the
   * first such span the playhead has not passed. NOTE: values merely on their way do not hold it (the
   * incidents never wait for a normal load); values that will not come (refused) do not either.
   */
  private sensorHold(): number | null {
    if (this.readingProblems.size === 0) return null;
    const t = this.clock.playhead;
    let hold: number | null = null;
    for (const problem of this.readingProblems.values()) {
      if (problem.retryAt === null || problem.to < t) continue;
      hold = hold === null ? problem.from : Math.min(hold, problem.from);
    }
    return hold;
  }

  private fetchSlice(i: number): void {
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
        if (this.sliceProblems.delete(i)) this.problemsChanged();
        this.arrived.set(i, { slice });
        this.drain();
      })
      .catch((error: unknown) => {
        this.inFlight.delete(i);
        if (signal.aborted) return;
        this.failed(this.sliceProblems, i, 'incidents', span, error);
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
    this.readingsInFlight.add(spanIndex);
    this.fetchers
      .readings(span.from, span.to, this.bucketMs, signal)
      .then((columns) => {
        this.readingsInFlight.delete(spanIndex);
        if (signal.aborted) return;
        const chunk = { from: span.from, to: span.to, cursor: new ReadingCursor(columns) };
        this.readingSpans.spanOf.forEach((of, slice) => {
          if (of === spanIndex) this.chunks[slice] = chunk;
        });
        if (this.readingProblems.delete(spanIndex)) this.problemsChanged();
        this.version++;
        this.onData();
      })
      .catch((error: unknown) => {
        this.readingsInFlight.delete(spanIndex);
        if (signal.aborted) return;
        this.failed(this.readingProblems, spanIndex, 'sensors', span, error);
      });
  }

  private failed(
    problems: Map<number, LoadProblem>,
    key: number,
    part: LoadProblem['part'],
    span: SliceSpan,
    error: unknown,
  ): void {
    problems.set(key, problemAfter(error, part, span, problems.get(key), this.now(), this.random));
    this.problemsChanged();
    this.clock.holdAt(this.sensorHold());
    this.onData();
  }

  private problemsChanged(): void {
    const all = [...this.sliceProblems.values(), ...this.readingProblems.values()];
    this.problemList = all.length === 0 ? NO_PROBLEMS : all.sort((a, b) => a.from - b.from);
    this.problemsVersion++;
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
