import { describe, expect, it } from 'vitest';
import { SharedSnapshots } from './shared-snapshots.js';

/** Reads the test ends by hand: `reads[i].end(value)` or `.fail(error)`. */
function controlledReads() {
  const reads: { end(value: number): void; fail(error: Error): void }[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      reads.push({ end: resolve, fail: reject });
    });
  return { reads, read };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('SharedSnapshots', () => {
  it('reads at once when nothing is on its way, and shares that read only with nobody who came later', async () => {
    const { reads, read } = controlledReads();
    const shared = new SharedSnapshots(read);
    const first = shared.take();
    expect(reads).toHaveLength(1);
    // These come while the first read is on its way: they share the next one, not the first.
    const second = shared.take();
    const third = shared.take();
    expect(second).toBe(third);
    expect(reads).toHaveLength(1);
    reads[0]?.end(1);
    expect(await first).toBe(1);
    await settle();
    expect(reads).toHaveLength(2); // started when the first ended
    // One more comes while the second read is on its way: it waits for a third.
    const fourth = shared.take();
    reads[1]?.end(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    await settle();
    expect(reads).toHaveLength(3);
    reads[2]?.end(3);
    expect(await fourth).toBe(3);
    await settle();
    // Nothing on its way any more: the next client reads at once.
    const fifth = shared.take();
    expect(reads).toHaveLength(4);
    reads[3]?.end(4);
    expect(await fifth).toBe(4);
  });

  it('a failed read fails only those who shared it; those waiting get a read of their own', async () => {
    const { reads, read } = controlledReads();
    const shared = new SharedSnapshots(read);
    const first = shared.take();
    const second = shared.take();
    reads[0]?.fail(new Error('the store is down'));
    await expect(first).rejects.toThrow('the store is down');
    await settle();
    expect(reads).toHaveLength(2);
    reads[1]?.end(7);
    expect(await second).toBe(7);
  });
});
