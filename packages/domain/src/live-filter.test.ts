import { describe, expect, it } from 'vitest';
import { incidentMatches, isWholeCity, type LiveFilter, sensorMatches, WHOLE_CITY } from './live-filter.js';
import type { IncidentView } from './views.js';

const incident = (over: Partial<IncidentView>): IncidentView =>
  ({
    incidentId: 'i1',
    department: 'fire',
    assisting: [],
    lat: 37.77,
    lon: -122.42,
    ...over,
  }) as IncidentView;

const filter = (over: Partial<LiveFilter>): LiveFilter => ({ ...WHOLE_CITY, ...over });

describe('live filters', () => {
  it('the whole city matches everything, even things without a place', () => {
    expect(isWholeCity(WHOLE_CITY)).toBe(true);
    expect(incidentMatches(WHOLE_CITY, incident({ lat: null, lon: null }))).toBe(true);
    expect(sensorMatches(WHOLE_CITY, { department: 'x', lat: 0, lon: 0 })).toBe(true);
  });

  it('departments: the owner or an assisting department', () => {
    const police = filter({ departments: new Set(['police']) });
    expect(isWholeCity(police)).toBe(false);
    expect(incidentMatches(police, incident({}))).toBe(false);
    expect(incidentMatches(police, incident({ department: 'police' }))).toBe(true);
    expect(incidentMatches(police, incident({ assisting: ['ems', 'police'] }))).toBe(true);
    expect(sensorMatches(police, { department: 'fire', lat: 37.77, lon: -122.42 })).toBe(false);
    expect(sensorMatches(police, { department: 'police', lat: 37.77, lon: -122.42 })).toBe(true);
  });

  it('bbox: edges included, outside or without a place refused', () => {
    const box = filter({ bbox: [-122.43, 37.76, -122.42, 37.77] });
    expect(incidentMatches(box, incident({}))).toBe(true);
    expect(incidentMatches(box, incident({ lon: -122.41 }))).toBe(false);
    expect(incidentMatches(box, incident({ lat: 37.75 }))).toBe(false);
    expect(incidentMatches(box, incident({ lat: null, lon: null }))).toBe(false);
    expect(sensorMatches(box, { department: 'fire', lat: 37.765, lon: -122.425 })).toBe(true);
  });

  it('departments and bbox both apply', () => {
    const both = filter({ departments: new Set(['fire']), bbox: [-122.43, 37.76, -122.42, 37.77] });
    expect(incidentMatches(both, incident({}))).toBe(true);
    expect(incidentMatches(both, incident({ department: 'police' }))).toBe(false);
    expect(incidentMatches(both, incident({ lon: -100 }))).toBe(false);
  });
});
