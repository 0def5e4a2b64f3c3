/**
 * The incidents of an export: every incident open at any moment of [from, to] (the window rule of every route,
 * db/incident-window.ts), optionally of one department (owner or assisting, as `GET /api/v1/incidents`
 * filters), each with its full timeline in fold order. Read a page at a time (keyset on the id), so an export
 * of a year streams without holding the year.
 */
import { compareEvents, type IncidentEvent, type IncidentView } from '@twin/domain';
import { openDuringConditions } from './incident-window.js';
import type { Queryable } from './pool.js';

export interface WindowIncidentsQuery {
  from: number;
  to: number;
  department?: string;
}

export interface IncidentWithTimeline {
  incident: IncidentView;
  timeline: IncidentEvent[];
}

const PAGE = 500;

export async function* windowIncidents(
  db: Queryable,
  q: WindowIncidentsQuery,
): AsyncGenerator<IncidentWithTimeline[]> {
  let after = '';
  for (;;) {
    const params: unknown[] = [];
    const where = openDuringConditions({ from: q.from, to: q.to }, params);
    if (q.department)
      where.push(`(department = $${params.push(q.department)} or state->'assisting' ? $${params.length})`);
    where.push(`incident_id collate "C" > $${params.push(after)}`);
    const { rows } = await db.query<{ incident_id: string; state: IncidentView }>(
      `select incident_id, state from incidents where ${where.join(' and ')}
       order by incident_id collate "C" limit $${params.push(PAGE)}`,
      params,
    );
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.incident_id);
    const events = await db.query<{ body: IncidentEvent }>(
      'select body from incident_events where incident_id = any($1::text[])',
      [ids],
    );
    const byIncident = new Map<string, IncidentEvent[]>(ids.map((id) => [id, []]));
    for (const { body } of events.rows) byIncident.get(body.incidentId)?.push(body);
    yield rows.map((r) => ({
      incident: r.state,
      timeline: byIncident.get(r.incident_id)!.sort(compareEvents),
    }));
    after = ids[ids.length - 1]!;
    if (rows.length < PAGE) return;
  }
}
