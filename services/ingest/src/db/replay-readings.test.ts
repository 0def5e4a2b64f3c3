import { describe, expect, it } from 'vitest';
import { wholeHours } from './replay-readings.js';

const H = 3_600_000;
const MIN = 60_000;

describe('the whole hours of a replay window (read from readings_1h; the edges from readings_1m)', () => {
  it('are the hours wholly inside [from, to)', () => {
    expect(wholeHours(10 * H + 17 * MIN, 34 * H + 17 * MIN)).toEqual({ from: 11 * H, to: 34 * H });
    expect(wholeHours(10 * H, 34 * H)).toEqual({ from: 10 * H, to: 34 * H });
    expect(wholeHours(10 * H, 11 * H)).toEqual({ from: 10 * H, to: 11 * H });
  });

  it('are none for a window inside one hour or across one boundary only: the edges are the whole window', () => {
    expect(wholeHours(10 * H + 5 * MIN, 10 * H + 10 * MIN)).toEqual({
      from: 10 * H + 10 * MIN,
      to: 10 * H + 10 * MIN,
    });
    expect(wholeHours(10 * H + 30 * MIN, 11 * H + 30 * MIN)).toEqual({
      from: 11 * H + 30 * MIN,
      to: 11 * H + 30 * MIN,
    });
  });
});
