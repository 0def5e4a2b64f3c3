/**
 * The unit board's current state: one row per (department, unit) with the status the unit board shows,
 * kept by the writer in the transaction that stores the incident states it comes from (storeStates), so it
 * costs one set-based statement per batch whose incidents have units, and reading it never scans history.
 * The rules (which incident's news wins, when a unit is free) are the domain's (unit-board.ts); the upsert's
 * `where` is replacesUnitFact in SQL, and every fact is first reduced to one per unit by the same function.
 */
import { type IncidentState, latestUnitFacts, type UnitView, unitFactsOf } from '@twin/domain';
import type { Queryable } from './pool.js';

/** Records what the given incident states say about their units. */
export async function storeUnitFacts(client: Queryable, states: readonly IncidentState[]): Promise<void> {
  const facts = latestUnitFacts(states.flatMap((s) => (s.units.length > 0 ? unitFactsOf(s) : [])));
  if (facts.length === 0) return;
  // NOTE: rows are upserted in key order, so two transactions touching the same units never deadlock.
  await client.query(
    `insert into unit_status (department, unit, status, since_ms, incident_id, source_incident_id, reported_ms,
                              engaged)
     select f.department, f.unit, f.status, f.since_ms, f.incident_id, f.source_incident_id, f.reported_ms,
            f.engaged
     from jsonb_to_recordset($1::jsonb) as f(department text, unit text, status text, since_ms float8,
          incident_id text, source_incident_id text, reported_ms float8, engaged boolean)
     order by f.department, f.unit
     on conflict (department, unit) do update set status = excluded.status, since_ms = excluded.since_ms,
       incident_id = excluded.incident_id, source_incident_id = excluded.source_incident_id,
       reported_ms = excluded.reported_ms, engaged = excluded.engaged
     where unit_status.source_incident_id = excluded.source_incident_id
        or (excluded.reported_ms, excluded.engaged, excluded.source_incident_id collate "C")
         > (unit_status.reported_ms, unit_status.engaged, unit_status.source_incident_id collate "C")`,
    [
      JSON.stringify(
        facts.map((f) => ({
          department: f.department,
          unit: f.unit,
          status: f.status,
          since_ms: f.since,
          incident_id: f.incidentId,
          source_incident_id: f.sourceIncidentId,
          reported_ms: f.reportedAt,
          engaged: f.incidentId !== null,
        })),
      ),
    ],
  );
}

export const UNIT_BOARD_SQL = `
  select u.unit, u.department, u.status, u.since_ms, u.incident_id, i.lat, i.lon, u.source_incident_id,
         u.reported_ms
  from unit_status u
  left join incidents i on i.incident_id = u.incident_id
  left join departments d on d.id = u.department
  order by d.listed desc nulls last, d.position, u.department collate "C", u.unit collate "C"`;

/**
 * Every unit with its status and where it is: the place of the incident it is on. Departments in the
 * registry's order (the pack's, then unlisted ones by id), units by name.
 */
export async function readUnitBoard(db: Queryable): Promise<UnitView[]> {
  const { rows } = await db.query<{
    unit: string;
    department: string;
    status: UnitView['status'];
    since_ms: number;
    incident_id: string | null;
    lat: number | null;
    lon: number | null;
    source_incident_id: string;
    reported_ms: number;
  }>(UNIT_BOARD_SQL);
  return rows.map((r) => ({
    unit: r.unit,
    department: r.department,
    status: r.status,
    since: r.since_ms,
    incidentId: r.incident_id,
    lat: r.incident_id === null ? null : r.lat,
    lon: r.incident_id === null ? null : r.lon,
    sourceIncidentId: r.source_incident_id,
    reportedAt: r.reported_ms,
  }));
}
