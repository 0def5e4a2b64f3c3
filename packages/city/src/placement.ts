/**
 * Where a point is, as everything that aggregates by area reads it: its district (the city pack's polygons)
 * and its grid cell. The unit of area accounting is the pair (district, cell): a cell that straddles a
 * district boundary is two units, one per district, so a district's count is exactly the sum of its cells'.
 *
 * Three cases, kept distinct:
 * - in the city: a district and a cell;
 * - outside the city (a position in no district): no district, a cell, `outsideCity: true` — kept, never
 *   dropped, and counted apart;
 * - no position at all (an incident whose report has not arrived): nothing, and not "outside".
 */
import type { DistrictIndex } from './district-index.js';
import { gridCellId } from './grid.js';

export interface Placement {
  district: string | null;
  cell: string | null;
  outsideCity: boolean;
}

export interface Placer {
  /** The pack's grid size (manifest `grid.cellMeters`). */
  cellMeters: number;
  /** District names in the pack's order. */
  districtNames: readonly string[];
  place(lon: number | null | undefined, lat: number | null | undefined): Placement;
}

/** The placement of something without a position. */
export const UNPLACED: Placement = Object.freeze({ district: null, cell: null, outsideCity: false });

export function createPlacer(districts: DistrictIndex, cellMeters: number): Placer {
  if (!(Number.isFinite(cellMeters) && cellMeters > 0))
    throw new Error(`grid.cellMeters must be a positive number of metres; got ${cellMeters}`);
  return {
    cellMeters,
    districtNames: districts.names,
    place(lon, lat) {
      if (
        typeof lon !== 'number' ||
        typeof lat !== 'number' ||
        !Number.isFinite(lon) ||
        !Number.isFinite(lat)
      )
        return UNPLACED;
      // The district lookup is the only real work (a bounding-box filter, then point-in-polygon); the
      // cell is arithmetic.
      const district = districts.locate(lon, lat);
      return { district, cell: gridCellId(lon, lat, cellMeters), outsideCity: district === null };
    },
  };
}
