/**
 * Stored incident states, updated by folding: an event that comes after the last one a state applied is
 * applied to it (O(new events)); only a late event, or a state made by older fold rules, makes the
 * incident be refolded from its whole history. Runs inside the writing transaction.
 *
 * Concurrency: two instances can add events to one incident at once. Each takes a transaction-level lock
 * per incident (in id order, so never a deadlock) before reading its state, in a statement of its own: the
 * read that follows is a new statement, so it sees what the other committed while this one waited.
 */
import type { Placer } from '@twin/city';
import {
  compareEvents,
  FOLD_VERSION,
  type FoldPosition,
  foldForward,
  foldIncident,
  foldPosition,
  type IncidentEvent,
  type IncidentState,
  type IncidentView,
} from '@twin/domain';
import type { PoolClient } from 'pg';
import { INCIDENT_LOCK_NAMESPACE } from './lock-keys.js';
import { storeUnitFacts } from './unit-status.js';

interface StoredState {
  state: IncidentView;
  fold_version: number;
  fold_position: FoldPosition | null;
}

export interface FoldOutcome {
  views: IncidentView[];
  /** Incidents folded from their whole history (late events, older fold rules). */
  refolded: number;
}

/** Takes the incidents' locks until the end of the transaction, in id order (so never a deadlock). */
export async function lockIncidents(client: PoolClient, ids: readonly string[]): Promise<void> {
  await client.query(
    `select pg_advisory_xact_lock(${INCIDENT_LOCK_NAMESPACE}, hashtext(id))
     from (select unnest($1::text[]) as id order by 1) ids`,
    [ids],
  );
}

/** Applies newly inserted events to their incidents' stored states and stores the new states. */
export async function applyNewEvents(
  client: PoolClient,
  events: readonly IncidentEvent[],
  places: Placer,
): Promise<FoldOutcome> {
  const byIncident = groupByIncident(events);
  const ids = [...byIncident.keys()].sort();
  if (ids.length === 0) return { views: [], refolded: 0 };
  await lockIncidents(client, ids);
  const { rows } = await client.query<StoredState & { incident_id: string }>(
    'select incident_id, state, fold_version, fold_position from incidents where incident_id = any($1::text[])',
    [ids],
  );
  const stored = new Map(rows.map((r) => [r.incident_id, r]));
  const folded: { state: IncidentState; position: FoldPosition }[] = [];
  const late: string[] = [];
  for (const id of ids) {
    const prev = stored.get(id);
    const forward =
      prev && prev.fold_version === FOLD_VERSION && prev.fold_position
        ? foldForward(prev.state, prev.fold_position, byIncident.get(id)!)
        : prev
          ? null
          : foldFromScratch(byIncident.get(id)!);
    if (forward) folded.push(forward);
    else late.push(id);
  }
  folded.push(...(await refoldFromHistory(client, late)));
  return { views: await storeStates(client, folded, places), refolded: late.length };
}

function groupByIncident(events: readonly IncidentEvent[]): Map<string, IncidentEvent[]> {
  const byIncident = new Map<string, IncidentEvent[]>();
  for (const e of events) {
    const list = byIncident.get(e.incidentId);
    if (list) list.push(e);
    else byIncident.set(e.incidentId, [e]);
  }
  return byIncident;
}

/** A new incident: its first events fold from nothing (any other events of it are not stored yet). */
function foldFromScratch(events: readonly IncidentEvent[]) {
  const state = foldIncident(events);
  return state ? { state, position: lastPosition(events) } : null;
}

function lastPosition(events: readonly IncidentEvent[]): FoldPosition {
  let last = events[0]!;
  for (const e of events) if (compareEvents(e, last) > 0) last = e;
  return foldPosition(last);
}

/** Folds incidents from every stored event (which includes this transaction's). */
export async function refoldFromHistory(
  client: PoolClient,
  incidentIds: readonly string[],
): Promise<{ state: IncidentState; position: FoldPosition }[]> {
  if (incidentIds.length === 0) return [];
  const { rows } = await client.query<{ body: IncidentEvent }>(
    'select body from incident_events where incident_id = any($1::text[])',
    [incidentIds],
  );
  const out: { state: IncidentState; position: FoldPosition }[] = [];
  for (const events of groupByIncident(rows.map((r) => r.body)).values()) {
    const folded = foldFromScratch(events);
    if (folded) out.push(folded);
  }
  return out;
}

