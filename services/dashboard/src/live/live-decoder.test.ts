import { describe, expect, it } from 'vitest';
import { type DecodedLive, decodeLive } from './live-decode.js';
import { InThreadDecoder, type LiveUpdate, WorkerDecoder, type WorkerLike } from './live-decoder.js';
import { frameBuffers, ReadingsEncoder } from './readings-frame.js';

const changes = (seq: number, readings: unknown[]) =>
  JSON.stringify({ v: 2, type: 'changes', at: seq, seq, readings });
const reading = (sensorId: string, value: number) => ({
  sensorId,
  lastSeen: value,
  values: { no2: { value, ts: value } },
});

/**
 * The worker's side run by hand: decodes with its own encoder (as live-decode.worker.ts does) and answers
 * through a structured clone with the frame's buffers transferred, when `answer` is called.
 */
class HandWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly inbox: string[] = [];
  terminated = false;
  private readonly encoder = new ReadingsEncoder();

  postMessage(message: unknown): void {
    this.inbox.push(message as string);
  }

  terminate(): void {
    this.terminated = true;
  }

  answer(): void {
    const decoded: DecodedLive | null = decodeLive(this.inbox.shift() as string, this.encoder);
    const moved = structuredClone(decoded, {
      transfer: decoded?.readings ? frameBuffers(decoded.readings) : [],
    });
    this.onmessage?.({ data: moved });
  }
}

/** What the dashboard would apply: the message's seq and its readings as sensor → value. */
function applied(update: LiveUpdate | null): { seq: number; values: Record<string, number> } | null {
  if (!update) return null;
  const values: Record<string, number> = {};
  const r = update.readings;
  if (r)
    for (let i = 0; i < r.frame.count; i++)
      values[r.names.ids[r.frame.sensor[i] as number] as string] = r.frame.value[i] as number;
  return { seq: update.message.seq, values };
}

describe('WorkerDecoder', () => {
  it('answers each text once, in order, with readings apart from the message and names carried over', () => {
    const worker = new HandWorker();
    const decoder = new WorkerDecoder(worker);
    const got: unknown[] = [];
    decoder.decode(changes(1, [reading('a', 1), reading('b', 2)]), (u) => got.push(applied(u)));
    decoder.decode('not json', (u) => got.push(applied(u)));
    decoder.decode(changes(2, [reading('b', 3), reading('c', 4)]), (u) => got.push(applied(u)));
    expect(got).toEqual([]);
    worker.answer();
    worker.answer();
    worker.answer();
    expect(got).toEqual([{ seq: 1, values: { a: 1, b: 2 } }, null, { seq: 2, values: { b: 3, c: 4 } }]);
  });

  it('leaves the readings out of the message itself and passes other messages whole', () => {
    const worker = new HandWorker();
    const decoder = new WorkerDecoder(worker);
    const got: (LiveUpdate | null)[] = [];
    decoder.decode(changes(3, [reading('a', 1)]), (u) => got.push(u));
    decoder.decode(JSON.stringify({ v: 2, type: 'resumed', at: 4, seq: 4 }), (u) => got.push(u));
    worker.answer();
    worker.answer();
    expect(got[0]?.message).toEqual({ v: 2, type: 'changes', at: 3, seq: 3 });
    expect(got[1]).toEqual({ message: { v: 2, type: 'resumed', at: 4, seq: 4 }, readings: null });
  });

  it('decodes on the page when the worker fails, what it had not answered first, in order', () => {
    const worker = new HandWorker();
    const decoder = new WorkerDecoder(worker);
    const got: unknown[] = [];
    decoder.decode(changes(1, [reading('a', 1)]), (u) => got.push(applied(u)));
    decoder.decode(changes(2, [reading('b', 2)]), (u) => got.push(applied(u)));
    worker.answer();
    worker.onerror?.(new Error('worker script failed to load'));
    expect(worker.terminated).toBe(true);
    decoder.decode(changes(3, [reading('a', 3)]), (u) => got.push(applied(u)));
    expect(got).toEqual([
      { seq: 1, values: { a: 1 } },
      { seq: 2, values: { b: 2 } },
      { seq: 3, values: { a: 3 } },
    ]);
  });
});

describe('InThreadDecoder', () => {
  it('answers at once, with the same shape as the worker', () => {
    const decoder = new InThreadDecoder();
    const got: unknown[] = [];
    decoder.decode(changes(5, [reading('x', 9)]), (u) => got.push(applied(u)));
    decoder.decode('{"v":1,"type":"changes","seq":1}', (u) => got.push(applied(u)));
    expect(got).toEqual([{ seq: 5, values: { x: 9 } }, null]);
  });
});
