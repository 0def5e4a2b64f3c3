/**
 * The incidents an earlier run of the in-process demo feed left open: reported by a simulated desk (the
 * demo's actors end with SIMULATED_ACTOR_SUFFIX) and still open, or resolved and not yet closed. Their scripts
 * died with that process, so the demo closes them when it starts again (packages/demo-feed restart.ts).
 */
import type { LeftOpenIncident } from '@twin/demo-feed';
import { OPEN_STATUSES } from '@twin/domain';
import type { Queryable } from './pool.js';

export async function openDemoIncidents(db: Queryable, actorSuffix: string): Promise<LeftOpenIncident[]> {
  const { rows } = await db.query<{ incident_id: string; department: string; status: string }>(
    `select i.incident_id, i.department, i.status from incidents i
     where i.status = any($1::text[])
       and exists (select 1 from incident_events e
                   where e.incident_id = i.incident_id and e.type = 'reported'
                     and right(e.body->>'actor', length($2)) = $2)
     order by i.incident_id`,
    [[...OPEN_STATUSES, 'resolved'], actorSuffix],
  );
  return rows.map((r) => ({
    incidentId: r.incident_id,
    department: r.department,
    resolved: r.status === 'resolved',
  }));
}
