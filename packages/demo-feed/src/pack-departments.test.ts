import { describe, expect, it } from 'vitest';
import { CATALOGUE_DEPARTMENTS, packDepartmentMap, scriptForPack } from './pack-departments.js';

describe('packDepartmentMap', () => {
  it('keeps every catalogue department a pack lists (San Francisco lists them all)', () => {
    const map = packDepartmentMap([...CATALOGUE_DEPARTMENTS]);
    for (const id of CATALOGUE_DEPARTMENTS) expect(map(id)).toBe(id);
  });

  it('gives the rest to the pack’s own departments, so only listed ids come out', () => {
    const pack = ['fire', 'nypd', 'dsny', 'dot'];
    const map = packDepartmentMap(pack);
    expect(map('fire')).toBe('fire');
    const played = CATALOGUE_DEPARTMENTS.map(map);
    expect(played.every((id) => pack.includes(id))).toBe(true);
    // the pack's own departments all get a part
    expect(new Set(played)).toEqual(new Set(pack));
  });

  it('passes ids unchanged when the pack lists none', () => {
    expect(packDepartmentMap([])('police')).toBe('police');
  });
});

describe('scriptForPack', () => {
  it('renames publishers and targets, and drops a request a department would make of itself', () => {
    const map = packDepartmentMap(['fire', 'city']);
    const script = scriptForPack(
      {
        incidentId: 'i',
        reportedBy: 'police',
        finalOwner: 'police',
        events: [
          { at: 1, department: 'police', event: { eventId: 'e1', incidentId: 'i', type: 'reported', ts: 1 } },
          {
            at: 2,
            department: 'police',
            event: {
              eventId: 'e2',
              incidentId: 'i',
              type: 'assist_requested',
              ts: 2,
              toDepartment: 'transport',
            },
          },
          {
            at: 3,
            department: 'police',
            event: { eventId: 'e3', incidentId: 'i', type: 'assist_requested', ts: 3, toDepartment: 'fire' },
          },
        ],
      },
      map,
    );
    expect(script.reportedBy).toBe('city');
    expect(script.events.map((e) => `${e.department}:${e.event.type}:${e.event.toDepartment ?? ''}`)).toEqual(
      ['city:reported:', 'city:assist_requested:fire'],
    );
  });
});