function earliest(times: readonly (number | null)[]): number | null {
  let min: number | null = null;
  for (const t of times) if (t !== null && (min === null || t < min)) min = t;
  return min;
}

/**
 * Stores folded states with the district and grid cell of their place (placed again from the state's
 * position every time, so an incident a later event moves gets its new place), the fold version and position,
 * and what they say about their units (the unit board, db/unit-status.ts).
 */
export async function storeStates(
  client: PoolClient,
  folded: readonly { state: IncidentState; position: FoldPosition }[],
  places: Placer,
): Promise<IncidentView[]> {
  if (folded.length === 0) return [];
  const views = folded.map(({ state }) => {
    const { district: _d, cell: _c, outsideCity: _o, ...plain } = state as IncidentView;
    return { ...plain, ...places.place(state.lon, state.lat) } satisfies IncidentView;
  });
  await client.query(
    `insert into incidents (incident_id, status, department, severity, category, category_key, awaiting_report,
                            district, cell, lat, lon, opened_at, updated_at, state, fold_version, fold_position,
                            awaiting_ack, assisting, acknowledged_at, first_dispatched_at, first_on_scene_at)
     select v.incident_id, v.status, v.department, v.severity, v.category, v.category_key, v.awaiting_report,
            v.district, v.cell, v.lat, v.lon, to_timestamp(v.opened_at / 1000.0), to_timestamp(v.updated_at / 1000.0),
            v.state, $2, v.position, v.awaiting_ack, array(select jsonb_array_elements_text(v.assisting)),
            to_timestamp(v.acknowledged_at / 1000.0), to_timestamp(v.first_dispatched_at / 1000.0),
            to_timestamp(v.first_on_scene_at / 1000.0)
     from jsonb_to_recordset($1::jsonb) as v(incident_id text, status text, department text, severity int,
          category text, category_key text, awaiting_report boolean, district text, cell text, lat float8, lon float8,
          opened_at float8, updated_at float8, state jsonb, position jsonb, awaiting_ack boolean, assisting jsonb,
          acknowledged_at float8, first_dispatched_at float8, first_on_scene_at float8)
     on conflict (incident_id) do update set status = excluded.status, department = excluded.department,
       severity = excluded.severity, category = excluded.category, category_key = excluded.category_key,
       awaiting_report = excluded.awaiting_report, district = excluded.district, cell = excluded.cell,
       lat = excluded.lat, lon = excluded.lon, opened_at = excluded.opened_at, updated_at = excluded.updated_at,
       state = excluded.state, fold_version = excluded.fold_version, fold_position = excluded.fold_position,
       awaiting_ack = excluded.awaiting_ack, assisting = excluded.assisting,
       acknowledged_at = excluded.acknowledged_at, first_dispatched_at = excluded.first_dispatched_at,
       first_on_scene_at = excluded.first_on_scene_at`,
    [
      JSON.stringify(
        views.map((v, i) => ({
          incident_id: v.incidentId,
          status: v.status,
          department: v.department,
          severity: v.severity,
          category: v.category,
          category_key: v.categoryKey,
          awaiting_report: v.awaitingReport,
          district: v.district,
          cell: v.cell,
          lat: v.lat,
          lon: v.lon,
          opened_at: v.openedAt,
          updated_at: v.updatedAt,
          state: v,
          position: folded[i]!.position,
          // The KPI board's columns (db/kpis.ts): the first unit dispatched and the first on scene.
          awaiting_ack: v.awaitingAck,
          assisting: v.assisting,
          acknowledged_at: v.acknowledgedAt,
          first_dispatched_at: earliest(v.units.map((u) => u.dispatchedAt)),
          first_on_scene_at: earliest(v.units.map((u) => u.onSceneAt)),
        })),
      ),
      FOLD_VERSION,
    ],
  );
  await storeUnitFacts(client, views);
  return views;
}
