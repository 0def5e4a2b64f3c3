/**
 * The figures of the wall's KPI board, per registered department, in one round trip (the embedded engine
 * serves one query at a time). Counts are of the incidents as they stand; response times are over the
 * incidents opened in the window (from, at] that reached each step, measured from their report:
 *   acknowledge: acknowledgedAt − openedAt; dispatch: the first unit's dispatchedAt − openedAt;
 *   on scene: the first unit's onSceneAt − openedAt,
 * as median and 90th percentile (percentile_cont, linear interpolation between ranks). Incidents still
 * awaiting their report are counted but not timed: when they opened is not known yet.
 * The owner is the department judged (after a hand-over, the new owner).
 */
import { OPEN_STATUSES, RESPONSE_MEASURES, type ResponseMeasure } from '@twin/domain';
import type { Queryable } from './pool.js';

export interface MeasuredTimes {
  count: number;
  medianS: number | null;
  p90S: number | null;
}

export interface DepartmentFigures {
  department: string;
  open: number;
  newLastHour: number;
  critical: number;
  high: number;
  awaitingAck: number;
  assisting: number;
  responseTimes: Record<ResponseMeasure, MeasuredTimes>;
}

const HOUR_MS = 60 * 60_000;
// NOTE: written out (constants of the domain, plain lower-case words) so the planner can use the partial
// index incidents_open (migration 10), whose predicate is this very list.
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
/** A response time: seconds from the incident's opening to a step's stored column (the analysis uses it too). */
export const SECONDS_AFTER_OPENING = (column: string) =>
  `extract(epoch from i.${column} - i.opened_at)::float8`;

// NOTE: the window bounds compare opened_at (indexed: incidents_opened) and the clock is passed in, so a
// historical feed's figures are for its own time (the caller passes the data clock). Every figure comes from
// columns the writer keeps (migration 10), none from the state's jsonb, and the open incidents are read once.
export const KPI_SQL = `
  with open_incidents as materialized (
    select department, severity, awaiting_ack, assisting from incidents where status in (${OPEN_STATUSES_SQL})),
  counts as (
    select department, count(*) as open, count(*) filter (where severity = 5) as critical,
      count(*) filter (where severity >= 4) as high, count(*) filter (where awaiting_ack) as awaiting_ack
    from open_incidents group by department),
  new_last_hour as (
    select department, count(*) as new_last_hour from incidents
    where opened_at > $2 and opened_at <= $1 group by department),
  assisting as (
    select a.department, count(*) as assisting
    from open_incidents o, unnest(o.assisting) as a(department)
    group by a.department),
  timed as (
    select i.department,
      ${SECONDS_AFTER_OPENING('acknowledged_at')} as acknowledge,
      ${SECONDS_AFTER_OPENING('first_dispatched_at')} as dispatch,
      ${SECONDS_AFTER_OPENING('first_on_scene_at')} as on_scene
    from incidents i
    where i.opened_at > $3 and i.opened_at <= $1 and not i.awaiting_report),
  times as (
    select department,
      count(acknowledge) as ack_n,
      percentile_cont(0.5) within group (order by acknowledge) as ack_p50,
      percentile_cont(0.9) within group (order by acknowledge) as ack_p90,
      count(dispatch) as dispatch_n,
      percentile_cont(0.5) within group (order by dispatch) as dispatch_p50,
      percentile_cont(0.9) within group (order by dispatch) as dispatch_p90,
      count(on_scene) as on_scene_n,
      percentile_cont(0.5) within group (order by on_scene) as on_scene_p50,
      percentile_cont(0.9) within group (order by on_scene) as on_scene_p90
    from timed group by department)
  select d.id as department, c.open, n.new_last_hour, c.critical, c.high, c.awaiting_ack, a.assisting,
         t.ack_n, t.ack_p50, t.ack_p90, t.dispatch_n, t.dispatch_p50, t.dispatch_p90,
         t.on_scene_n, t.on_scene_p50, t.on_scene_p90
  from departments d
  left join counts c on c.department = d.id
  left join new_last_hour n on n.department = d.id
  left join assisting a on a.department = d.id
  left join times t on t.department = d.id
  order by d.listed desc, d.position, d.id collate "C"`;

/** KPI_SQL's parameters for the instant `at` and a window of `windowMs` before it. */
export function kpiParams(at: number, windowMs: number): unknown[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  return [iso(at), iso(at - HOUR_MS), iso(at - windowMs)];
}

type KpiRow = Record<string, string | number | null> & { department: string };

/** Figures per registered department (the pack's in pack order, then unlisted ones by id). */
export async function readDepartmentFigures(
  db: Queryable,
  at: number,
  windowMs: number,
): Promise<DepartmentFigures[]> {
  const { rows } = await db.query<KpiRow>(KPI_SQL, kpiParams(at, windowMs));
  const int = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
  const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const columns: Record<ResponseMeasure, string> = {
    acknowledge: 'ack',
    dispatch: 'dispatch',
    onScene: 'on_scene',
  };
  return rows.map((r) => ({
    department: r.department,
    open: int(r.open),
    newLastHour: int(r.new_last_hour),
    critical: int(r.critical),
    high: int(r.high),
    awaitingAck: int(r.awaiting_ack),
    assisting: int(r.assisting),
    responseTimes: Object.fromEntries(
      RESPONSE_MEASURES.map((m) => {
        const c = columns[m];
        return [m, { count: int(r[`${c}_n`]), medianS: num(r[`${c}_p50`]), p90S: num(r[`${c}_p90`]) }];
      }),
    ) as Record<ResponseMeasure, MeasuredTimes>,
  }));
}
