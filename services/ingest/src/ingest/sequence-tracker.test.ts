import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_GAP, SequenceTracker } from './sequence-tracker.js';

describe('SequenceTracker', () => {
  it('counts nothing for the first seq of a sensor', () => {
    const t = new SequenceTracker();
    expect(t.observe('s1', 500).gap).toBe(0);
  });

  it('counts nothing for consecutive seqs', () => {
    const t = new SequenceTracker();
    expect([0, 1, 2, 3].map((s) => t.observe('s1', s).gap)).toEqual([0, 0, 0, 0]);
  });

  it('counts forward gaps', () => {
    const t = new SequenceTracker();
    t.observe('s1', 10);
    expect(t.observe('s1', 13).gap).toBe(2);
    expect(t.observe('s1', 14).gap).toBe(0);
    expect(t.observe('s1', 114).gap).toBe(99);
  });

  it('takes a gap back when the late seqs arrive, and they do not move the high-water mark', () => {
    const t = new SequenceTracker();
    t.observe('s1', 10);
    expect(t.observe('s1', 13).gap).toBe(2);
    expect(t.observe('s1', 13).gap).toBe(0);
    expect(t.observe('s1', 11).gap).toBe(-1);
    expect(t.observe('s1', 12).gap).toBe(-1);
    expect(t.observe('s1', 14).gap).toBe(0);
  });

  it('does not take back what was never counted: seqs below where counting started', () => {
    const t = new SequenceTracker();
    t.observe('s1', 10);
    expect(t.observe('s1', 9).gap).toBe(0);
    expect(t.observe('s1', 10).gap).toBe(0);
  });

  it('starts from the stored states and reports the changed ones', () => {
    const t = new SequenceTracker(new Map([['s1', { first: 1, last: 5 }]]));
    expect(t.observe('s1', 8).gap).toBe(2);
    expect(t.observe('s1', 6).gap).toBe(-1);
    expect(t.changed.get('s1')).toEqual({ first: 1, last: 8 });
  });

  it('treats a big backwards jump as a device restart and counts from there', () => {
    const t = new SequenceTracker();
    t.observe('s1', 50_000);
    expect(t.observe('s1', 0).gap).toBe(0);
    expect(t.observe('s1', 1).gap).toBe(0);
    expect(t.observe('s1', 5).gap).toBe(3);
  });

  it('treats a backwards jump of 1000 or less as late messages, not a restart', () => {
    const t = new SequenceTracker();
    t.observe('s1', 2000);
    expect(t.observe('s1', 1000).gap).toBe(0); // below where counting started: never counted
    expect(t.observe('s1', 2001).gap).toBe(0);
    expect(t.observe('s1', 2003).gap).toBe(1);
  });

  it('tracks sensors independently', () => {
    const t = new SequenceTracker();
    t.observe('a', 1);
    t.observe('b', 100);
    expect(t.observe('a', 3).gap).toBe(1);
    expect(t.observe('b', 101).gap).toBe(0);
  });
});

describe('SequenceTracker restarts at zero', () => {
  it('treats seq 0 as a restart and counts gaps after it from zero', () => {
    const t = new SequenceTracker();
    expect(t.observe('s', 500).gap).toBe(0);
    expect(t.observe('s', 501).gap).toBe(0);
    expect(t.observe('s', 0).gap).toBe(0);
    expect(t.observe('s', 3).gap).toBe(2);
  });
});

describe('SequenceTracker bounds', () => {
  it('counts a jump beyond MAX_COUNTED_GAP as a reset, not as lost readings', () => {
    const t = new SequenceTracker();
    t.observe('s', 1);
    expect(t.observe('s', 1e15)).toEqual({ gap: 0, reset: true });
    expect(t.observe('s', 1e15 + 3)).toEqual({ gap: 2, reset: false });
    t.observe('q', 1);
    expect(t.observe('q', 2 + MAX_COUNTED_GAP)).toEqual({ gap: MAX_COUNTED_GAP, reset: false });
  });

  it('reports a restart at zero or a big backwards jump as a reset', () => {
    const t = new SequenceTracker();
    t.observe('s', 5000);
    expect(t.observe('s', 0)).toEqual({ gap: 0, reset: true });
    expect(t.observe('s', 0)).toEqual({ gap: 0, reset: false });
  });
});
