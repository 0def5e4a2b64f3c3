/**
 * Counts per area (GET /api/v1/areas/…, the open-outside gauge on /metrics). The unit is (district, cell)
 * as stored with each incident and sensor at ingest; district counts come from the same rows grouped by
 * district only, so they are exactly the sums of their cells. What each count means is documented once,
 * in the domain (areas.ts: AreaCountsSchema).
 */
import { cellBounds, type Placer } from '@twin/city';
import type { AreaCounts, CellCounts, CellCountsResponse, DistrictCountsResponse } from '@twin/domain';
import type { Queryable } from './pool.js';

/** A stored position in no district (the rule of @twin/city's placer, as SQL). */
export const OUTSIDE_CITY_SQL = 'lat is not null and district is null';

export interface AreaQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Owner or assisting department (as /incidents filters), or a sensor's department. */
  department?: string;
  /** Incidents of this category key only (sensors are not filtered by it). */
  category?: string;
  /** Only this district's units (cells). */
  district?: string;
}

interface UnitRow {
  district: string | null;
  cell: string | null;
  located: boolean;
  opened: string;
  open_at_end: string;
  sensors: string;
}

/**
 * One row per (district, cell, located) unit with its incident and sensor counts. `byCell` false groups
 * by district only (cell null), which is what the district totals need.
 */
async function unitRows(db: Queryable, q: AreaQuery, byCell: boolean): Promise<UnitRow[]> {
  const params: unknown[] = [new Date(q.from).toISOString(), new Date(q.to).toISOString(), q.to];
  const incidentWhere = ['opened_at < $2'];
  const sensorWhere = ['registered'];
  if (q.department) {
    const p = params.push(q.department);
    incidentWhere.push(`(department = $${p} or state->'assisting' ? $${p})`);
    sensorWhere.push(`department = $${p}`);
  }
  if (q.category) incidentWhere.push(`category_key = $${params.push(q.category)}`);
  if (q.district) {
    const p = params.push(q.district);
    incidentWhere.push(`district = $${p}`);
    sensorWhere.push(`district = $${p}`);
  }
  const cell = byCell ? 'cell' : 'null::text';
  // NOTE: resolvedAt is set by `resolved` and by `closed` (when not resolved before), and cleared by
  // `reopened`: "not resolved before `to`" is resolvedAt null or ≥ to.
  const { rows } = await db.query<UnitRow>(
    `with i as (
       select district, ${cell} as cell, lat is not null as located,
              count(*) filter (where opened_at >= $1) as opened,
              count(*) filter (where coalesce((state->>'resolvedAt')::float8 >= $3, true)) as open_at_end
       from incidents where ${incidentWhere.join(' and ')} group by 1, 2, 3),
     s as (
       select district, ${cell} as cell, lat is not null as located, count(*) as sensors
       from sensors where ${sensorWhere.join(' and ')} group by 1, 2, 3)
     select coalesce(i.district, s.district) as district, coalesce(i.cell, s.cell) as cell,
            coalesce(i.located, s.located) as located, coalesce(i.opened, 0) as opened,
            coalesce(i.open_at_end, 0) as open_at_end, coalesce(s.sensors, 0) as sensors
     from i full join s on i.district is not distinct from s.district and i.cell is not distinct from s.cell
                       and i.located = s.located`,
    params,
  );
  return rows;
}

const zero = (): AreaCounts => ({ incidentsOpened: 0, incidentsOpenAtEnd: 0, sensors: 0 });

function add(into: AreaCounts, row: UnitRow): AreaCounts {
  into.incidentsOpened += Number(row.opened);
  into.incidentsOpenAtEnd += Number(row.open_at_end);
  into.sensors += Number(row.sensors);
  return into;
}

export async function districtCounts(
  db: Queryable,
  places: Placer,
  q: AreaQuery,
): Promise<DistrictCountsResponse> {
  const byDistrict = new Map(places.districtNames.map((name) => [name, zero()]));
  const outsideCity = zero();
  const withoutLocation = zero();
  for (const row of await unitRows(db, q, false)) {
    if (!row.located) add(withoutLocation, row);
    else if (row.district === null) add(outsideCity, row);
    // NOTE: a district the pack no longer has (rows placed by an older pack) is still reported.
    else add(byDistrict.get(row.district) ?? byDistrict.set(row.district, zero()).get(row.district)!, row);
  }
  return {
    from: q.from,
    to: q.to,
    cellMeters: places.cellMeters,
    districts: [...byDistrict].map(([district, counts]) => ({ district, ...counts })),
    outsideCity,
    withoutLocation,
  };
}

export async function cellCounts(db: Queryable, places: Placer, q: AreaQuery): Promise<CellCountsResponse> {
  const order = new Map(places.districtNames.map((name, i) => [name, i]));
  const rank = (d: string | null) => (d === null ? Number.MAX_SAFE_INTEGER : (order.get(d) ?? order.size));
  const cells: CellCounts[] = [];
  for (const row of await unitRows(db, q, true)) {
    if (!row.located || row.cell === null) continue;
    cells.push({
      district: row.district,
      cell: row.cell,
      bounds: cellBounds(row.cell, places.cellMeters),
      ...add(zero(), row),
    });
  }
  cells.sort(
    (a, b) =>
      rank(a.district) - rank(b.district) ||
      (a.district ?? '').localeCompare(b.district ?? '') ||
      compareCells(a.cell, b.cell),
  );
  return { from: q.from, to: q.to, cellMeters: places.cellMeters, district: q.district ?? null, cells };
}

/** Row (south to north), then column (west to east). */
function compareCells(a: string, b: string): number {
  const [ra, ca] = a.split(':').map(Number) as [number, number];
  const [rb, cb] = b.split(':').map(Number) as [number, number];
  return ra - rb || ca - cb;
}
