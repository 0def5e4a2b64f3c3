import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { useWallStore } from './wall-store.js';

describe('the wall store', () => {
  it('keeps the same flashes object while nothing starts or stops flashing (the map re-renders on it)', () => {
    const store = useWallStore.getState();
    store.baseline([incident({ incidentId: 'w1', severity: 2, updatedAt: 1_000, eventCount: 1 })]);
    const before = useWallStore.getState().flashes;
    store.apply([incident({ incidentId: 'w1', severity: 3, updatedAt: 2_000, eventCount: 2 })], 2_000);
    expect(useWallStore.getState().entries.length).toBeGreaterThan(0);
    expect(useWallStore.getState().flashes).toBe(before);
    // A new critical incident flashes: a new object with it.
    store.apply([incident({ incidentId: 'w2', severity: 5, updatedAt: 3_000 })], 3_000);
    expect(Object.keys(useWallStore.getState().flashes)).toEqual(['w2']);
    expect(useWallStore.getState().flashes).not.toBe(before);
  });
});
