import { LIVE_SET_RECENT_MS } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import {
  countAwaitingReport,
  countOpenByDepartment,
  filterIncidents,
  incidentTitle,
  matchesFilter,
  mergeIntoList,
  mergeLiveIncidents,
  sortIncidents,
  splitOpenByPlace,
} from './incidents.js';

describe('sortIncidents', () => {
  it('orders by severity, most severe first, then oldest first', () => {
    const sorted = sortIncidents([
      incident({ incidentId: 'a', severity: 2, openedAt: 10 }),
      incident({ incidentId: 'b', severity: 5, openedAt: 30 }),
      incident({ incidentId: 'c', severity: 5, openedAt: 20 }),
      incident({ incidentId: 'd', severity: 3, openedAt: 5 }),
    ]);
    expect(sorted.map((i) => i.incidentId)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('matchesFilter', () => {
  it('treats "open" as every status with work left', () => {
    expect(matchesFilter(incident({ status: 'on_scene' }), { status: 'open' })).toBe(true);
    expect(matchesFilter(incident({ status: 'resolved' }), { status: 'open' })).toBe(false);
    expect(matchesFilter(incident({ status: 'closed' }), { status: 'all' })).toBe(true);
    expect(matchesFilter(incident({ status: 'closed' }), { status: 'closed' })).toBe(true);
    expect(matchesFilter(incident({ status: 'dispatched' }), { status: 'closed' })).toBe(false);
  });

  it('matches a department as owner or as assisting department', () => {
    const assisted = incident({ department: 'fire', assisting: ['ems'] });
    expect(matchesFilter(assisted, { status: 'open', department: 'ems' })).toBe(true);
    expect(matchesFilter(assisted, { status: 'open', department: 'police' })).toBe(false);
  });

  it('applies district and minimum severity', () => {
    const i = incident({ district: 'Mission', severity: 3 });
    expect(matchesFilter(i, { status: 'open', district: 'Mission', minSeverity: 3 })).toBe(true);
    expect(matchesFilter(i, { status: 'open', minSeverity: 4 })).toBe(false);
    expect(matchesFilter(i, { status: 'open', district: 'Marina' })).toBe(false);
  });
});

describe('countOpenByDepartment', () => {
  it('counts open incidents per owner and ignores closed ones', () => {
    const counts = countOpenByDepartment([
      incident({ incidentId: 'a', department: 'fire' }),
      incident({ incidentId: 'b', department: 'fire', status: 'dispatched' }),
      incident({ incidentId: 'c', department: 'ems' }),
      incident({ incidentId: 'd', department: 'ems', status: 'closed' }),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ fire: 2, ems: 1 });
  });
});

describe('mergeLiveIncidents', () => {
  it('replaces changed incidents by id and adds new ones', () => {
    const current = [incident({ incidentId: 'a', severity: 2 }), incident({ incidentId: 'b' })];
    const next = mergeLiveIncidents(
      current,
      [incident({ incidentId: 'a', severity: 4 }), incident({ incidentId: 'c' })],
      0,
    );
    expect(next.map((i) => [i.incidentId, i.severity])).toEqual([
      ['a', 4],
      ['b', 3],
      ['c', 3],
    ]);
  });

  it('keeps a closed incident as long as the live set does (one hour, as the server), then drops it', () => {
    const closed = incident({ incidentId: 'a', status: 'closed', updatedAt: 1_000 });
    expect(mergeLiveIncidents([], [closed], 1_000 + LIVE_SET_RECENT_MS)).toHaveLength(1);
    expect(mergeLiveIncidents([closed], [], 1_001 + LIVE_SET_RECENT_MS)).toHaveLength(0);
  });
});

describe('mergeIntoList', () => {
  const list = { incidents: [incident({ incidentId: 'a', severity: 2 })], total: 7, awaitingReport: 0 };

  it('adds an incident that now matches and keeps the order rule', () => {
    const next = mergeIntoList(list, [incident({ incidentId: 'b', severity: 5 })], { status: 'open' });
    expect(next.incidents.map((i) => i.incidentId)).toEqual(['b', 'a']);
    expect(next.total).toBe(8);
  });

  it('removes an incident that no longer matches', () => {
    const next = mergeIntoList(list, [incident({ incidentId: 'a', status: 'closed' })], { status: 'open' });
    expect(next.incidents).toEqual([]);
    expect(next.total).toBe(6);
  });

  it('returns the same object when nothing concerns the list', () => {
    const other = incident({ incidentId: 'z', department: 'police' });
    expect(mergeIntoList(list, [other], { status: 'open', department: 'fire' })).toBe(list);
  });

  it('counts incidents awaiting their report as they join, complete and leave', () => {
    const waiting = incident({ incidentId: 'w', awaitingReport: true, title: null, category: null });
    const joined = mergeIntoList(list, [waiting], { status: 'open' });
    expect(joined.awaitingReport).toBe(1);
    const completed = mergeIntoList(joined, [{ ...waiting, awaitingReport: false, title: 'Fire' }], {
      status: 'open',
    });
    expect(completed.awaitingReport).toBe(0);
    const left = mergeIntoList(joined, [{ ...waiting, status: 'closed' }], { status: 'open' });
    expect(left.awaitingReport).toBe(0);
    expect(left.total).toBe(7);
  });
});

describe('incidentTitle', () => {
  it("is the title, or for one awaiting its report 'Awaiting report · <department>', never the id", () => {
    expect(incidentTitle(incident({ title: 'Kitchen fire' }))).toBe('Kitchen fire');
    const waiting = incident({
      incidentId: 'inc-9',
      awaitingReport: true,
      title: null,
      department: 'public-works',
    });
    expect(incidentTitle(waiting)).toBe('Awaiting report · public-works');
    expect(incidentTitle(waiting, (id) => (id === 'public-works' ? 'Public Works' : id))).toBe(
      'Awaiting report · Public Works',
    );
    expect(incidentTitle(waiting)).not.toContain('inc-9');
  });

  it('counts those awaiting their report', () => {
    expect(countAwaitingReport([incident(), incident({ awaitingReport: true }), incident()])).toBe(1);
  });
});

describe('filterIncidents', () => {
  it('keeps only matching incidents', () => {
    const all = [incident({ incidentId: 'a' }), incident({ incidentId: 'b', status: 'resolved' })];
    expect(filterIncidents(all, { status: 'open' }).map((i) => i.incidentId)).toEqual(['a']);
  });
});

describe('splitOpenByPlace', () => {
  it('splits open incidents into on the map, outside the city and without a position, adding up', () => {
    const all = [
      incident({ incidentId: 'in-1' }),
      incident({ incidentId: 'in-2', district: 'Marina' }),
      incident({ incidentId: 'out', district: null, cell: '8000:-21000', outsideCity: true }),
      incident({
        incidentId: 'nowhere',
        lat: null,
        lon: null,
        district: null,
        cell: null,
        outsideCity: false,
      }),
      incident({ incidentId: 'closed-out', status: 'closed', district: null, outsideCity: true }),
      incident({ incidentId: 'resolved-in', status: 'resolved' }),
    ];
    const { onMap, outsideCity, withoutLocation } = splitOpenByPlace(all);
    expect(onMap.map((i) => i.incidentId)).toEqual(['in-1', 'in-2']);
    expect(outsideCity).toBe(1);
    expect(withoutLocation).toBe(1);
    expect(onMap.length + outsideCity + withoutLocation).toBe(
      all.filter((i) => i.status !== 'closed' && i.status !== 'resolved').length,
    );
  });
});
