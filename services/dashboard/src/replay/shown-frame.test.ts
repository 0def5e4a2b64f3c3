import { describe, expect, it } from 'vitest';
import type { ReplayFrame } from './frame.js';
import { NOTHING_SHOWN } from './replay-store.js';
import { SHOWN_INTERVAL_MS, ShownFollower } from './shown-frame.js';

const frame = (t: number, open: ReplayFrame['open'] = []): ReplayFrame => ({
  t,
  open,
  states: [],
});

describe("the replay panel's shown frame", () => {
  it('follows the playhead at most every interval while playing, and at once when playing stops', () => {
    const follower = new ShownFollower();
    const f = frame(0);
    let shown = follower.next(NOTHING_SHOWN, 1000, f, 'playing', 0);
    expect(shown).toEqual({ t: 1000, frame: f });
    // Within the interval the panel keeps what it shows, however far the playhead moved.
    const kept = follower.next(shown, 600_000, frame(600_000), 'playing', SHOWN_INTERVAL_MS - 1);
    expect(kept).toBe(shown);
    shown = follower.next(shown, 700_000, f, 'playing', SHOWN_INTERVAL_MS);
    expect(shown.t).toBe(700_000);
    // Paused (or stepped, waiting, ended): at once, whatever the interval.
    const paused = follower.next(shown, 710_000, f, 'paused', SHOWN_INTERVAL_MS + 1);
    expect(paused.t).toBe(710_000);
    for (const state of ['waiting', 'ended'] as const)
      expect(follower.next(paused, 720_000, f, state, SHOWN_INTERVAL_MS + 2).t).toBe(720_000);
  });

  it('keeps the same object while nothing it shows changed', () => {
    const follower = new ShownFollower();
    const f = frame(5);
    const shown = follower.next(NOTHING_SHOWN, 5, f, 'paused', 0);
    expect(follower.next(shown, 5, { ...f }, 'paused', 10_000)).toBe(shown);
    expect(follower.next(shown, 5, frame(5, [...f.open]), 'paused', 10_000)).not.toBe(shown);
    expect(follower.next(shown, 5, null, 'paused', 10_000)).toEqual({ t: 5, frame: null });
  });
});
