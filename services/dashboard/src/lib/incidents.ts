/**
 * Pure incident list logic shared by the wall, the drill-down and the live cache updates. No React, no IO,
 * so the ordering and filtering rules are unit-tested and every view agrees on them.
 */
import {
  compareByUrgency,
  distanceMeters,
  type IncidentView,
  inLiveSet,
  isOpen,
  isUrgent,
} from '@twin/domain';
import type { IncidentListResponse, StatusFilter } from '../api/incidents.js';

/** A department's display name from its id (the id itself when it is not known). */
export type NameOf = (departmentId: string) => string;
const ID_AS_NAME: NameOf = (id) => id;

/**
 * What a person reads as an incident's name. An incident whose `reported` event has not arrived yet has no
 * title of its own: it reads "Awaiting report · Public Works", never its id as if that were a title.
 */
export function incidentTitle(
  incident: Pick<IncidentView, 'title' | 'awaitingReport' | 'department'>,
  nameOf: NameOf = ID_AS_NAME,
): string {
  if (incident.awaitingReport) return `Awaiting report · ${nameOf(incident.department)}`;
  return incident.title ?? 'Untitled incident';
}

/**
 * The badge of an incident that no department reported (packages/domain incident-source.ts): "Rule" when a
 * rule opened it, "Public report" when a member of the public did; none for a department's own.
 */
export function sourceBadge(
  source: IncidentView['source'] | undefined,
): { text: string; title: string; kind: 'rule' | 'public' } | null {
  if (source === 'rule') return { text: 'Rule', title: 'Opened by a rule', kind: 'rule' };
  if (source === 'public')
    return { text: 'Public report', title: 'Reported by a member of the public', kind: 'public' };
  return null;
}

/** Incidents whose report has not arrived yet. */
export function countAwaitingReport(incidents: readonly IncidentView[]): number {
  let count = 0;
  for (const incident of incidents) if (incident.awaitingReport) count++;
  return count;
}

export interface IncidentFilter {
  status: StatusFilter;
  department?: string;
  district?: string;
  minSeverity?: number;
}

/**
 * Most urgent first: open first, then unacknowledged high-severity ones, then most severe, then longest
 * waiting. The rule is the domain's (live-set.ts), the same the server's `order by` uses, so a list looks
 * the same however it was fetched.
 */
export function sortIncidents(incidents: readonly IncidentView[]): IncidentView[] {
  return [...incidents].sort(compareByUrgency);
}

export function matchesStatus(incident: IncidentView, status: StatusFilter): boolean {
  if (status === 'all') return true;
  if (status === 'open') return isOpen(incident);
  return incident.status === status;
}

/**
 * NOTE: a department filter also keeps incidents that department was asked to assist with: a lead who
 * filters to their department must see the work others are asking of them.
 */
export function matchesFilter(incident: IncidentView, filter: IncidentFilter): boolean {
  if (!matchesStatus(incident, filter.status)) return false;
  if (
    filter.department &&
    incident.department !== filter.department &&
    !incident.assisting.includes(filter.department)
  ) {
    return false;
  }
  if (filter.district && incident.district !== filter.district) return false;
  if (filter.minSeverity && incident.severity < filter.minSeverity) return false;
  return true;
}

export function filterIncidents(incidents: readonly IncidentView[], filter: IncidentFilter): IncidentView[] {
  return incidents.filter((incident) => matchesFilter(incident, filter));
}

/** Open incidents per owning department. */
export function countOpenByDepartment(incidents: readonly IncidentView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const incident of incidents) {
    if (!isOpen(incident)) continue;
    counts.set(incident.department, (counts.get(incident.department) ?? 0) + 1);
  }
  return counts;
}

/**
 * Open incidents by where they are, as the wall counts them: on the map (a position in one of the city's
 * districts), outside the city (a position in no district), or without a position yet (not "outside":
 * nobody knows where it is). The three never overlap, so they add up to every open incident.
 */
export function splitOpenByPlace(incidents: readonly IncidentView[]): {
  onMap: IncidentView[];
  outsideCity: number;
  withoutLocation: number;
} {
  const onMap: IncidentView[] = [];
  let outsideCity = 0;
  let withoutLocation = 0;
  for (const incident of incidents) {
    if (!isOpen(incident)) continue;
    // NOTE: one awaiting its report has no place yet either; the wall says those apart ("awaiting report").
    if (incident.lat === null || incident.lon === null) {
      if (!incident.awaitingReport) withoutLocation += 1;
    } else if (incident.outsideCity) outsideCity += 1;
    else onMap.push(incident);
  }
  return { onMap, outsideCity, withoutLocation };
}

/**
 * Applies changed incidents (full views from a live delta) to the live set: replace by id, add new ones,
 * drop the ones that left the live set (the domain's `inLiveSet`: no longer open for more than an hour,
 * as the server's snapshot has it).
 */
