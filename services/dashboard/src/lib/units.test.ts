import type { Department, UnitView } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import {
  isBusy,
  sortUnits,
  unitDuration,
  unitStatusLabel,
  unitsByDepartment,
  unitsOnScene,
} from './units.js';

function unit(overrides: Partial<UnitView> = {}): UnitView {
  return {
    unit: 'E1',
    department: 'fire',
    status: 'available',
    since: 0,
    incidentId: null,
    lat: null,
    lon: null,
    ...overrides,
  };
}

const DEPARTMENTS: Department[] = [
  { id: 'fire', name: 'Fire', shortName: 'Fire', icon: 'fire', color: [255, 82, 56], listed: true },
  {
    id: 'ems',
    name: 'Emergency Medical',
    shortName: 'EMS',
    icon: 'ambulance',
    color: [255, 196, 0],
    listed: true,
  },
];

describe('unit durations and labels', () => {
  it('says for how long the unit has had its status, never negative', () => {
    expect(unitDuration(unit({ since: 0 }), 45_000)).toBe('45 s');
    expect(unitDuration(unit({ since: 0 }), 12 * 60_000)).toBe('12 min');
    expect(unitDuration(unit({ since: 0 }), 2 * 3600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(unitDuration(unit({ since: 10_000 }), 0)).toBe('0 s');
  });

  it('names every status in words', () => {
    expect(unitStatusLabel('at_hospital')).toBe('At hospital');
    expect(unitStatusLabel('out_of_service')).toBe('Out of service');
    expect(isBusy('transporting')).toBe(true);
    expect(isBusy('available')).toBe(false);
  });
});

describe('unit order and grouping', () => {
  it('lists busy units first, longest busy first, available and out of service last', () => {
    const sorted = sortUnits([
      unit({ unit: 'A', status: 'available', since: 0 }),
      unit({ unit: 'D2', status: 'dispatched', since: 5 }),
      unit({ unit: 'S', status: 'on_scene', since: 9 }),
      unit({ unit: 'D1', status: 'dispatched', since: 1 }),
      unit({ unit: 'X', status: 'out_of_service', since: 0 }),
    ]);
    expect(sorted.map((u) => u.unit)).toEqual(['S', 'D1', 'D2', 'A', 'X']);
  });

  it('groups per department in the city’s order, unknown departments last, with every status counted', () => {
    const groups = unitsByDepartment(
      [
        unit({ unit: 'M1', department: 'ems', status: 'transporting' }),
        unit({ unit: 'P1', department: 'parks' }),
        unit({ unit: 'E1' }),
        unit({ unit: 'E2', status: 'on_scene' }),
      ],
      DEPARTMENTS,
    );
    expect(groups.map((g) => g.department.name)).toEqual(['Fire', 'Emergency Medical', 'parks']);
    expect(groups[0]?.counts).toEqual({
      available: 1,
      dispatched: 0,
      on_scene: 1,
      transporting: 0,
      at_hospital: 0,
      out_of_service: 0,
    });
    expect(groups[0]?.units.map((u) => u.unit)).toEqual(['E2', 'E1']);
  });

  it('draws only units on scene with a place', () => {
    const drawn = unitsOnScene([
      unit({ unit: 'A', status: 'on_scene', lat: 37.7, lon: -122.4 }),
      unit({ unit: 'B', status: 'on_scene' }),
      unit({ unit: 'C', status: 'dispatched', lat: 37.7, lon: -122.4 }),
    ]);
    expect(drawn.map((u) => u.unit)).toEqual(['A']);
  });
});
