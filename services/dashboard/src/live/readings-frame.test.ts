import type { ReadingDelta } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { FrameNames, frameBuffers, ReadingsEncoder, type ReadingsFrame } from './readings-frame.js';

/** The frame's readings back as objects, through the names, to compare with what was encoded. */
function readBack(frame: ReadingsFrame, names: FrameNames): ReadingDelta[] {
  const out: ReadingDelta[] = [];
  for (let i = 0; i < frame.count; i++) {
    const values: ReadingDelta['values'] = {};
    for (let v = frame.valueStart[i] as number; v < (frame.valueStart[i + 1] as number); v++)
      values[names.metrics[frame.metric[v] as number] as string] = {
        value: frame.value[v] as number,
        ts: frame.ts[v] as number,
      };
    out.push({
      sensorId: names.ids[frame.sensor[i] as number] as string,
      lastSeen: frame.lastSeen[i] as number,
      values,
    });
  }
  return out;
}

const first: ReadingDelta[] = [
  {
    sensorId: 'air-1',
    lastSeen: 1_000,
    values: { no2: { value: 31.5, ts: 1_000 }, pm25: { value: 8, ts: 990 } },
  },
  { sensorId: 'noise-2', lastSeen: 1_200, values: { laeq: { value: 61, ts: 1_200 } } },
];
const second: ReadingDelta[] = [
  { sensorId: 'noise-2', lastSeen: 2_200, values: { laeq: { value: 64, ts: 2_200 } } },
  { sensorId: 'air-3', lastSeen: 2_100, values: { no2: { value: 12, ts: 2_100 } } },
  { sensorId: 'air-1', lastSeen: 2_000, values: {} },
];

describe('ReadingsEncoder and FrameNames', () => {
  it('gives back the same readings, sending each id and metric name once, with the first frame using it', () => {
    const encoder = new ReadingsEncoder();
    const names = new FrameNames();
    const a = encoder.encode(first);
    names.take(a);
    expect(readBack(a, names)).toEqual(first);
    expect(a.newIds).toEqual(['air-1', 'noise-2']);
    expect(a.newMetrics).toEqual(['no2', 'pm25', 'laeq']);
    const b = encoder.encode(second);
    names.take(b);
    expect(b.newIds).toEqual(['air-3']);
    expect(b.newMetrics).toEqual([]);
    expect(readBack(b, names)).toEqual(second);
  });

  it('skips readings and values that are not what the protocol says, instead of drawing NaN', () => {
    const encoder = new ReadingsEncoder();
    const names = new FrameNames();
    const frame = encoder.encode([
      { sensorId: 7, lastSeen: 1, values: {} },
      null,
      { sensorId: 'ok', lastSeen: 'soon', values: {} },
      {
        sensorId: 'air-1',
        lastSeen: 5,
        values: { no2: { value: 'high', ts: 5 }, pm25: { value: 4, ts: 5 }, o3: null },
      },
    ] as unknown as ReadingDelta[]);
    names.take(frame);
    expect(readBack(frame, names)).toEqual([
      { sensorId: 'air-1', lastSeen: 5, values: { pm25: { value: 4, ts: 5 } } },
    ]);
  });

  it('refuses a frame taken out of order, whose numbers would name the wrong sensors', () => {
    const encoder = new ReadingsEncoder();
    const names = new FrameNames();
    encoder.encode(first);
    const b = encoder.encode(second);
    expect(() => names.take(b)).toThrow(/out of order/);
  });

  it('crosses a thread boundary by transfer: the sender keeps empty buffers, the receiver the same readings', () => {
    const encoder = new ReadingsEncoder();
    const frame = encoder.encode(first);
    const moved = structuredClone(frame, { transfer: frameBuffers(frame) });
    expect(frame.sensor.byteLength).toBe(0);
    expect(frame.value.byteLength).toBe(0);
    const names = new FrameNames();
    names.take(moved);
    expect(readBack(moved, names)).toEqual(first);
  });
});
