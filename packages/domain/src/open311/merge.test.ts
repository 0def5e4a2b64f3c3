import { describe, expect, it } from 'vitest';
import { distanceMeters } from '../geo.js';
import { boxAround, type MergeCandidate, mergeTarget } from './merge.js';

const rules = { radiusM: 50, windowMs: 120 * 60_000 };
const at = Date.parse('2026-03-01T12:00:00Z');
const here = { lat: 37.7749, lon: -122.4194, at };
/** A point `metres` north of `here`. */
const north = (metres: number) => here.lat + metres / 111_195;

function candidate(patch: Partial<MergeCandidate> = {}): MergeCandidate {
  return { incidentId: 'a', lat: here.lat, lon: here.lon, openedAt: at - 60_000, open: true, ...patch };
}

describe('distanceMeters', () => {
  it('measures a degree of latitude as about 111 km and a point as 0', () => {
    expect(distanceMeters(0, 0, 0, 1)).toBeCloseTo(111_195, -1);
    expect(distanceMeters(here.lat, here.lon, here.lat, here.lon)).toBe(0);
  });
});

describe('mergeTarget', () => {
  it('attaches a report 20 m from an open incident opened an hour before', () => {
    const c = candidate({ lat: north(20), openedAt: at - 3_600_000 });
    expect(mergeTarget(here, [c], rules)).toBe(c);
  });

  it('keeps a report 60 m away (beyond the 50 m radius) apart', () => {
    expect(mergeTarget(here, [candidate({ lat: north(60) })], rules)).toBeNull();
  });

  it('keeps a report apart from an incident opened more than the window before', () => {
    expect(mergeTarget(here, [candidate({ openedAt: at - 121 * 60_000 })], rules)).toBeNull();
    expect(mergeTarget(here, [candidate({ openedAt: at - 119 * 60_000 })], rules)).not.toBeNull();
  });

  it('never attaches to a resolved or closed incident', () => {
    expect(mergeTarget(here, [candidate({ open: false })], rules)).toBeNull();
  });

  it('picks the nearest of several', () => {
    const far = candidate({ incidentId: 'far', lat: north(40) });
    const near = candidate({ incidentId: 'near', lat: north(10) });
    expect(mergeTarget(here, [far, near], rules)?.incidentId).toBe('near');
  });

  it('has a box that holds every point within the radius', () => {
    const [w, s, e, n] = boxAround(here.lon, here.lat, 50);
    expect(north(49)).toBeLessThan(n);
    expect(here.lat - (north(49) - here.lat)).toBeGreaterThan(s);
    expect(distanceMeters(here.lat, w, here.lat, here.lon)).toBeGreaterThanOrEqual(49.9);
    expect(distanceMeters(here.lat, e, here.lat, here.lon)).toBeGreaterThanOrEqual(49.9);
  });
});
