/**
 * The replay's clock: where the playhead is in data time, how fast it moves, and whether it may move. Pure
 * (the caller passes the wall time of each animation frame), so it is tested without timers. The playhead
 * never passes the data loaded so far (`loadedTo`): when playing outruns the fetches it holds at the edge
 * and says it is waiting, instead of showing a frame the data cannot describe yet; likewise at a hold the
 * session sets where data it must not play without (sensor values that failed to load) is missing.
 */

/** Speeds offered, data milliseconds per wall millisecond: 1× (real time) … 3600× (an hour a second). */
export const PLAYBACK_SPEEDS = [1, 10, 60, 300, 600, 1800, 3600] as const;
export const DEFAULT_SPEED = 60;
const SLOWEST = 1;
const FASTEST = 3600;

export type PlaybackState = 'paused' | 'playing' | 'waiting' | 'ended';

export interface PlaybackSnapshot {
  from: number;
  to: number;
  /** The playhead (data time, epoch ms). */
  t: number;
  speed: number;
  state: PlaybackState;
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return DEFAULT_SPEED;
  return Math.min(FASTEST, Math.max(SLOWEST, speed));
}

/** The next offered speed up (+1) or down (-1) from `speed`, staying at the ends. */
export function stepSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return PLAYBACK_SPEEDS.find((s) => s > speed) ?? FASTEST;
  let slower: number = SLOWEST;
  for (const s of PLAYBACK_SPEEDS) if (s < speed) slower = s;
  return slower;
}

export class PlaybackClock {
  private t: number;
  private speed: number;
  private playing = false;
  private lastWall: number | null = null;
  /** The data is known up to here; the playhead waits at this edge. */
  private loadedTo: number;
  /** Playing also waits here (null: no hold). Unlike `loadedTo` it may move back or go away. */
  private hold: number | null = null;

  constructor(
    readonly from: number,
    readonly to: number,
    options: { t?: number; speed?: number } = {},
  ) {
    if (!(to > from)) throw new RangeError('a replay window must end after it starts');
    this.t = clampTime(options.t ?? from, from, to);
    this.speed = clampSpeed(options.speed ?? DEFAULT_SPEED);
    this.loadedTo = from;
  }

  snapshot(): PlaybackSnapshot {
    return { from: this.from, to: this.to, t: this.t, speed: this.speed, state: this.state() };
  }

  state(): PlaybackState {
    if (this.t >= this.to) return 'ended';
    if (!this.playing) return 'paused';
    return this.t >= this.edge() ? 'waiting' : 'playing';
  }

  /** How far playing may go: the loaded data's end, or the hold if it comes first. */
  private edge(): number {
    return this.hold === null ? this.loadedTo : Math.min(this.loadedTo, this.hold);
  }

  get playhead(): number {
    return this.t;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get rate(): number {
    return this.speed;
  }

  /** Whether the frame at the playhead can be drawn from the data loaded. */
  get frameReady(): boolean {
    return this.t <= this.loadedTo;
  }

  /** The data is loaded up to `loadedTo` (only ever grows within one window). */
  setLoadedTo(loadedTo: number): void {
    this.loadedTo = Math.max(this.loadedTo, Math.min(this.to, loadedTo));
  }

  /** Playing waits at `t` until the hold is lifted (null). Seeking past it stays possible. */
  holdAt(t: number | null): void {
    this.hold = t;
  }

  play(wallNow: number): void {
    // Playing an ended window starts it over, as every media player does.
    if (this.t >= this.to) this.t = this.from;
    this.playing = true;
    this.lastWall = wallNow;
  }

  pause(): void {
    this.playing = false;
    this.lastWall = null;
  }

  toggle(wallNow: number): void {
    if (this.playing) this.pause();
    else this.play(wallNow);
  }

  setSpeed(speed: number): void {
    this.speed = clampSpeed(speed);
  }

  seek(t: number): void {
    this.t = clampTime(t, this.from, this.to);
  }

  /**
   * Moves the playhead by the wall time since the last tick times the speed, holding at the edge and
   * stopping at the window's end. Returns the playhead.
   */
  tick(wallNow: number): number {
    if (!this.playing) return this.t;
    const last = this.lastWall ?? wallNow;
    this.lastWall = wallNow;
    const elapsed = Math.max(0, wallNow - last);
    // NOTE: a tab in the background gets no frames for a while; the playhead holds at the loaded edge
    // rather than jumping over data that is not there.
    const limit = Math.min(this.to, Math.max(this.t, this.edge()));
    this.t = Math.min(limit, this.t + elapsed * this.speed);
    if (this.t >= this.to) this.pause();
    return this.t;
  }
}

function clampTime(t: number, from: number, to: number): number {
  if (!Number.isFinite(t)) return from;
  return Math.min(to, Math.max(from, t));
}
