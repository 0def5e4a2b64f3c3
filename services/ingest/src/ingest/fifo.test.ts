import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('gives items back in the order they came, across compactions', () => {
    const q = new Fifo<number>();
    const out: number[] = [];
    let next = 0;
    // Interleave pushes and shifts so the front is taken many times over the compaction threshold.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) q.push(next++);
      for (let i = 0; i < 250; i++) out.push(q.shift()!);
    }
    while (q.length > 0) out.push(q.shift()!);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });

  it('peeks without taking, counts, and drains', () => {
    const q = new Fifo<string>();
    q.push('a');
    q.push('b');
    expect(q.peek()).toBe('a');
    expect(q.length).toBe(2);
    expect(q.shift()).toBe('a');
    q.push('c');
    expect(q.drain()).toEqual(['b', 'c']);
    expect(q.length).toBe(0);
  });

  it('takes 200,000 items from the front in linear time (a shift-based queue is quadratic)', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 200_000; i++) q.push(i);
    let sum = 0;
    while (q.length > 0) sum += q.shift()!;
    expect(sum).toBe((199_999 * 200_000) / 2);
  });
});
