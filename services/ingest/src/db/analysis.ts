/**
 * The window analysis (domain window-analysis.ts, `GET /api/v1/analysis`) in one query: the incidents opened in
 * [from, to] counted by owning department × hour, by district and by category, and their response times per
 * owning department as median and 90th percentile. The acknowledge, dispatch and on-scene times are the KPI
 * board's (db/kpis.ts: the same stored columns and SECONDS_AFTER_OPENING); resolve is resolved_at − opened_at.
 * An incident without a step's time (not reached, never recorded, or still awaiting its report, whose opening
 * is not known) is counted as missing for that step, never left out.
 */
import { ANALYSIS_MEASURES, type AnalysisMeasure, type WindowAnalysis } from '@twin/domain';
import { SECONDS_AFTER_OPENING } from './kpis.js';
import type { Queryable } from './pool.js';

export interface AnalysisQuery {
  from: number;
  to: number;
  /** Owner or assisting department, as `GET /api/v1/incidents` filters. */
  department?: string;
}

const COLUMN: Record<AnalysisMeasure, string> = {
  acknowledge: 'acknowledged_at',
  dispatch: 'first_dispatched_at',
  onScene: 'first_on_scene_at',
  resolve: 'resolved_at',
};

const timed = (m: AnalysisMeasure) =>
  `case when not i.awaiting_report then ${SECONDS_AFTER_OPENING(COLUMN[m])} end as ${m}`;

const percentiles = (m: AnalysisMeasure) =>
  `count(${m}) as ${m}_n, percentile_cont(0.5) within group (order by ${m}) as ${m}_p50,
   percentile_cont(0.9) within group (order by ${m}) as ${m}_p90`;

const ANALYSIS_SQL = (departmentFilter: string) => `
  with opened as materialized (
    select i.department, i.district, i.category_key, i.category, i.opened_at,
           ${ANALYSIS_MEASURES.map(timed).join(', ')}
    from incidents i
    where i.opened_at >= $1 and i.opened_at <= $2 ${departmentFilter}),
  by_hour as (
    select json_agg(json_build_object('department', department, 'hour', hour, 'count', n)
                    order by hour, department collate "C") as list
    from (select department, date_part('epoch', date_trunc('hour', opened_at, 'UTC')) * 1000 as hour, count(*) as n
          from opened group by 1, 2) h),
  by_district as (
    select json_agg(json_build_object('key', district, 'label', district, 'count', n)
                    order by n desc, district collate "C" nulls last) as list
    from (select district, count(*) as n from opened group by 1) d),
  by_category as (
    select json_agg(json_build_object('key', category_key, 'label', label, 'count', n)
                    order by n desc, category_key collate "C" nulls last) as list
    from (select category_key, min(category) as label, count(*) as n from opened group by 1) c),
  times as (
    select json_agg(t order by department collate "C") as list from (
      select department, count(*) as total, ${ANALYSIS_MEASURES.map(percentiles).join(', ')}
      from opened group by department) t)
  select (select count(*) from opened) as total, by_hour.list as by_hour, by_district.list as by_district,
         by_category.list as by_category, times.list as times
  from by_hour, by_district, by_category, times`;

type TimesRow = Record<string, number | string | null> & { department: string; total: number };

export async function readWindowAnalysis(db: Queryable, q: AnalysisQuery): Promise<WindowAnalysis> {
  const params: unknown[] = [new Date(q.from).toISOString(), new Date(q.to).toISOString()];
  const filter = q.department
    ? `and (i.department = $${params.push(q.department)} or $${params.length} = any(i.assisting))`
    : '';
  const { rows } = await db.query<{
    total: string;
    by_hour: WindowAnalysis['byDepartmentHour'] | null;
    by_district: WindowAnalysis['byDistrict'] | null;
    by_category: WindowAnalysis['byCategory'] | null;
    times: TimesRow[] | null;
  }>(ANALYSIS_SQL(filter), params);
  const r = rows[0]!;
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    from: q.from,
    to: q.to,
    total: Number(r.total),
    byDepartmentHour: r.by_hour ?? [],
    byDistrict: r.by_district ?? [],
    byCategory: r.by_category ?? [],
    responseTimes: (r.times ?? []).flatMap((t) =>
      ANALYSIS_MEASURES.map((measure) => {
        const counted = Number(t[`${measure.toLowerCase()}_n`] ?? 0);
        return {
          department: t.department,
          measure,
          medianS: num(t[`${measure.toLowerCase()}_p50`]),
          p90S: num(t[`${measure.toLowerCase()}_p90`]),
          counted,
          missing: Number(t.total) - counted,
        };
      }),
    ),
  };
}
