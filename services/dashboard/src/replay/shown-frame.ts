/**
 * What the replay panel's text shows (replay-store.ts `shown`): the playhead and its frame, followed at most
 * every SHOWN_INTERVAL_MS of wall time while playing, at once otherwise (paused, stepped, scrubbed, waiting,
 * ended), so the text always matches the map when it can be read. Pure: the driver passes the wall time.
 */
import type { ReplayFrame } from './frame.js';
import type { PlaybackState } from './playback-clock.js';
import type { ShownFrame } from './replay-store.js';

/** Four times a second, as a media player's clock; the map follows every animation frame. */
export const SHOWN_INTERVAL_MS = 250;

export class ShownFollower {
  private shownAt = Number.NEGATIVE_INFINITY;

  /** The shown frame for this animation frame: `current` itself while nothing is to change. */
  next(
    current: ShownFrame,
    t: number,
    frame: ReplayFrame | null,
    state: PlaybackState,
    now: number,
  ): ShownFrame {
    if (state === 'playing' && now - this.shownAt < SHOWN_INTERVAL_MS) return current;
    const same =
      current.t === t &&
      current.frame?.open === frame?.open &&
      current.frame?.states === frame?.states &&
      (current.frame === null) === (frame === null);
    if (same) return current;
    this.shownAt = now;
    return { t, frame };
  }
}
