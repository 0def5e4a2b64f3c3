import type { ReplaySlice } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import type { ReadingColumns } from './reading-cursor.js';
import { ReplaySession } from './replay-session.js';

const H = 3_600_000;
const EMPTY_READINGS: ReadingColumns = {
  length: 0,
  sensorNames: [],
  sensorCodes: new Int32Array(0),
  metricNames: [],
  metricCodes: new Int32Array(0),
  ts: new Float64Array(0),
  value: new Float64Array(0),
  bucketMs: 60_000,
};

/** Fetchers whose answers the test releases one by one, in any order. */
function deferredFetchers() {
  const pending: { from: number; resolve: () => void }[] = [];
  return {
    pending,
    fetchers: {
      slice: (from: number, to: number) =>
        new Promise<ReplaySlice>((resolve) =>
          pending.push({
            from,
            resolve: () => resolve({ from, to, bucketMs: 60_000, incidents: [], events: [] }),
          }),
        ),
      readings: async () => EMPTY_READINGS,
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('replay session', () => {
  it('adds slices to the index in order, whatever order they arrive in, and moves the loaded edge', async () => {
    const { pending, fetchers } = deferredFetchers();
    const session = new ReplaySession(0, 3 * H, { speed: 60 }, fetchers);
    session.pump(0);
    expect(pending.map((p) => p.from)).toEqual([0, 5 * 60_000]);
    // The second slice answers first: it waits for the first.
    pending[1]?.resolve();
    await flush();
    expect(session.loaded).toBe(0);
    expect(session.clock.frameReady).toBe(true);
    session.clock.seek(60_000);
    expect(session.clock.frameReady).toBe(false);
    pending[0]?.resolve();
    await flush();
    expect(session.loaded).toBe(2);
    expect(session.loadedTo).toBe(H);
    expect(session.clock.frameReady).toBe(true);
    expect(session.index.to).toBe(H);
    expect(session.chunkAt(60_000)).not.toBeNull();
    expect(session.chunkAt(2 * H)).toBeNull();
  });

  it('lets the incidents play without waiting for the sensors, attaching readings when they come', async () => {
    let release: (() => void) | null = null;
    const session = new ReplaySession(
      0,
      H,
      {},
      {
        slice: async (from, to) => ({ from, to, bucketMs: 60_000, incidents: [], events: [] }),
        readings: () =>
          new Promise<ReadingColumns>((resolve) => {
            release ??= () => resolve(EMPTY_READINGS);
          }),
      },
    );
    session.pump(0);
    await flush();
    expect(session.loaded).toBe(2);
    expect(session.chunkAt(0)).toBeNull();
    (release as (() => void) | null)?.();
    await flush();
    expect(session.chunkAt(0)).not.toBeNull();
  });

  it('fetches a day of readings as the first slice, then one request for the rest, shared by its slices', async () => {
    const asked: [number, number, number][] = [];
    const session = new ReplaySession(
      0,
      24 * H,
      { speed: 3600 },
      {
        slice: async (from, to) => ({ from, to, bucketMs: H, incidents: [], events: [] }),
        readings: async (from, to, bucketMs) => {
          asked.push([from, to, bucketMs]);
          return { ...EMPTY_READINGS, bucketMs, from };
        },
      },
    );
    session.clock.seek(24 * H);
    for (let round = 0; round < 30 && !session.complete; round++) {
      session.pump(0);
      await flush();
    }
    expect(session.complete).toBe(true);
    expect(asked).toEqual([
      [0, 5 * 60_000, H],
      [5 * 60_000, 24 * H, H],
    ]);
    expect(session.chunkAt(60_000)?.to).toBe(5 * 60_000);
    const rest = session.chunkAt(2 * H);
    expect(rest).toMatchObject({ from: 5 * 60_000, to: 24 * H });
    // One chunk for every slice of the span: the frame keeps its cursor across the hours.
    expect(session.chunkAt(23 * H)).toBe(rest);
  });

  it('stops fetching once disposed', async () => {
    const { pending, fetchers } = deferredFetchers();
    const session = new ReplaySession(0, H, {}, fetchers);
    session.dispose();
    session.pump(0);
    expect(pending).toHaveLength(0);
  });

  it('tries failed readings again on the schedule, holds playing at them, and clears the problem once in', async () => {
    let wall = 10_000;
    const asked: number[] = [];
    let failures = 2;
    const session = new ReplaySession(
      0,
      H,
      { speed: 60, now: () => wall, random: () => 0.5 },
      {
        slice: async (from, to) => ({ from, to, bucketMs: 60_000, incidents: [], events: [] }),
        readings: async (from) => {
          asked.push(wall);
          if (from === 0 && failures-- > 0)
            throw new ApiError(503, 'Service Unavailable', 'the database is reconnecting');
          return EMPTY_READINGS;
        },
      },
    );
    session.pump(wall);
    await flush();
    expect(session.loaded).toBe(2);
    expect(session.problems).toEqual([
      {
        part: 'sensors',
        from: 0,
        to: 5 * 60_000,
        reason: 'the server answered 503: the database is reconnecting',
        failures: 1,
        retryAt: 11_000,
      },
    ]);
    // Playing waits at the start of the missing span, though the incidents are loaded well past it.
    session.clock.play(0);
    session.clock.tick(5_000);
    expect(session.clock.playhead).toBe(0);
    expect(session.clock.state()).toBe('waiting');
    // Not before its time, however often the animation loop pumps.
    // The first span and the rest: asked once each so far.
    expect(asked).toHaveLength(2);
    for (wall = 10_000; wall < 11_000; wall += 100) session.pump(wall);
    await flush();
    expect(asked).toHaveLength(2);
    session.pump(11_000);
    await flush();
    expect(asked).toHaveLength(3);
    expect(session.problems[0]).toMatchObject({ failures: 2, retryAt: 13_000 });
    wall = 13_000;
    session.pump(wall);
    await flush();
    expect(session.problems).toEqual([]);
    expect(session.chunkAt(0)).not.toBeNull();
    session.pump(wall);
    session.clock.tick(6_000);
    expect(session.clock.state()).toBe('playing');
    expect(session.clock.playhead).toBeGreaterThan(0);
  });

  it("asks for a failed slice again, honouring the server's Retry-After, and only for it", async () => {
    let wall = 0;
    const asked: number[] = [];
    let failures = 1;
    const session = new ReplaySession(
      0,
      3 * H,
      { speed: 60, now: () => wall, random: () => 0.5 },
      {
        slice: async (from, to) => {
          asked.push(from);
          if (from === 0 && failures-- > 0) throw new ApiError(429, 'too_many', 'slow down', 7_000);
          return { from, to, bucketMs: 60_000, incidents: [], events: [] };
        },
        readings: async () => EMPTY_READINGS,
      },
    );
    session.pump(wall);
    await flush();
    expect(session.loaded).toBe(0);
    expect(session.problems).toMatchObject([{ part: 'incidents', from: 0, retryAt: 7_000 }]);
    for (wall = 0; wall < 7_000; wall += 500) session.pump(wall);
    await flush();
    // The slice after it arrived and waits; neither is asked for twice before the retry is due.
    expect(asked).toEqual([0, 5 * 60_000]);
    session.pump(7_000);
    await flush();
    expect(asked).toEqual([0, 5 * 60_000, 0]);
    expect(session.loaded).toBe(2);
    expect(session.problems).toEqual([]);
  });

  it('does not retry a request the server refused, shows its message, and does not hold playing', async () => {
    let wall = 0;
    let asked = 0;
    const session = new ReplaySession(
      0,
      H,
      { now: () => wall },
      {
        slice: async (from, to) => ({ from, to, bucketMs: 60_000, incidents: [], events: [] }),
        readings: async () => {
          asked++;
          throw new ApiError(403, 'Forbidden', 'analysts of police may not read these sensors');
        },
      },
    );
    session.pump(wall);
    await flush();
    const refused = {
      part: 'sensors',
      reason: 'analysts of police may not read these sensors',
      retryAt: null,
    };
    // Both readings requests of the hour (the first slice's and the rest's).
    expect(session.problems).toMatchObject([refused, refused]);
    for (wall = 0; wall < 600_000; wall += 10_000) session.pump(wall);
    session.retryNow();
    await flush();
    expect(asked).toBe(2);
    session.clock.play(0);
    session.clock.tick(1_000);
    expect(session.clock.state()).toBe('playing');
  });

  it('"Retry now" asks at once, and a disposed session (another window, the view left) asks nothing more', async () => {
    const wall = 0;
    let asked = 0;
    // A window of one slice: one request.
    const session = new ReplaySession(
      0,
      5 * 60_000,
      { now: () => wall },
      {
        slice: async () => {
          asked++;
          throw new ApiError(0, 'unreachable', 'Cannot reach the server');
        },
        readings: async () => EMPTY_READINGS,
      },
    );
    session.pump(wall);
    await flush();
    expect(asked).toBe(1);
    expect(session.problems[0]?.reason).toBe('Cannot reach the server');
    session.retryNow();
    await flush();
    expect(asked).toBe(2);
    expect(session.problems[0]?.failures).toBe(2);
    session.dispose();
    session.retryNow();
    session.pump(3_600_000);
    await flush();
    expect(asked).toBe(2);
  });
});
