/**
 * Duplicate reports: a citizen's report of a problem that is already an open incident is attached to that
 * incident rather than opening another (docs/open311.md, "Duplicates"). Pure, so the rule is unit-tested:
 * the same category, within a radius, opened within a time window, still open; the nearest wins.
 */
import { distanceMeters, EARTH_RADIUS_M } from '../geo.js';

export interface MergeRules {
  radiusM: number;
  windowMs: number;
}

/** An incident a report might be a duplicate of (the caller picks those of the service's category). */
export interface MergeCandidate {
  incidentId: string;
  lat: number;
  lon: number;
  openedAt: number;
  open: boolean;
}

export interface ReportPlace {
  lat: number;
  lon: number;
  at: number;
}

/** The incident the report belongs to, or null when it is a problem of its own. */
export function mergeTarget<C extends MergeCandidate>(
  report: ReportPlace,
  candidates: readonly C[],
  rules: MergeRules,
): C | null {
  let best: C | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (!c.open) continue;
    // NOTE: opened up to the window before the report; one opened after it (a clock skew) counts as recent.
    if (report.at - c.openedAt > rules.windowMs) continue;
    const d = distanceMeters(report.lat, report.lon, c.lat, c.lon);
    if (d <= rules.radiusM && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** A box around a point that holds every point within `radiusM` (a cheap pre-filter for a query). */
export function boxAround(lon: number, lat: number, radiusM: number): [number, number, number, number] {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
