import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryKey, MAX_CATEGORY_CHARS } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { fireCallsFromCsv, parseCallTime, parseCsv } from './fire-calls.js';
import { SF_DIR } from './test-support.js';

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,,3\n"x\ny",z')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '', '3'],
      ['x\ny', 'z'],
    ]);
  });
});

describe('parseCallTime', () => {
  it('reads 12-hour clock times, midnight and noon included', () => {
    expect(parseCallTime('04/08/2020 12:00:00 AM')).toBe(Date.UTC(2020, 3, 8, 0, 0, 0) / 60_000);
    expect(parseCallTime('04/08/2020 12:30:00 PM')).toBe(Date.UTC(2020, 3, 8, 12, 30, 0) / 60_000);
    expect(parseCallTime('04/07/2020 11:53:08 PM')).toBe(Date.UTC(2020, 3, 7, 23, 53, 8) / 60_000);
    expect(parseCallTime('')).toBeNull();
  });
});

describe('fireCallsFromCsv', () => {
  const csv = readFileSync(join(SF_DIR, 'sf-fire-calls-2020.csv'), 'utf8');
  const calls = fireCallsFromCsv(csv);

  it('groups the real unit rows into calls (SOURCES.md: 5,292 incidents)', () => {
    expect(calls.length).toBeGreaterThan(5000);
    expect(calls.length).toBeLessThanOrEqual(5292);
  });

  it('turns the first call of the file into an EMS call with an engine and a medic', () => {
    const first = calls.find((c) => c.callNumber === '200983546');
    expect(first).toMatchObject({
      callType: 'Medical Incident',
      department: 'ems',
      category: 'Medical Incident',
      title: 'Medical Incident: 4000 block of Mission St',
      lat: 37.732175,
      lon: -122.427794,
    });
    expect(first?.units.map((u) => [u.unit, u.department])).toEqual([
      ['E32', 'fire'],
      ['M85', 'ems'],
    ]);
    // Received 11:53:08 PM, dispatched 11:55:56 PM, engine on scene 12:00:00 AM the next day.
    expect(first?.units[0]?.dispatchMin).toBeCloseTo(2.8, 5);
    expect(first?.units[0]?.onSceneMin).toBeCloseTo(6.8667, 3);
    // The engine transported no one; the medic left for hospital at 12:23:18 AM, arrived the same second,
    // and was available at 01:35:00 AM.
    expect(first?.units[0]).toMatchObject({ transportMin: null, hospitalMin: null });
    expect(first?.units[1]?.transportMin).toBeCloseTo(30.1667, 3);
    expect(first?.units[1]?.hospitalMin).toBeCloseTo(30.1667, 3);
    expect(first?.units[1]?.availableMin).toBeCloseTo(101.8667, 3);
  });

  it('gives fire calls to the fire department with valid categories and severities', () => {
    const fire = calls.filter((c) => c.department === 'fire');
    expect(fire.length).toBeGreaterThan(500);
    expect(new Set(fire.map((c) => c.category))).toContain('Structure Fire');
    for (const c of calls) {
      // the city's own words, within the contract's bounds and with something to group by
      expect(c.category).toBe(c.category.trim());
      expect(c.category.length).toBeGreaterThan(0);
      expect(c.category.length).toBeLessThanOrEqual(MAX_CATEGORY_CHARS);
      expect(categoryKey(c.category)).not.toBe('');
      expect(c.severity).toBeGreaterThanOrEqual(1);
      expect(c.severity).toBeLessThanOrEqual(5);
    }
  });
});