export function mergeLiveIncidents(
  current: readonly IncidentView[] | undefined,
  changed: readonly IncidentView[],
  now: number,
): IncidentView[] {
  const byId = new Map((current ?? []).map((incident) => [incident.incidentId, incident]));
  for (const incident of changed) byId.set(incident.incidentId, incident);
  const next: IncidentView[] = [];
  for (const incident of byId.values()) {
    if (inLiveSet(incident, now)) next.push(incident);
  }
  return next;
}

/**
 * Applies changed incidents to one filtered list page: those that now match replace or join it, those
 * that stopped matching leave it; `total` follows. Keeps the list's order rule (compareByUrgency).
 */
export function mergeIntoList(
  list: IncidentListResponse,
  changed: readonly IncidentView[],
  filter: IncidentFilter,
): IncidentListResponse {
  const byId = new Map(list.incidents.map((incident) => [incident.incidentId, incident]));
  let total = list.total;
  let awaitingReport = list.awaitingReport;
  let touched = false;
  const awaiting = (incident: IncidentView | undefined) => (incident?.awaitingReport ? 1 : 0);
  for (const incident of changed) {
    const had = byId.get(incident.incidentId);
    if (matchesFilter(incident, filter)) {
      if (!had) total += 1;
      awaitingReport += awaiting(incident) - awaiting(had);
      byId.set(incident.incidentId, incident);
      touched = true;
    } else if (had) {
      byId.delete(incident.incidentId);
      total -= 1;
      awaitingReport -= awaiting(had);
      touched = true;
    }
  }
  if (!touched) return list;
  return {
    incidents: sortIncidents([...byId.values()]),
    total: Math.max(total, byId.size),
    awaitingReport: Math.max(awaitingReport, countAwaitingReport([...byId.values()])),
  };
}

/** How long an unacknowledged incident is marked "new". */
export const NEW_FOR_MS = 15 * 60_000;

/**
 * The mark a row carries, said in words as well as colour: "urgent" (open, high severity, nobody has
 * acknowledged it: the domain's isUrgent, the same that puts it on top), "new" (unacknowledged and opened
 * in the last {@link NEW_FOR_MS}), or none.
 */
export function urgencyMark(
  incident: Pick<IncidentView, 'status' | 'severity' | 'awaitingAck' | 'openedAt'>,
  now: number,
): 'urgent' | 'new' | null {
  if (isUrgent(incident)) return 'urgent';
  if (isOpen(incident) && incident.awaitingAck && now - incident.openedAt < NEW_FOR_MS) return 'new';
  return null;
}

/** Lower case without accents, so "cafe" finds "Café" and "strasse" finds "Straße". */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replaceAll('ß', 'ss');
}

/** What a search looks in: title, category, id, district, and the names and ids of its departments. */
function searchText(incident: IncidentView, nameOf: NameOf): string {
  const departments = [incident.department, ...incident.assisting];
  if (incident.pendingHandover) departments.push(incident.pendingHandover.to);
  return foldForSearch(
    [
      incident.title ?? '',
      incident.category ?? '',
      incident.incidentId,
      incident.district ?? '',
      ...departments.flatMap((d) => [d, nameOf(d)]),
    ].join('\n'),
  );
}

/**
 * Incidents matching every word of `query` (each word anywhere in the searched fields, case and accents
 * ignored), in their order. An empty query matches everything.
 */
export function searchIncidents(
  incidents: readonly IncidentView[],
  query: string,
  nameOf: NameOf = ID_AS_NAME,
): readonly IncidentView[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return incidents;
  return incidents.filter((incident) => {
    const text = searchText(incident, nameOf);
    return words.every((word) => text.includes(word));
  });
}

/** "Related" = within this distance of the incident … */
export const RELATED_RADIUS_M = 750;
/** … and opened within this long of it (before or after). */
export const RELATED_WITHIN_MS = 24 * 3_600_000;
const RELATED_MAX = 8;

/**
 * Other incidents in the same area at about the same time (the same fire reported twice, a crash and the
 * burst main beside it): nearest first, at most {@link RELATED_MAX}.
 */
export function relatedIncidents(
  incident: Pick<IncidentView, 'incidentId' | 'lat' | 'lon' | 'openedAt'>,
  candidates: readonly IncidentView[],
): Array<{ incident: IncidentView; distanceM: number }> {
  const { lat, lon } = incident;
  if (lat === null || lon === null) return [];
  const found: Array<{ incident: IncidentView; distanceM: number }> = [];
  const seen = new Set<string>([incident.incidentId]);
  for (const other of candidates) {
    if (seen.has(other.incidentId) || other.lat === null || other.lon === null) continue;
    if (Math.abs(other.openedAt - incident.openedAt) > RELATED_WITHIN_MS) continue;
    const distanceM = distanceMeters(lat, lon, other.lat, other.lon);
    if (distanceM > RELATED_RADIUS_M) continue;
    seen.add(other.incidentId);
    found.push({ incident: other, distanceM });
  }
  return found.sort((a, b) => a.distanceM - b.distanceM).slice(0, RELATED_MAX);
}
