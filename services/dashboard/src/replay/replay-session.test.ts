import type { ReplaySlice } from '@twin/domain';
import { describe, expect, it } from 'vitest';
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
});
