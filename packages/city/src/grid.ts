/**
 * A fixed grid over the city for aggregates ("incidents per cell") and "last kilometre" governance. Cells
 * are ~`cellMeters` squares: rows are bands of latitude, and each row's cells are as wide in longitude as
 * `cellMeters` is at that row's middle latitude, so every cell is a true lon/lat rectangle. The id
 * `row:col` is stable across runs (pure arithmetic on the position), so it can be stored with a row.
 *
 * Edges: a point exactly on an edge belongs to the cell north of (or east of) that edge, exactly as
 * `cellBounds` computes the edges: the index is corrected after the division so that floating-point
 * rounding can never put a point on the other side of the edge `cellBounds` reports.
 */

/** Metres in one degree of latitude (and of longitude at the equator), as the grid measures them. */
export const METRES_PER_DEGREE = 111_320;

/** [west, south, east, north] in degrees. */
export type CellBounds = [number, number, number, number];

export interface GridCell {
  row: number;
  col: number;
}

function rowHeight(cellMeters: number): number {
  return cellMeters / METRES_PER_DEGREE;
}

function colWidth(row: number, cellMeters: number): number {
  const rowLat = (row + 0.5) * rowHeight(cellMeters);
  // NOTE: bounded away from 0 so the rows touching a pole stay finite (nothing there is a city).
  const cos = Math.max(Math.cos((rowLat * Math.PI) / 180), 1e-3);
  return cellMeters / (METRES_PER_DEGREE * cos);
}

/** floor(value / size), corrected so that index × size ≤ value < (index + 1) × size holds as computed. */
function indexOf(value: number, size: number): number {
  let i = Math.floor(value / size);
  if (i * size > value) i -= 1;
  else if ((i + 1) * size <= value) i += 1;
  return i;
}

export function gridCell(lon: number, lat: number, cellMeters: number): GridCell {
  const row = indexOf(lat, rowHeight(cellMeters));
  return { row, col: indexOf(lon, colWidth(row, cellMeters)) };
}

export function gridCellId(lon: number, lat: number, cellMeters = 500): string {
  const { row, col } = gridCell(lon, lat, cellMeters);
  return `${row}:${col}`;
}

const CELL_ID = /^(-?\d{1,9}):(-?\d{1,9})$/;

/** The row and column of a `row:col` id, or null when it is not one. */
export function parseCellId(id: string): GridCell | null {
  const m = CELL_ID.exec(id);
  return m ? { row: Number(m[1]), col: Number(m[2]) } : null;
}

/** The rectangle of a cell: every point with gridCellId(…) = id lies in [west, east) × [south, north). */
export function cellBounds(id: string, cellMeters = 500): CellBounds {
  const cell = parseCellId(id);
  if (!cell) throw new Error(`not a grid cell id: ${JSON.stringify(id)} (expected row:col)`);
  const dLat = rowHeight(cellMeters);
  const dLon = colWidth(cell.row, cellMeters);
  return [cell.col * dLon, cell.row * dLat, (cell.col + 1) * dLon, (cell.row + 1) * dLat];
}
