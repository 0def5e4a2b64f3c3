import { describe, expect, it } from 'vitest';
import {
  departmentIdsOf,
  hexColor,
  parseHexColor,
  type Rgb,
  unlistedDepartment,
  unlistedDepartmentColor,
  unlistedDepartmentReason,
} from './departments.js';

/** max − min channel: 0 for a pure grey, 255 for a fully saturated primary. */
const chroma = ([r, g, b]: Rgb) => Math.max(r, g, b) - Math.min(r, g, b);
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

// San Francisco's pack colours (data/cities/sf/city.json): the vivid family packs are asked to use.
const PACK_COLORS = ['#fe4d34', '#f1aa07', '#67a4e9', '#cf27ff', '#f679ae', '#a1f47a', '#62e9de'].map(
  (hex) => parseHexColor(hex)!,
);
const IDS = Array.from({ length: 500 }, (_, i) => `agency-${i}`).concat([
  'parks',
  'sanitation',
  'nypd',
  'dot',
]);

describe('parseHexColor / hexColor', () => {
  it('reads #rrggbb in either case and writes it back', () => {
    expect(parseHexColor('#ff5238')).toEqual([255, 82, 56]);
    expect(parseHexColor('#00D2C8')).toEqual([0, 210, 200]);
    expect(hexColor([0, 210, 200])).toBe('#00d2c8');
  });

  it('refuses anything else', () => {
    for (const bad of ['ff5238', '#ff523', '#ff52388', '#gg5238', 'red', '', 'rgb(1,2,3)'])
      expect(parseHexColor(bad)).toBeNull();
  });
});

describe('unlistedDepartmentColor', () => {
  it('depends on the id alone', () => {
    expect(unlistedDepartmentColor('parks')).toEqual(unlistedDepartmentColor('parks'));
    expect(unlistedDepartmentColor('parks')).not.toEqual(unlistedDepartmentColor('sanitation'));
  });

  it('is a muted, readable family, clearly apart from vivid pack colours', () => {
    for (const id of IDS) {
      const c = unlistedDepartmentColor(id);
      expect(c.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
      expect(chroma(c)).toBeLessThanOrEqual(60);
      // readable on the dark map: no channel below mid-grey territory
      expect(Math.max(...c)).toBeGreaterThanOrEqual(150);
      for (const pack of PACK_COLORS) expect(distance(c, pack)).toBeGreaterThan(60);
    }
    for (const pack of PACK_COLORS) expect(chroma(pack)).toBeGreaterThan(120);
  });

  it('spreads ids over many hues, so two unlisted departments rarely look alike', () => {
    const distinct = new Set(IDS.map((id) => hexColor(unlistedDepartmentColor(id))));
    expect(distinct.size).toBeGreaterThan(IDS.length * 0.9);
  });
});

describe('unlistedDepartment', () => {
  it('is named by its id, unlisted, with the derived colour', () => {
    expect(unlistedDepartment('parks')).toEqual({
      id: 'parks',
      name: 'parks',
      shortName: 'parks',
      icon: 'building',
      color: unlistedDepartmentColor('parks'),
      listed: false,
    });
  });
});

describe('unlistedDepartmentReason', () => {
  it('names the field, the id and the setting', () => {
    expect(unlistedDepartmentReason('department', 'parks')).toBe(
      'department "parks" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)',
    );
  });
});

describe('departmentIdsOf', () => {
  it('gives the publisher and a target department of an event, a sensor’s department, nothing for readings', () => {
    const event = { eventId: 'e', incidentId: 'i', ts: 1, department: 'fire' };
    expect(departmentIdsOf({ kind: 'incident-event', event: { ...event, type: 'reported' } })).toEqual([
      'fire',
    ]);
    expect(
      departmentIdsOf({
        kind: 'incident-event',
        event: { ...event, type: 'handed_off', toDepartment: 'parks' },
      }),
    ).toEqual(['fire', 'parks']);
    expect(
      departmentIdsOf({
        kind: 'sensor-meta',
        sensorId: 's',
        ts: 1,
        meta: { name: 'n', kind: 'k', department: 'parks', lat: 1, lon: 2 },
      }),
    ).toEqual(['parks']);
    expect(departmentIdsOf({ kind: 'reading', sensorId: 's', ts: 1, values: { a: 1 } })).toEqual([]);
  });
});
