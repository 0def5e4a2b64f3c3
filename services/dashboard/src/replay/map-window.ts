/**
 * The stretch of replay time the map's spans cover (incident-spans.ts, unit-chip-spans.ts). The map draws
 * every span it holds at every frame, the GPU hiding those that do not hold the playhead: spans for the
 * whole window would be tens of thousands of markers drawn each frame in software on a machine without a
 * GPU. So they cover a stretch around the playhead — a few seconds of playing at the speed it plays at —
 * and are made again when the playhead leaves it.
 */
import type { TimeWindow } from './incident-spans.js';

/** Seconds of wall time a stretch lasts while playing. */
const PLAYING_SECONDS = 8;
const MIN_MS = 10 * 60_000;
const MAX_MS = 4 * 3_600_000;
/** The share of a stretch kept behind the playhead, so stepping back a little needs no new spans. */
const BEHIND = 1 / 8;

/** The stretch to draw around playhead t at `speed` (data ms per wall ms). */
export function mapWindowAround(t: number, speed: number): TimeWindow {
  const length = Math.min(MAX_MS, Math.max(MIN_MS, Math.abs(speed) * PLAYING_SECONDS * 1000));
  const from = t - length * BEHIND;
  return { from, to: from + length };
}

export function windowHolds(window: TimeWindow, t: number): boolean {
  return window.from <= t && t < window.to;
}
