/**
 * The wall's boards, as the API sends them: per-department figures a duty officer is judged by
 * (`GET /api/v1/kpis`) and the units of every department with their status (`GET /api/v1/units`).
 * Defined once, like views.ts, so the server's response schemas and the dashboard's types cannot drift.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './incident-state.js';
import { UnitStatusSchema } from './unit-statuses.js';

/** Response-time measures city services report, each from the incident's report to that step. */
export const RESPONSE_MEASURES = ['acknowledge', 'dispatch', 'onScene'] as const;
export type ResponseMeasure = (typeof RESPONSE_MEASURES)[number];

/** One response-time measure of one department over the rolling window (seconds). */
export const ResponseTimeSchema = Type.Object({
  /** Incidents in the window that reached this step (the sample size). */
  count: Type.Integer(),
  medianS: Nullable(Type.Number()),
  p90S: Nullable(Type.Number()),
  /** The department's target from the city pack (seconds), or null when the pack sets none. */
  targetS: Nullable(Type.Number()),
  /** True when the 90th percentile is over the target. */
  overTarget: Type.Boolean(),
});
export type ResponseTime = Static<typeof ResponseTimeSchema>;

export const DepartmentKpisSchema = Type.Object({
  department: Type.String(),
  /** Open incidents the department owns. */
  open: Type.Integer(),
  /** Incidents the department owns that were opened in the last hour. */
  newLastHour: Type.Integer(),
  /** Open incidents of severity 5 (critical) it owns; severity ≥ 4 counts as `high`. */
  critical: Type.Integer(),
  high: Type.Integer(),
  /** Open incidents it owns still waiting for its acknowledgement. */
  awaitingAck: Type.Integer(),
  /** Open incidents it is asked to assist (owned by others). */
  assisting: Type.Integer(),
  /** Hand-overs offered to it and not yet accepted or declined. */
  handoversWaiting: Type.Integer(),
  responseTimes: Type.Object({
    acknowledge: ResponseTimeSchema,
    dispatch: ResponseTimeSchema,
    onScene: ResponseTimeSchema,
  }),
});
export type DepartmentKpis = Static<typeof DepartmentKpisSchema>;

export const KpiBoardSchema = Type.Object({
  /** The instant the figures are for (epoch ms; the data clock, so a historical feed has sensible figures). */
  at: Type.Number(),
  /** The rolling window of the response times, in seconds. */
  windowS: Type.Integer(),
  departments: Type.Array(DepartmentKpisSchema),
});
export type KpiBoard = Static<typeof KpiBoardSchema>;

// Defined with the wire schema's other rules (unit-statuses.ts); re-exported here as the boards' contract.
export { UNIT_STATUSES, type UnitStatus, UnitStatusSchema } from './unit-statuses.js';

export const UnitViewSchema = Type.Object({
  unit: Type.String(),
  department: Type.String(),
  status: UnitStatusSchema,
  /** Since when it has this status (epoch ms). */
  since: Type.Number(),
  /** The incident it is on, or null when available or out of service. */
  incidentId: Nullable(Type.String()),
  /** Where it is, when known: the incident's location while dispatched, on scene or later. */
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  /**
   * The incident whose news this row rests on, and when that news came (unit-board.ts, `replacesUnitFact`):
   * what a screen needs to apply later incident changes from the live feed by the server's own rule.
   * Optional: views built elsewhere (the replay's) need not say.
   */
  sourceIncidentId: Type.Optional(Type.String()),
  reportedAt: Type.Optional(Type.Number()),
});
export type UnitView = Static<typeof UnitViewSchema>;

export const UnitBoardSchema = Type.Object({
  at: Type.Number(),
  units: Type.Array(UnitViewSchema),
});
export type UnitBoard = Static<typeof UnitBoardSchema>;
