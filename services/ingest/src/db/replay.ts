/**
 * One slice of a replayed window (domain replay.ts, `GET /api/v1/replay`): every incident open at `from` or
 * with an event in (from, to], each with its state at `from`, and those events in fold order.
 *
 * Three queries whatever the slice's size: the touched incidents (current rows), the events of the slice, and
 * the events at or before `from` of the incidents whose stored state is not already their state at `from`.
 * A stored state IS the state at `from` when the last event it applied (its fold position, in fold order: the
 * greatest ts) is at or before `from` and the current fold rules made it — then every event of the incident
 * is at or before `from` and `foldIncidentAt(events, from)` folds exactly what the stored state folded. Every
 * other state at `from` is folded by the domain's `foldIncidentAt`: one fold, as live.
 */
import {
  compareEvents,
  FOLD_VERSION,
  type FoldPosition,
  foldIncidentAt,
  type IncidentEvent,
  type IncidentState,
  type IncidentView,
  type ReplayIncident,
} from '@twin/domain';
import { openDuringConditions } from './incident-window.js';
import type { Queryable } from './pool.js';

interface TouchedRow {
  incident_id: string;
  state: IncidentView;
  fold_version: number;
  fold_position: FoldPosition | null;
  opened_at: Date;
}

export interface ReplayIncidentsAndEvents {
  incidents: ReplayIncident[];
  events: IncidentEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The incidents and events of the slice (from, to]; `from` = `to` gives the state at one instant. */
export async function readReplaySlice(
  db: Queryable,
  from: number,
  to: number,
): Promise<ReplayIncidentsAndEvents> {
  const events = await db.query<{ body: IncidentEvent }>(
    'select body from incident_events where ts > $1 and ts <= $2',
    [iso(from), iso(to)],
  );
  const sliceEvents = events.rows.map((r) => r.body).sort(compareEvents);
  const withEvents = [...new Set(sliceEvents.map((e) => e.incidentId))];

  // Open at `from`: the window rule of every other route (db/incident-window.ts) with from = to = `from`.
  const params: unknown[] = [];
  const openAtFrom = openDuringConditions({ from, to: from }, params).join(' and ');
  const touched = await db.query<TouchedRow>(
    `select incident_id, state, fold_version, fold_position, opened_at from incidents
     where (${openAtFrom}) or incident_id = any($${params.push(withEvents)}::text[])`,
    params,
  );

  const atFrom = new Map<string, IncidentState | null>();
  const toFold: string[] = [];
  for (const row of touched.rows) {
    if (row.opened_at.getTime() > from) atFrom.set(row.incident_id, null);
    else if (row.fold_version === FOLD_VERSION && row.fold_position && row.fold_position.ts <= from)
      atFrom.set(row.incident_id, row.state);
    else toFold.push(row.incident_id);
  }
  if (toFold.length > 0) {
    const history = await db.query<{ body: IncidentEvent }>(
      'select body from incident_events where incident_id = any($1::text[]) and ts <= $2',
      [toFold, iso(from)],
    );
    const byIncident = new Map<string, IncidentEvent[]>(toFold.map((id) => [id, []]));
    for (const { body } of history.rows) byIncident.get(body.incidentId)?.push(body);
    for (const [id, list] of byIncident) atFrom.set(id, foldIncidentAt(list, from));
  }

  const incidents = touched.rows.map(
    (row): ReplayIncident => ({
      incidentId: row.incident_id,
      atFrom: atFrom.get(row.incident_id) ?? null,
      district: row.state.district,
      cell: row.state.cell,
      outsideCity: row.state.outsideCity,
    }),
  );
  incidents.sort((a, b) => (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0));
  return { incidents, events: sliceEvents };
}
