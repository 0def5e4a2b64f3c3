import { type Department, unlistedDepartment } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { departmentIdsIn, departmentsToAskAbout, legendEntries, shortNameOf } from './departments.js';

const fire: Department = {
  id: 'fire',
  name: 'Fire',
  shortName: 'Fire',
  icon: 'fire',
  color: [255, 82, 56],
  listed: true,
};

describe('departmentIdsIn', () => {
  it('collects owners, reporters, assisting departments, units and sensors', () => {
    const ids = departmentIdsIn(
      [
        incident({
          department: 'harbor',
          reportedBy: 'parks',
          assisting: ['ems'],
          units: [
            {
              unit: 'R1',
              department: 'rangers',
              dispatchedAt: 1,
              onSceneAt: null,
              status: 'dispatched',
              statusAt: 1,
            },
          ],
        }),
      ],
      new Set(['sanitation']),
    );
    expect([...ids].sort()).toEqual(['ems', 'harbor', 'parks', 'rangers', 'sanitation']);
  });
});

describe('departmentsToAskAbout', () => {
  it('asks about ids the list does not have, once each', () => {
    const known = [fire, unlistedDepartment('parks')];
    expect(departmentsToAskAbout(['fire', 'parks', 'harbor', 'dot'], known, new Set(['dot']))).toEqual([
      'harbor',
    ]);
    expect(departmentsToAskAbout(['fire', 'parks'], known, new Set())).toEqual([]);
  });
});

describe('legendEntries', () => {
  it('lists every department, unlisted ones too, with its open count (zero when none)', () => {
    const parks = unlistedDepartment('parks');
    expect(legendEntries([fire, parks], new Map([['parks', 3]]))).toEqual([
      { department: fire, count: 0 },
      { department: parks, count: 3 },
    ]);
  });
});

describe('shortNameOf', () => {
  it("is the pack's short name, for the boards' narrow columns", () => {
    const ems: Department = { ...fire, id: 'ems', name: 'Emergency Medical', shortName: 'EMS' };
    expect(shortNameOf(ems)).toBe('EMS');
  });

  it('falls back to the full name when there is no short one', () => {
    expect(shortNameOf({ ...fire, name: 'Parks', shortName: '' })).toBe('Parks');
    expect(shortNameOf({ name: 'Harbour' })).toBe('Harbour');
  });
});
