import { describe, expect, it } from 'vitest';
import { TimeSlicedQueue } from './time-sliced-queue.js';

/** A queue whose clock advances `msPerItem` per applied item and whose later tasks run when the test says. */
function harness(msPerItem: number, budgetMs = 8, sliceItems = 10) {
  let clock = 0;
  const applied: number[][] = [];
  const tasks: (() => void)[] = [];
  const sliceMs: number[] = [];
  const queue = new TimeSlicedQueue<number>({
    apply: (items) => {
      applied.push([...items]);
      clock += items.length * msPerItem;
    },
    budgetMs,
    sliceItems,
    schedule: (task) => tasks.push(task),
    now: () => clock,
    measure: (run) => {
      const start = clock;
      run();
      sliceMs.push(clock - start);
    },
  });
  const runTask = () => tasks.shift()?.();
  return { queue, applied, tasks, runTask, sliceMs, elapsed: () => clock };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('TimeSlicedQueue', () => {
  it('applies a small batch at once, in one call, without a later task', () => {
    const h = harness(0.01);
    h.queue.push([1, 2, 3]);
    expect(h.applied).toEqual([[1, 2, 3]]);
    expect(h.tasks).toHaveLength(0);
    expect(h.queue.pending).toBe(0);
  });

  it('spreads a burst over tasks of at most the budget (plus one slice), in arrival order', () => {
    // 1,000 items at 0.1 ms each = 100 ms of work; 8 ms budget, 10 items (1 ms) per slice.
    const h = harness(0.1);
    h.queue.push(range(0, 600));
    h.queue.push(range(600, 400));
    const firstTask = h.elapsed();
    expect(firstTask).toBeLessThanOrEqual(8 + 1);
    expect(h.queue.pending).toBe(1000 - h.applied.flat().length);
    while (h.tasks.length > 0) h.runTask();
    expect(h.applied.flat()).toEqual(range(0, 1000));
    expect(h.queue.pending).toBe(0);
    // Every later task stayed within the budget plus one slice; there were enough of them to hold the work.
    expect(Math.max(...h.sliceMs)).toBeLessThanOrEqual(8 + 1 + 1e-9);
    expect(h.sliceMs.length).toBeGreaterThanOrEqual(Math.ceil((100 - firstTask) / 9));
  });

  it('keeps one later task scheduled however many batches arrive meanwhile', () => {
    const h = harness(1);
    h.queue.push(range(0, 100));
    h.queue.push(range(100, 100));
    h.queue.push(range(200, 100));
    expect(h.tasks).toHaveLength(1);
    while (h.tasks.length > 0) h.runTask();
    expect(h.applied.flat()).toEqual(range(0, 300));
  });

  it('drops what waits on clear, and starts afresh with the next batch', () => {
    const h = harness(1);
    h.queue.push(range(0, 100));
    const done = h.applied.flat().length;
    expect(done).toBeLessThan(100);
    h.queue.clear();
    expect(h.queue.pending).toBe(0);
    h.runTask();
    expect(h.applied.flat()).toHaveLength(done);
    h.queue.push([500]);
    while (h.tasks.length > 0) h.runTask();
    expect(h.applied.flat().at(-1)).toBe(500);
  });
});
