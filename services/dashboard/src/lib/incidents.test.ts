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
  NEW_FOR_MS,
  relatedIncidents,
  searchIncidents,
  sortIncidents,
  sourceBadge,
  splitOpenByPlace,
  urgencyMark,
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

  it('puts unacknowledged high-severity incidents above acknowledged ones, and open above closed', () => {
    const sorted = sortIncidents([
      incident({ incidentId: 'acked-5', severity: 5, awaitingAck: false, openedAt: 1 }),
      incident({ incidentId: 'closed-5', severity: 5, status: 'closed', openedAt: 0 }),
      incident({ incidentId: 'new-4', severity: 4, awaitingAck: true, openedAt: 50 }),
      incident({ incidentId: 'new-2', severity: 2, awaitingAck: true, openedAt: 0 }),
    ]);
    expect(sorted.map((i) => i.incidentId)).toEqual(['new-4', 'acked-5', 'new-2', 'closed-5']);
  });
});

describe('urgencyMark', () => {
  const now = 10 * NEW_FOR_MS;
  it('marks open unacknowledged high-severity incidents urgent, however old', () => {
    expect(urgencyMark(incident({ severity: 4, awaitingAck: true, openedAt: 0 }), now)).toBe('urgent');
    expect(urgencyMark(incident({ severity: 5, awaitingAck: false, openedAt: now }), now)).toBeNull();
    expect(urgencyMark(incident({ severity: 5, awaitingAck: true, status: 'closed' }), now)).toBeNull();
  });

  it('marks other unacknowledged incidents new for a while after they open', () => {
    expect(urgencyMark(incident({ severity: 2, awaitingAck: true, openedAt: now - 1000 }), now)).toBe('new');
    expect(
      urgencyMark(incident({ severity: 2, awaitingAck: true, openedAt: now - NEW_FOR_MS }), now),
    ).toBeNull();
    expect(urgencyMark(incident({ severity: 2, awaitingAck: false, openedAt: now }), now)).toBeNull();
  });
});

describe('searchIncidents', () => {
  const list = [
    incident({ incidentId: 'sf-1', title: 'Kitchen fire', category: 'Structure Fire', district: 'Mission' }),
    incident({
      incidentId: 'sf-2',
      title: 'Water main break',
      category: 'Water Main',
      department: 'public-works',
      district: 'Sunset',
    }),
    incident({
      incidentId: 'sf-3',
      title: 'Café noise',
      category: 'Noise',
      department: 'police',
      assisting: ['ems'],
    }),
  ];
  const names = new Map([
    ['fire', 'Fire Department'],
    ['public-works', 'Public Works'],
    ['police', 'Police'],
    ['ems', 'Emergency Medical Services'],
  ]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const ids = (q: string) => searchIncidents(list, q, nameOf).map((i) => i.incidentId);

  it('matches title, category, id and district, ignoring case', () => {
    expect(ids('KITCHEN')).toEqual(['sf-1']);
    expect(ids('water main')).toEqual(['sf-2']);
    expect(ids('sf-3')).toEqual(['sf-3']);
    expect(ids('sunset')).toEqual(['sf-2']);
  });

  it('matches department names, of the owner and of assisting departments', () => {
    expect(ids('public works')).toEqual(['sf-2']);
    expect(ids('medical')).toEqual(['sf-3']);
  });

  it('needs every word, ignores accents, and keeps the order; an empty query keeps everything', () => {
    expect(ids('fire mission')).toEqual(['sf-1']);
    expect(ids('fire sunset')).toEqual([]);
    expect(ids('cafe')).toEqual(['sf-3']);
    expect(searchIncidents(list, '   ', nameOf)).toBe(list);
    expect(ids('sf')).toEqual(['sf-1', 'sf-2', 'sf-3']);
  });
});

describe('relatedIncidents', () => {
  const HOUR = 3_600_000;
  const here = incident({ incidentId: 'here', lat: 37.77, lon: -122.42, openedAt: 100 * HOUR });
  it('keeps other incidents nearby and about the same time, nearest first', () => {
    const found = relatedIncidents(here, [
      here,
      incident({ incidentId: 'far', lat: 37.8, lon: -122.42, openedAt: 100 * HOUR }),
      incident({ incidentId: 'near-old', lat: 37.7701, lon: -122.42, openedAt: 70 * HOUR }),
      incident({ incidentId: 'near-2', lat: 37.773, lon: -122.42, openedAt: 99 * HOUR }),
      incident({ incidentId: 'near-1', lat: 37.7705, lon: -122.42, openedAt: 101 * HOUR }),
      incident({ incidentId: 'nowhere', lat: null, lon: null, openedAt: 100 * HOUR }),
    ]);
    expect(found.map((f) => f.incident.incidentId)).toEqual(['near-1', 'near-2']);
    expect(found[0]?.distanceM).toBeGreaterThan(50);
    expect(found[0]?.distanceM).toBeLessThan(60);
  });

  it('has nothing for an incident without a place', () => {
    expect(relatedIncidents({ ...here, lat: null, lon: null }, [here])).toEqual([]);
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

describe('sourceBadge', () => {
  it('badges what a rule opened and what the public reported, in words; a department’s own gets none', () => {
    expect(sourceBadge('rule')).toMatchObject({ text: 'Rule', kind: 'rule' });
    expect(sourceBadge('public')).toMatchObject({ text: 'Public report', kind: 'public' });
    expect(sourceBadge('department')).toBeNull();
    expect(sourceBadge(undefined)).toBeNull();
  });
});
