import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ciede2000,
  closestColorPair,
  colorDifference,
  DEPARTMENT_COLOR_FLOORS,
  rgbToLab,
  simulateVision,
  VISIONS,
} from './color-difference.js';
import { STARTER_DEPARTMENTS } from './starter-departments.js';

describe('ciede2000', () => {
  // Sharma, Wu & Dalal (2005), test pairs 1, 3, 7 and 17.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
  ] as const)('matches the published value for %j vs %j', (a, b, expected) => {
    expect(ciede2000(a, b)).toBeCloseTo(expected, 4);
  });

  it('is zero for the same colour and symmetric', () => {
    expect(colorDifference([64, 140, 255], [64, 140, 255])).toBe(0);
    expect(colorDifference([10, 200, 30], [200, 10, 30])).toBeCloseTo(
      colorDifference([200, 10, 30], [10, 200, 30]),
      10,
    );
  });
});

describe('simulateVision', () => {
  it('makes red and green nearly alike for protanopes and deuteranopes, not for tritanopes', () => {
    const red = [220, 40, 40] as const;
    const green = [40, 160, 40] as const;
    expect(colorDifference(red, green)).toBeGreaterThan(50);
    expect(colorDifference(red, green, 'deuteranopia')).toBeLessThan(colorDifference(red, green) / 2);
    expect(colorDifference(red, green, 'tritanopia')).toBeGreaterThan(30);
  });

  it('leaves greys grey', () => {
    const [l, a, b] = rgbToLab(simulateVision([128, 128, 128], 'protanopia'));
    expect(l).toBeCloseTo(rgbToLab([128, 128, 128])[0], 0);
    expect(Math.hypot(a, b)).toBeLessThan(1.5);
  });
});

describe('department colours', () => {
  const sf = JSON.parse(
    readFileSync(new URL('../../../data/cities/sf/city.json', import.meta.url), 'utf8'),
  ) as { departments: { id: string; color: string }[] };

  it.each(VISIONS)("San Francisco's departments stay apart with %s vision", (vision) => {
    const closest = closestColorPair(sf.departments, vision);
    expect(closest, `${closest?.a} and ${closest?.b}`).not.toBeNull();
    expect(closest?.deltaE, `${closest?.a} vs ${closest?.b}`).toBeGreaterThanOrEqual(
      DEPARTMENT_COLOR_FLOORS[vision],
    );
  });

  it('police and water, the pair that read alike before, are now far apart', () => {
    const color = (id: string) => sf.departments.find((d) => d.id === id)?.color ?? '';
    expect(
      closestColorPair([
        { id: 'police', color: color('police') },
        { id: 'water', color: color('water') },
      ])?.deltaE,
    ).toBeGreaterThan(30);
  });

  it.each(VISIONS)('the starter departments an import begins with stay apart with %s vision', (vision) => {
    expect(closestColorPair(STARTER_DEPARTMENTS, vision)?.deltaE).toBeGreaterThanOrEqual(
      DEPARTMENT_COLOR_FLOORS[vision],
    );
  });
});
