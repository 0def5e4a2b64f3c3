import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('counts nothing for the first seq of a sensor', () => {
    const t = new SequenceTracker();
    expect(t.observe('s1', 500)).toBe(0);
  });

  it('counts nothing for consecutive seqs', () => {
    const t = new SequenceTracker();
    expect([0, 1, 2, 3].map((s) => t.observe('s1', s))).toEqual([0, 0, 0, 0]);
  });

  it('counts forward gaps', () => {
    const t = new SequenceTracker();
    t.observe('s1', 10);
    expect(t.observe('s1', 13)).toBe(2);
    expect(t.observe('s1', 14)).toBe(0);
    expect(t.observe('s1', 114)).toBe(99);
  });

  it('does not count duplicates or older (late) seqs, and they do not move the high-water mark', () => {
    const t = new SequenceTracker();
    t.observe('s1', 10);
    t.observe('s1', 13);
    expect(t.observe('s1', 13)).toBe(0);
    expect(t.observe('s1', 11)).toBe(0);
    expect(t.observe('s1', 12)).toBe(0);
    expect(t.observe('s1', 14)).toBe(0);
  });

  it('treats a big backwards jump as a device restart and counts from there', () => {
    const t = new SequenceTracker();
    t.observe('s1', 50_000);
    expect(t.observe('s1', 0)).toBe(0);
    expect(t.observe('s1', 1)).toBe(0);
    expect(t.observe('s1', 5)).toBe(3);
  });

  it('treats a backwards jump of 1000 or less as late messages, not a restart', () => {
    const t = new SequenceTracker();
    t.observe('s1', 2000);
    expect(t.observe('s1', 1000)).toBe(0);
    expect(t.observe('s1', 2001)).toBe(0);
    expect(t.observe('s1', 2003)).toBe(1);
  });

  it('tracks sensors independently', () => {
    const t = new SequenceTracker();
    t.observe('a', 1);
    t.observe('b', 100);
    expect(t.observe('a', 3)).toBe(1);
    expect(t.observe('b', 101)).toBe(0);
  });
});

describe('SequenceTracker restarts at zero', () => {
  it('treats seq 0 as a restart and counts gaps after it from zero', () => {
    const t = new SequenceTracker();
    expect(t.observe('s', 500)).toBe(0);
    expect(t.observe('s', 501)).toBe(0);
    expect(t.observe('s', 0)).toBe(0);
    expect(t.observe('s', 3)).toBe(2);
  });
});
