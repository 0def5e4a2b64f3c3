/**
 * Which incidents a time window [from, to] holds: those open at any moment of it. An incident is open from
 * `openedAt` until it is resolved (`resolvedAt`; closing sets it too), or still open when it has no
 * resolution; so it is in the window when it was opened at or before `to` and not resolved before `from`.
 * One that was open through the whole window without a single change is in it, as it should be for "what was
 * going on last Tuesday night". Both ends are inclusive; either may be absent (unbounded).
 *
 * NOTE: a reopened incident's state keeps only its last resolution, so the gap between an earlier
 * resolution and the reopening counts as open. The server's SQL (ingest db/incident-window.ts) is this same
 * rule, and an integration test holds the two together.
 */
import type { IncidentState } from './incident-state.js';

export interface TimeWindow {
  from?: number | undefined;
  to?: number | undefined;
}

export function openDuring(
  incident: Pick<IncidentState, 'openedAt' | 'resolvedAt'>,
  window: TimeWindow,
): boolean {
  if (window.to !== undefined && incident.openedAt > window.to) return false;
  if (window.from !== undefined && incident.resolvedAt !== null && incident.resolvedAt < window.from)
    return false;
  return true;
}
