import { describe, expect, it } from 'vitest';
import { departmentHourTable, MAX_HOUR_COLUMNS } from './department-hours.js';

const H = 3_600_000;
const LA = { timeZone: 'America/Los_Angeles', locale: 'en-US' };
// 2020-04-07 07:00 UTC = 00:00 in San Francisco (PDT, UTC−7).
const DAY = Date.UTC(2020, 3, 7, 7);

describe('department × hour table', () => {
  it('has a column per hour of the window in city time, a row per department, and totals', () => {
    const table = departmentHourTable(
      [
        { department: 'police', hour: DAY, count: 2 },
        { department: 'fire', hour: DAY, count: 1 },
        { department: 'fire', hour: DAY + 2 * H, count: 4 },
        { department: 'zoo', hour: DAY + H, count: 3 },
      ],
      { from: DAY + 30 * 60_000, to: DAY + 2 * H + 10 * 60_000 },
      LA,
      ['fire', 'ems', 'police'],
    );
    expect(table.kind).toBe('hours');
    expect(table.columns.map((c) => c.label)).toEqual(['00:00', '01:00', '02:00']);
    expect(table.columns[0]!.title).toBe('2020-04-07 00:00 PDT');
    // The city's order first (ems has no incident: no row), then the others by id.
    expect(table.rows).toEqual([
      { department: 'fire', cells: [1, 0, 4], total: 5 },
      { department: 'police', cells: [2, 0, 0], total: 2 },
      { department: 'zoo', cells: [0, 3, 0], total: 3 },
    ]);
    expect(table.columnTotals).toEqual([3, 3, 4]);
    expect(table.total).toBe(10);
  });

  it('labels the hours where the zone is not a whole number of hours from UTC', () => {
    const table = departmentHourTable(
      [{ department: 'fire', hour: DAY, count: 1 }],
      { from: DAY, to: DAY + H },
      { timeZone: 'Asia/Kolkata' },
    );
    expect(table.columns.map((c) => c.label)).toEqual(['12:30', '13:30']);
  });

  it('sums each hour of the day over a window too long for a column per hour', () => {
    const from = DAY;
    const to = DAY + MAX_HOUR_COLUMNS * H + 5 * 24 * H;
    const table = departmentHourTable(
      [
        { department: 'fire', hour: DAY + 8 * H, count: 2 },
        { department: 'fire', hour: DAY + 24 * H + 8 * H, count: 3 },
        { department: 'ems', hour: DAY + 3 * 24 * H + 23 * H, count: 1 },
      ],
      { from, to },
      LA,
    );
    expect(table.kind).toBe('hour-of-day');
    expect(table.columns).toHaveLength(24);
    expect(table.columns[8]!.label).toBe('08:00');
    expect(table.rows.find((r) => r.department === 'fire')!.cells[8]).toBe(5);
    expect(table.rows.find((r) => r.department === 'ems')!.cells[23]).toBe(1);
    expect(table.total).toBe(6);
  });

  it('is empty for a window without incidents', () => {
    const table = departmentHourTable([], { from: DAY, to: DAY + H / 2 }, LA);
    expect(table.rows).toEqual([]);
    expect(table.columnTotals).toEqual([0]);
    expect(table.total).toBe(0);
  });
});
