import { describe, expect, it } from 'vitest';
import { mapWindowAround, windowHolds } from './map-window.js';

const MIN = 60_000;

describe("the map's stretch of replay time", () => {
  it('lasts a few seconds of playing at the speed, within bounds, and keeps a little behind the playhead', () => {
    const t = Date.UTC(2020, 3, 7, 17);
    const at600 = mapWindowAround(t, 600);
    // 8 s at 600× is 80 minutes of data, an eighth of it behind the playhead.
    expect(at600.to - at600.from).toBe(80 * MIN);
    expect(t - at600.from).toBe(10 * MIN);
    expect(windowHolds(at600, t)).toBe(true);
    expect(windowHolds(at600, at600.to)).toBe(false);
    expect(windowHolds(at600, at600.from - 1)).toBe(false);
    // Slow playback still covers ten minutes; the fastest no more than four hours.
    const at1 = mapWindowAround(t, 1);
    expect(at1.to - at1.from).toBe(10 * MIN);
    const at3600 = mapWindowAround(t, 3600);
    expect(at3600.to - at3600.from).toBe(240 * MIN);
  });
});
