import { describe, expect, it } from 'vitest';
import { openDuring } from './incident-window.js';

const h = 3_600_000;
const window = { from: 10 * h, to: 12 * h };

describe('openDuring', () => {
  it('holds an incident open through the whole window without a change', () => {
    expect(openDuring({ openedAt: 2 * h, resolvedAt: null }, window)).toBe(true);
    expect(openDuring({ openedAt: 2 * h, resolvedAt: 20 * h }, window)).toBe(true);
  });

  it('holds incidents opened or resolved inside the window', () => {
    expect(openDuring({ openedAt: 11 * h, resolvedAt: null }, window)).toBe(true);
    expect(openDuring({ openedAt: 2 * h, resolvedAt: 11 * h }, window)).toBe(true);
    expect(openDuring({ openedAt: 10.5 * h, resolvedAt: 11 * h }, window)).toBe(true);
  });

  it('includes both ends', () => {
    expect(openDuring({ openedAt: 12 * h, resolvedAt: null }, window)).toBe(true);
    expect(openDuring({ openedAt: 2 * h, resolvedAt: 10 * h }, window)).toBe(true);
  });

  it('leaves out incidents resolved before the window or opened after it', () => {
    expect(openDuring({ openedAt: 2 * h, resolvedAt: 10 * h - 1 }, window)).toBe(false);
    expect(openDuring({ openedAt: 12 * h + 1, resolvedAt: null }, window)).toBe(false);
  });

  it('treats a missing end as unbounded', () => {
    expect(openDuring({ openedAt: 99 * h, resolvedAt: null }, { from: 10 * h })).toBe(true);
    expect(openDuring({ openedAt: 0, resolvedAt: 1 }, { to: 12 * h })).toBe(true);
    expect(openDuring({ openedAt: 0, resolvedAt: 1 }, { from: 2 })).toBe(false);
    expect(openDuring({ openedAt: 0, resolvedAt: 1 }, {})).toBe(true);
  });
});
