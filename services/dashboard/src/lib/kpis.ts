/**
 * The KPI board's figures in words, per department in the city's order, with names and not ids. Whether a
 * response time is over target is the server's call (`overTarget`, the 90th percentile against the
 * department's target): shown here with a colour, a ▲ mark and the words "over target", never colour alone.
 */
import {
  type Department,
  type DepartmentKpis,
  type KpiBoard,
  RESPONSE_MEASURES,
  type ResponseMeasure,
  type ResponseTime,
} from '@twin/domain';
import { formatResponseTime, formatResponseTimeShort, formatWindow } from './format.js';

export const MEASURE_LABELS: Record<ResponseMeasure, string> = {
  acknowledge: 'To acknowledge',
  dispatch: 'To dispatch',
  onScene: 'To on scene',
};

export type TargetState = 'over' | 'within' | 'no-target' | 'no-data';

export interface ResponseCell {
  measure: ResponseMeasure;
  /** Short forms for the table ("4m05s"); `description` says it all in words. */
  median: string;
  p90: string;
  target: string;
  state: TargetState;
  /** The whole cell in words, for the tooltip and screen readers. */
  description: string;
}

export function targetState(time: ResponseTime): TargetState {
  if (time.count === 0 || time.p90S === null) return 'no-data';
  if (time.targetS === null) return 'no-target';
  return time.overTarget ? 'over' : 'within';
}

export function responseCell(measure: ResponseMeasure, time: ResponseTime): ResponseCell {
  const state = targetState(time);
  const median = formatResponseTime(time.medianS);
  const p90 = formatResponseTime(time.p90S);
  const target = time.targetS === null ? 'no target set' : formatResponseTime(time.targetS);
  const short = {
    median: formatResponseTimeShort(time.medianS),
    p90: formatResponseTimeShort(time.p90S),
    target: time.targetS === null ? '–' : formatResponseTimeShort(time.targetS),
  };
  const verdict = state === 'over' ? ', OVER TARGET' : state === 'within' ? ', within target' : '';
  const description =
    state === 'no-data'
      ? `${MEASURE_LABELS[measure]}: no incident reached this step in the window`
      : `${MEASURE_LABELS[measure]}: median ${median}, 90th percentile ${p90}, ${time.targetS === null ? target : `target ${target}`}${verdict} (${time.count} incident${time.count === 1 ? '' : 's'})`;
  return { measure, ...short, state, description };
}

export interface KpiRow {
  department: Department;
  kpis: DepartmentKpis;
  cells: ResponseCell[];
  /** Any response time over its target: the row is marked as a whole too. */
  anyOver: boolean;
}

/**
 * One row per department the board has, in the city's department order (unknown ones last, by id), each
 * with its display name; a department the list does not know yet reads as its id in grey until it does.
 */
export function kpiRows(board: KpiBoard, departments: readonly Department[]): KpiRow[] {
  const order = new Map(departments.map((d, index) => [d.id, index]));
  const byId = new Map(departments.map((d) => [d.id, d]));
  return [...board.departments]
    .sort(
      (a, b) =>
        (order.get(a.department) ?? Number.MAX_SAFE_INTEGER) -
          (order.get(b.department) ?? Number.MAX_SAFE_INTEGER) || a.department.localeCompare(b.department),
    )
    .map((kpis) => {
      const cells = RESPONSE_MEASURES.map((m) => responseCell(m, kpis.responseTimes[m]));
      return {
        department: byId.get(kpis.department) ?? {
          id: kpis.department,
          name: kpis.department,
          shortName: kpis.department,
          icon: '',
          color: [160, 160, 160],
          listed: false,
        },
        kpis,
        cells,
        anyOver: cells.some((c) => c.state === 'over'),
      };
    });
}

/** "Response times: median and 90th percentile over the last 24 h" — the window always stated. */
export function windowCaption(windowS: number): string {
  return `Response times from report: median · 90th percentile · target, over the last ${formatWindow(windowS)}`;
}
