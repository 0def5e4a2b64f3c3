/**
 * Places the stored incidents and sensors again (district and grid cell) when what they were placed with
 * changed: the first start after migration 6 (rows stored before had no cell), or a city pack with other
 * districts or another grid size. The writer places everything it stores, so this runs only when the
 * fingerprint of the city's districts and grid differs from the one recorded in `placement_basis`.
 *
 * Page by page, each page in a transaction of its own, under the writer's per-incident locks, so it can run
 * while the service ingests; what comes out different is logged to the change log, so live clients see it.
 */
import { createHash } from 'node:crypto';
import type { DistrictCollection, Placer } from '@twin/city';
import type { IncidentView } from '@twin/domain';
import type pg from 'pg';
import { appendChanges, NO_TOTALS } from './change-log.js';
import { lockIncidents } from './incident-states.js';
import { withTransaction } from './pool.js';

/** What stored placements depend on: the districts' names and shapes, and the grid size. */
export function placementFingerprint(city: { districts: DistrictCollection; places: Placer }): string {
  return createHash('sha256')
    .update(JSON.stringify({ cellMeters: city.places.cellMeters, districts: city.districts.features }))
    .digest('hex');
}

export interface PlacementResult {
  /** False when the stored rows were placed with this very fingerprint already. */
  ran: boolean;
  incidents: number;
  sensors: number;
  /** Rows whose district or cell came out different. */
  changed: number;
}

export async function placeStoredRows(
  pool: pg.Pool,
  places: Placer,
  fingerprint: string,
  options: { pageSize?: number } = {},
): Promise<PlacementResult> {
  const result: PlacementResult = { ran: false, incidents: 0, sensors: 0, changed: 0 };
  const { rows } = await pool.query<{ fingerprint: string }>(
    'select fingerprint from placement_basis where id = 1',
  );
  if (rows[0]?.fingerprint === fingerprint) return result;
  result.ran = true;
  const pageSize = options.pageSize ?? 1000;
  await placeIncidents(pool, places, pageSize, result);
  await placeSensors(pool, places, pageSize, result);
  await pool.query(
    `insert into placement_basis (id, fingerprint) values (1, $1)
     on conflict (id) do update set fingerprint = excluded.fingerprint, placed_at = now()`,
    [fingerprint],
  );
  return result;
}

async function placeIncidents(pool: pg.Pool, places: Placer, pageSize: number, result: PlacementResult) {
  let after = '';
  for (;;) {
    const page = await pool.query<{ incident_id: string }>(
      'select incident_id from incidents where incident_id > $1 order by incident_id limit $2',
      [after, pageSize],
    );
    if (page.rows.length === 0) return;
    const ids = page.rows.map((r) => r.incident_id);
    after = ids[ids.length - 1]!;
    result.incidents += ids.length;
    result.changed += await withTransaction(pool, async (client) => {
      await lockIncidents(client, ids);
      const { rows } = await client.query<{ state: IncidentView }>(
        'select state from incidents where incident_id = any($1::text[])',
        [ids],
      );
      const changed: IncidentView[] = [];
      for (const { state } of rows) {
        const placed = places.place(state.lon, state.lat);
        if (
          state.district !== placed.district ||
          state.cell !== placed.cell ||
          state.outsideCity !== placed.outsideCity
        )
          changed.push({ ...state, ...placed });
      }
      if (changed.length === 0) return 0;
      await client.query(
        `update incidents i set district = v.district, cell = v.cell, state = v.state
         from jsonb_to_recordset($1::jsonb) as v(incident_id text, district text, cell text, state jsonb)
         where i.incident_id = v.incident_id`,
        [
          JSON.stringify(
            changed.map((v) => ({ incident_id: v.incidentId, district: v.district, cell: v.cell, state: v })),
          ),
        ],
      );
      await appendChanges(
        client,
        { incidents: changed, sensorIds: [], readingSensorIds: null, deadLetters: [] },
        NO_TOTALS,
      );
      return changed.length;
    });
  }
}

async function placeSensors(pool: pg.Pool, places: Placer, pageSize: number, result: PlacementResult) {
  let after = '';
  for (;;) {
    const { rows } = await pool.query<{
      sensor_id: string;
      lat: number | null;
      lon: number | null;
      district: string | null;
      cell: string | null;
    }>(
      'select sensor_id, lat, lon, district, cell from sensors where sensor_id > $1 order by sensor_id limit $2',
      [after, pageSize],
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.sensor_id;
    result.sensors += rows.length;
    const changed = rows
      .map((r) => ({ ...r, placed: places.place(r.lon, r.lat) }))
      .filter((r) => r.district !== r.placed.district || r.cell !== r.placed.cell);
    if (changed.length === 0) continue;
    result.changed += await withTransaction(pool, async (client) => {
      // NOTE: only where the position is still the one placed here: a registration the writer committed
      // meanwhile placed its new position itself.
      const updated = await client.query<{ sensor_id: string; registered: boolean }>(
        `update sensors s set district = v.district, cell = v.cell
         from jsonb_to_recordset($1::jsonb) as v(sensor_id text, lat float8, lon float8, district text, cell text)
         where s.sensor_id = v.sensor_id and s.lat is not distinct from v.lat and s.lon is not distinct from v.lon
         returning s.sensor_id, s.registered`,
        [
          JSON.stringify(
            changed.map((r) => ({
              sensor_id: r.sensor_id,
              lat: r.lat,
              lon: r.lon,
              district: r.placed.district,
              cell: r.placed.cell,
            })),
          ),
        ],
      );
      const registered = updated.rows.filter((r) => r.registered).map((r) => r.sensor_id);
      if (registered.length > 0)
        await appendChanges(
          client,
          { incidents: [], sensorIds: registered, readingSensorIds: null, deadLetters: [] },
          NO_TOTALS,
        );
      return updated.rows.length;
    });
  }
}
