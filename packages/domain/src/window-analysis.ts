/**
 * `GET /api/v1/analysis?from=&to=[&department=…]`: what an analyst reads off a window — counts of the
 * incidents opened in it, and response times in the terms city services report them (NFPA 1710 style:
 * from the call to acknowledgement, to the first dispatch, to the first unit on scene, to resolution).
 * Incidents that lack a step's timestamp are counted as missing for that step, never silently left out.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './incident-state.js';

export const ANALYSIS_MEASURES = ['acknowledge', 'dispatch', 'onScene', 'resolve'] as const;
export type AnalysisMeasure = (typeof ANALYSIS_MEASURES)[number];

export const CountByHourSchema = Type.Object({
  department: Type.String(),
  /** Start of the hour, epoch ms (UTC hour boundaries; the browser shows them in the city's zone). */
  hour: Type.Number(),
  count: Type.Integer(),
});

export const CountByKeySchema = Type.Object({
  /** District name, category key; null for "none" (no position, no category yet). */
  key: Nullable(Type.String()),
  /** What to show: the district name, the category as written. */
  label: Nullable(Type.String()),
  count: Type.Integer(),
});

export const WindowResponseTimeSchema = Type.Object({
  department: Type.String(),
  measure: Type.Union(ANALYSIS_MEASURES.map((m) => Type.Literal(m))),
  /** Seconds from the incident's opening; null when no incident had the step. */
  medianS: Nullable(Type.Number()),
  p90S: Nullable(Type.Number()),
  /** Incidents the figures were computed from. */
  counted: Type.Integer(),
  /** Incidents opened in the window without this step's timestamp (not reached yet, or never recorded). */
  missing: Type.Integer(),
});
export type WindowResponseTime = Static<typeof WindowResponseTimeSchema>;

export const WindowAnalysisSchema = Type.Object({
  from: Type.Number(),
  to: Type.Number(),
  /** Incidents opened in [from, to] (with the department filter). */
  total: Type.Integer(),
  byDepartmentHour: Type.Array(CountByHourSchema),
  byDistrict: Type.Array(CountByKeySchema),
  byCategory: Type.Array(CountByKeySchema),
  responseTimes: Type.Array(WindowResponseTimeSchema),
});
export type WindowAnalysis = Static<typeof WindowAnalysisSchema>;
