import type { Department, DepartmentKpis, KpiBoard, ResponseTime } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { kpiRows, responseCell, targetState, windowCaption } from './kpis.js';

const time = (overrides: Partial<ResponseTime> = {}): ResponseTime => ({
  count: 10,
  medianS: 95,
  p90S: 310,
  targetS: 300,
  overTarget: true,
  ...overrides,
});

function kpis(department: string, overrides: Partial<DepartmentKpis> = {}): DepartmentKpis {
  const within = time({ p90S: 100, overTarget: false });
  return {
    department,
    open: 3,
    newLastHour: 1,
    critical: 0,
    high: 1,
    awaitingAck: 1,
    assisting: 0,
    handoversWaiting: 0,
    responseTimes: { acknowledge: within, dispatch: within, onScene: within },
    ...overrides,
  };
}

const DEPARTMENTS: Department[] = [
  { id: 'fire', name: 'Fire', shortName: 'Fire', icon: 'fire', color: [255, 82, 56], listed: true },
  { id: 'police', name: 'Police', shortName: 'Police', icon: 'shield', color: [64, 140, 255], listed: true },
];

describe('responseCell', () => {
  it('marks a 90th percentile over target in words, not only in colour', () => {
    const cell = responseCell('acknowledge', time());
    expect(cell).toMatchObject({ median: '1m35s', p90: '5m10s', target: '5m00s', state: 'over' });
    expect(cell.description).toContain('OVER TARGET');
    expect(cell.description).toContain('90th percentile 5 min 10 s');
  });

  it('tells within target, no target and no data apart', () => {
    expect(targetState(time({ p90S: 200, overTarget: false }))).toBe('within');
    expect(targetState(time({ targetS: null, overTarget: false }))).toBe('no-target');
    expect(targetState(time({ count: 0, medianS: null, p90S: null, overTarget: false }))).toBe('no-data');
    const none = responseCell('onScene', time({ count: 0, medianS: null, p90S: null, overTarget: false }));
    expect([none.median, none.p90]).toEqual(['–', '–']);
    expect(none.description).toBe('To on scene: no incident reached this step in the window');
    const noTarget = responseCell('dispatch', time({ targetS: null, overTarget: false }));
    expect([noTarget.target, noTarget.state]).toEqual(['–', 'no-target']);
    expect(noTarget.description).toContain('90th percentile 5 min 10 s, no target set (10 incidents)');
  });
});

describe('kpiRows', () => {
  it('orders departments as the city lists them, names them, and flags rows with a time over target', () => {
    const board: KpiBoard = {
      at: 0,
      windowS: 86_400,
      departments: [
        kpis('parks'),
        kpis('police'),
        kpis('fire', { responseTimes: { acknowledge: time(), dispatch: time(), onScene: time() } }),
      ],
    };
    const rows = kpiRows(board, DEPARTMENTS);
    expect(rows.map((r) => r.department.name)).toEqual(['Fire', 'Police', 'parks']);
    expect(rows.map((r) => r.anyOver)).toEqual([true, false, false]);
    expect(rows[2]?.department.listed).toBe(false);
  });

  it('states the rolling window', () => {
    expect(windowCaption(86_400)).toMatch(/over the last 1 d$/);
    expect(windowCaption(3 * 3600)).toMatch(/over the last 3 h$/);
  });
});
