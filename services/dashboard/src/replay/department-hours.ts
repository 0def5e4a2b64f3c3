/**
 * The analysis panel's department × hour table (GET /api/v1/analysis `byDepartmentHour`): rows the
 * departments, columns the window's hours in the city's time, cells the incidents opened, with row and column
 * totals. Pure: the panel only draws what this returns.
 *
 * NOTE: the server counts by UTC hour; the city's hours are the same hours (labelled in its zone) wherever
 * the zone is a whole number of hours from UTC, and labelled ":30" or ":45" where it is not. A window longer
 * than MAX_HOUR_COLUMNS hours would be too wide to read: then the columns are the 24 hours of the city's day,
 * each the sum of that hour over every day of the window.
 */
import type { WindowAnalysis } from '@twin/domain';
import { type CityTime, formatHourOfDay, formatMinute } from '../lib/format.js';

/** Beyond this many hours, the columns are the hours of the day. */
export const MAX_HOUR_COLUMNS = 48;
const HOUR_MS = 3_600_000;

export interface HourColumn {
  /** The hour's start (epoch ms), or for 'hour-of-day' the city's hour (0–23). */
  key: number;
  /** "07:00" in the city's time. */
  label: string;
  /** The heading's tooltip: the hour with its date and zone, or "every day, 07:00". */
  title: string;
}

export interface DepartmentHourRow {
  department: string;
  cells: number[];
  total: number;
}

export interface DepartmentHourTable {
  kind: 'hours' | 'hour-of-day';
  columns: HourColumn[];
  rows: DepartmentHourRow[];
  columnTotals: number[];
  total: number;
}

/** The city's hour of the day (0–23) at `ts`. */
function cityHour(ts: number, where: CityTime): number {
  return Number(formatHourOfDay(ts, where).slice(0, 2)) % 24;
}

/**
 * The table for the window [from, to]. `order` lists department ids as the city does; departments with counts
 * that it does not list follow, by id. Departments without any incident in the window have no row.
 */
export function departmentHourTable(
  counts: WindowAnalysis['byDepartmentHour'],
  window: { from: number; to: number },
  where: CityTime,
  order: readonly string[] = [],
): DepartmentHourTable {
  const first = Math.floor(window.from / HOUR_MS) * HOUR_MS;
  const last = Math.floor(window.to / HOUR_MS) * HOUR_MS;
  const hours = (last - first) / HOUR_MS + 1;
  const kind = hours > MAX_HOUR_COLUMNS ? 'hour-of-day' : 'hours';
  const columns: HourColumn[] = [];
  const columnOf = new Map<number, number>();
  if (kind === 'hours') {
    for (let h = first; h <= last; h += HOUR_MS) {
      columnOf.set(h, columns.length);
      columns.push({ key: h, label: formatHourOfDay(h, where), title: formatMinute(h, where) });
    }
  } else {
    // Labelled with the minutes the UTC hours start at in the city (":00" in most zones).
    const minutes = formatHourOfDay(first, where).slice(2);
    for (let hour = 0; hour < 24; hour++) {
      columnOf.set(hour, hour);
      const label = `${String(hour).padStart(2, '0')}${minutes}`;
      columns.push({ key: hour, label, title: `every day of the window, ${label}` });
    }
  }

  const byDepartment = new Map<string, number[]>();
  for (const c of counts) {
    const column = columnOf.get(kind === 'hours' ? c.hour : cityHour(c.hour, where));
    if (column === undefined) continue;
    let cells = byDepartment.get(c.department);
    if (!cells) {
      cells = new Array<number>(columns.length).fill(0);
      byDepartment.set(c.department, cells);
    }
    cells[column] = (cells[column] ?? 0) + c.count;
  }
  const rank = new Map(order.map((id, i) => [id, i]));
  const rows = [...byDepartment]
    .map(([department, cells]) => ({ department, cells, total: cells.reduce((a, b) => a + b, 0) }))
    .sort(
      (a, b) =>
        (rank.get(a.department) ?? order.length) - (rank.get(b.department) ?? order.length) ||
        (a.department < b.department ? -1 : a.department > b.department ? 1 : 0),
    );
  const columnTotals = columns.map((_, i) => rows.reduce((n, r) => n + (r.cells[i] ?? 0), 0));
  return { kind, columns, rows, columnTotals, total: columnTotals.reduce((a, b) => a + b, 0) };
}
