import { describe, expect, it } from 'vitest';
import { ageReference, HISTORICAL_AFTER_MS, isHistorical } from './data-time.js';

const wall = Date.UTC(2026, 11, 1, 12, 0, 0);
const march2019 = Date.UTC(2019, 2, 2, 23, 59, 0);

describe('isHistorical', () => {
  it('calls a 2019 data set historical, whenever it was imported', () => {
    expect(isHistorical({ dataTime: march2019, storedAt: wall - 60_000 }, wall)).toBe(true);
    expect(isHistorical({ dataTime: march2019, storedAt: wall - 30 * 86_400_000 }, wall)).toBe(true);
    expect(isHistorical({ dataTime: march2019, storedAt: null }, wall)).toBe(true);
  });

  it('keeps live data live, also a little ahead of the wall clock', () => {
    expect(isHistorical({ dataTime: wall - 5_000, storedAt: wall - 4_000 }, wall)).toBe(false);
    expect(isHistorical({ dataTime: wall + 60_000, storedAt: wall }, wall)).toBe(false);
  });

  it('keeps a live feed that stopped live, so the wall counts ages on and says STALE', () => {
    const died = wall - 6 * 3_600_000;
    expect(isHistorical({ dataTime: died, storedAt: died + 200 }, wall)).toBe(false);
  });

  it('draws the line at exactly HISTORICAL_AFTER_MS behind both clocks', () => {
    const at = wall - HISTORICAL_AFTER_MS;
    expect(isHistorical({ dataTime: at, storedAt: null }, wall)).toBe(false);
    expect(isHistorical({ dataTime: at - 1, storedAt: null }, wall)).toBe(true);
    expect(isHistorical({ dataTime: at - 1, storedAt: at - 1 + HISTORICAL_AFTER_MS }, wall)).toBe(false);
    expect(isHistorical({ dataTime: at - 1, storedAt: at + HISTORICAL_AFTER_MS }, wall)).toBe(true);
  });

  it('has nothing to call historical in an empty store', () => {
    expect(isHistorical({ dataTime: null, storedAt: null }, wall)).toBe(false);
  });
});

describe('ageReference', () => {
  it("measures against the data's time when historical, else the wall clock", () => {
    expect(ageReference({ dataTime: march2019, historical: true }, wall)).toBe(march2019);
    expect(ageReference({ dataTime: wall - 1000, historical: false }, wall)).toBe(wall);
    expect(ageReference(undefined, wall)).toBe(wall);
    expect(ageReference(null, wall)).toBe(wall);
  });
});
