/**
 * What the rules read from the store, for the live engine and the dry run alike: the sensors a sensor rule
 * watches (with their place: district and grid cell from the city pack), their readings of the rule's metric
 * by the readings' primary key (sensor, metric, ts), and open incidents with their place.
 */
import type { Placer } from '@twin/city';
import {
  type IncidentState,
  inArea,
  OPEN_STATUSES,
  type RulePlace,
  type RuleReading,
  type RuleSensor,
  type SensorConditionRule,
} from '@twin/domain';
import type { Queryable } from '../db/pool.js';

export interface WatchedSensor extends RuleSensor {
  kind: string;
}

export function placeOf(places: Placer, lat: number | null, lon: number | null): RulePlace {
  const p = places.place(lon, lat);
  return { lat, lon, district: p.district, cell: p.cell };
}

/** Sensors with a position (all of them, or only these ids), with their place and the metric's unit. */
export async function loadSensors(
  db: Queryable,
  places: Placer,
  metric: string,
  ids: readonly string[] | null,
): Promise<WatchedSensor[]> {
  const { rows } = await db.query<{
    sensor_id: string;
    kind: string;
    lat: number;
    lon: number;
    unit: string | null;
  }>(
    `select sensor_id, kind, lat, lon, units->>$1 as unit from sensors
     where lat is not null and lon is not null and ($2::text[] is null or sensor_id = any($2::text[]))`,
    [metric, ids],
  );
  return rows.map((r) => ({
    sensorId: r.sensor_id,
    kind: r.kind,
    lat: r.lat,
    lon: r.lon,
    unit: r.unit,
    district: places.place(r.lon, r.lat).district,
  }));
}

/**
 * The sensors a rule watches. NOTE: a sensor without a position cannot be placed nor given an incident
 * (a `reported` event needs lat/lon), so it is never watched.
 */
export function watchedBy(rule: SensorConditionRule, sensors: readonly WatchedSensor[], places: Placer) {
  return sensors.filter(
    (s) =>
      (rule.when.sensorKind === undefined || s.kind === rule.when.sensorKind) &&
      inArea(rule.when.area, placeOf(places, s.lat, s.lon)),
  );
}

/**
 * Readings of `metric` per sensor after its own time (exclusive) up to `until` (inclusive), oldest first per
 * sensor, at most `limit` rows in all. Read by the primary key (sensor, metric, ts).
 */
export async function readingsAfter(
  db: Queryable,
  metric: string,
  after: ReadonlyMap<string, number>,
  until: number,
  limit: number,
): Promise<{ bySensor: Map<string, RuleReading[]>; count: number }> {
  const bySensor = new Map<string, RuleReading[]>();
  if (after.size === 0) return { bySensor, count: 0 };
  const { rows } = await db.query<{ sensor_id: string; t: number; value: number }>(
    `select r.sensor_id, floor(extract(epoch from r.ts) * 1000)::float8 as t, r.value
     from unnest($2::text[], $3::float8[]) as p(sensor_id, after_ms)
     join lateral (select sensor_id, ts, value from readings r
                   where r.sensor_id = p.sensor_id and r.metric = $1
                     and r.ts > to_timestamp(p.after_ms / 1000.0) and r.ts <= to_timestamp($4 / 1000.0)
                   order by r.ts) r on true
     order by r.sensor_id, r.ts
     limit $5`,
    [metric, [...after.keys()], [...after.values()], until, limit],
  );
  for (const r of rows) {
    const list = bySensor.get(r.sensor_id) ?? [];
    if (list.length === 0) bySensor.set(r.sensor_id, list);
    list.push({ ts: Number(r.t), value: r.value });
  }
  return { bySensor, count: rows.length };
}

export interface PlacedIncident {
  state: IncidentState;
  place: RulePlace;
}

/**
 * Open incidents that changed after `changedAfter` or were opened after `openedAfter` (the timers' reach),
 * at most `limit`, newest first.
 */
export async function openIncidents(
  db: Queryable,
  places: Placer,
  changedAfter: number,
  openedAfter: number,
  limit: number,
): Promise<PlacedIncident[]> {
  // NOTE: an incident changes at or after its opening, so one range on (status, updated_at) — an index —
  // finds both; the finer choice is made here.
  const { rows } = await db.query<{ state: IncidentState }>(
    `select state from incidents
     where status = any($1::text[]) and updated_at > to_timestamp($2 / 1000.0)
     order by updated_at desc limit $3`,
    [OPEN_STATUSES, Math.min(changedAfter, openedAfter), limit],
  );
  return rows
    .filter(({ state }) => state.updatedAt > changedAfter || state.openedAt > openedAfter)
    .map(({ state }) => ({ state, place: placeOf(places, state.lat, state.lon) }));
}
