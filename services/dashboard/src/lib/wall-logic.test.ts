import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { openByDistrict, sameShades, shadeColor, shadeLegend, shadeStep } from './district-shade.js';
import { rowsThatFit } from './fit-rows.js';

describe('rowsThatFit', () => {
  it('shows every row when all fit, with no "+N more" line', () => {
    expect(rowsThatFit({ available: 500, rowHeight: 50, moreHeight: 30, total: 10 })).toBe(10);
  });

  it('keeps room for the "+N more" line and never shows a part of a row', () => {
    // 9 rows would fit alone (450 px) but not with the line under them: 8 whole rows + the line.
    expect(rowsThatFit({ available: 470, rowHeight: 50, moreHeight: 30, total: 12 })).toBe(8);
    expect(rowsThatFit({ available: 449, rowHeight: 50, moreHeight: 0, total: 12 })).toBe(8);
  });

  it('tolerates sub-pixel rounding and nothing to show', () => {
    expect(rowsThatFit({ available: 499.6, rowHeight: 50, moreHeight: 30, total: 10 })).toBe(10);
    expect(rowsThatFit({ available: 0, rowHeight: 50, moreHeight: 30, total: 10 })).toBe(0);
    expect(rowsThatFit({ available: 20, rowHeight: 50, moreHeight: 30, total: 10 })).toBe(0);
    expect(rowsThatFit({ available: 500, rowHeight: 50, moreHeight: 30, total: 0 })).toBe(0);
  });
});

describe('district shading', () => {
  it('counts open incidents per district, not closed ones nor those outside the city', () => {
    const counts = openByDistrict([
      incident({ incidentId: 'a', district: 'Mission' }),
      incident({ incidentId: 'b', district: 'Mission' }),
      incident({ incidentId: 'c', district: 'Mission', status: 'closed' }),
      incident({ incidentId: 'd', district: null, outsideCity: true }),
    ]);
    expect([...counts]).toEqual([['Mission', 2]]);
  });

  it('tells counts that shade every district alike from counts that do not', () => {
    const counts = (entries: [string, number][]) => new Map(entries);
    expect(sameShades(counts([['A', 2]]), counts([['A', 3]]))).toBe(true);
    expect(sameShades(counts([['A', 3]]), counts([['A', 4]]))).toBe(false);
    expect(sameShades(counts([['A', 1]]), counts([]))).toBe(false);
    expect(sameShades(counts([]), counts([['B', 1]]))).toBe(false);
    expect(sameShades(counts([['A', 0]]), counts([]))).toBe(true);
    expect(sameShades(null, null)).toBe(true);
    expect(sameShades(null, counts([]))).toBe(false);
  });

  it('puts counts in steps a viewer can tell apart, lighter with more', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 40].map(shadeStep)).toEqual([0, 1, 2, 2, 3, 3, 4, 4]);
    const clear: [number, number, number, number] = [0, 0, 0, 0];
    expect(shadeColor(0, clear)).toEqual(clear);
    const alphas = [1, 2, 4, 7].map((n) => shadeColor(n, clear)[3]);
    expect(alphas).toEqual([...alphas].sort((a, b) => a - b));
    const land: [number, number, number, number] = [22, 28, 40, 255];
    expect(shadeColor(7, land)[3]).toBe(255);
    expect(shadeColor(7, land)[0]).toBeGreaterThan(shadeColor(1, land)[0]);
    expect(shadeLegend().map((s) => s.label)).toEqual(['1', '2–3', '4–6', '7+']);
  });
});
