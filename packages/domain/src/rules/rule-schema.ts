/**
 * Rules that move work between departments (issue 10, "linked"): the one definition of a rule as data. A
 * city pack lists its rules (`rules.json`, packages/city), an admin edits them through the API, the ingest
 * service validates both against these schemas, and the dashboard's rules page reads the views below.
 *
 * Three kinds:
 * - `sensor-condition`: a metric beyond a threshold for a duration, in an area → opens an incident for a
 *   department (one per condition episode per sensor), resolved when the condition has been clear for a set time;
 * - `incident-condition`: an incident of a category and severity in an area → asks other departments to assist;
 * - `timer`: an incident not acknowledged (or with no unit on scene) within N seconds of its report →
 *   escalated (severity + 1, at most 5) with a note for the command role.
 * A rule's action is an ordinary incident event whose actor is `rule:<id>` (incident-source.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../incident-state.js';
import { DEPARTMENT_ID_PATTERN, METRIC_NAME_PATTERN, SENSOR_KIND_PATTERN } from '../patterns.js';
import { IncidentEventSchema } from '../schemas.js';

/** Rule ids are single topic-level-safe words: they become part of event and incident ids. */
export const RULE_ID_PATTERN = '^[a-z][a-z0-9-]{0,47}$';

const DepartmentId = Type.String({
  pattern: DEPARTMENT_ID_PATTERN,
  description: '1 to 40 lowercase letters, digits or "-", starting with a letter',
});
const Seconds = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 7 * 86_400, description: `${description}: 1 to 604800 seconds` });

/** Where a rule applies. Omitted (or null) = the whole city. */
export const RuleAreaSchema = Type.Union([
  Type.Object({ district: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  Type.Object(
    { cell: Type.String({ pattern: '^-?\\d+:-?\\d+$', description: 'a grid cell "row:col"' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      near: Type.Object(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          radiusM: Type.Number({ exclusiveMinimum: 0, maximum: 50_000 }),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);
export type RuleArea = Static<typeof RuleAreaSchema>;

export const COMPARISONS = ['>', '>=', '<', '<='] as const;
export type Comparison = (typeof COMPARISONS)[number];

const common = {
  id: Type.String({ pattern: RULE_ID_PATTERN, description: 'lower-case letters, digits and "-", ≤ 48' }),
  description: Type.String({ minLength: 1, maxLength: 500 }),
  enabled: Type.Boolean(),
};

export const SensorConditionRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('sensor-condition'),
    when: Type.Object(
      {
        /** Only sensors of this kind (their registration's `kind`); omitted = any sensor with the metric. */
        sensorKind: Type.Optional(Type.String({ pattern: SENSOR_KIND_PATTERN })),
        metric: Type.String({ pattern: METRIC_NAME_PATTERN }),
        op: Type.Union(COMPARISONS.map((c) => Type.Literal(c))),
        threshold: Type.Number(),
        /** Beyond the threshold for at least this long (every reading in the span) before it fires. */
        forS: Seconds('how long the condition must hold'),
        area: Type.Optional(Nullable(RuleAreaSchema)),
      },
      { additionalProperties: false },
    ),
    action: Type.Object(
      {
        department: DepartmentId,
        category: Type.String({ minLength: 1, maxLength: 100 }),
        severity: Type.Integer({ minimum: 1, maximum: 5 }),
        /**
         * The incident's title; `{sensor}`, `{metric}`, `{value}`, `{unit}`, `{threshold}` and `{district}` are
         * replaced from the reading that fired it.
         */
        title: Type.String({ minLength: 1, maxLength: 200 }),
        /** Resolved automatically once the condition has been clear this long. */
        clearForS: Seconds('how long the condition must be clear before the incident is resolved'),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SensorConditionRule = Static<typeof SensorConditionRuleSchema>;

export const IncidentConditionRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('incident-condition'),
    when: Type.Object(
      {
        /** Category keys (category.ts, e.g. `water-main-break`); omitted = any category. */
        categoryKeys: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 }),
        ),
        minSeverity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
        /** Owned by one of these departments; omitted = any. */
        departments: Type.Optional(Type.Array(DepartmentId, { minItems: 1 })),
        area: Type.Optional(Nullable(RuleAreaSchema)),
      },
      { additionalProperties: false },
    ),
    action: Type.Object(
      {
        /** Each of these departments is asked to assist (never the owner itself). */
        requestAssistanceFrom: Type.Array(DepartmentId, { minItems: 1, maxItems: 10 }),
        note: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type IncidentConditionRule = Static<typeof IncidentConditionRuleSchema>;

export const TIMER_MILESTONES = ['acknowledged', 'on_scene'] as const;
export type TimerMilestone = (typeof TIMER_MILESTONES)[number];

export const TimerRuleSchema = Type.Object(
  {
    ...common,
    kind: Type.Literal('timer'),
    when: Type.Object(
      {
        /** The milestone that must be reached in time: acknowledged, or a unit on scene. */
        notReached: Type.Union(TIMER_MILESTONES.map((m) => Type.Literal(m))),
        withinS: Seconds('the time allowed from the report'),
        minSeverity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
        departments: Type.Optional(Type.Array(DepartmentId, { minItems: 1 })),
        categoryKeys: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 }),
        ),
      },
      { additionalProperties: false },
    ),
    action: Type.Object(
      {
        /** The escalation raises the severity by one (at most 5) and notifies the command role. */
        escalate: Type.Literal(true),
        note: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type TimerRule = Static<typeof TimerRuleSchema>;

export const RuleSchema = Type.Union([
  SensorConditionRuleSchema,
  IncidentConditionRuleSchema,
  TimerRuleSchema,
]);
export type Rule = Static<typeof RuleSchema>;
export type RuleKind = Rule['kind'];

/** What a rule did (or, in a dry run, would have done). */
export const RuleActionSchema = Type.Object({
  ruleId: Type.String(),
  /** When it acted (epoch ms; data time in a dry run). */
  at: Type.Number(),
  /** `opened`, `resolved`, `assist_requested` or `escalated`. */
  action: Type.Union([
    Type.Literal('opened'),
    Type.Literal('resolved'),
    Type.Literal('assist_requested'),
    Type.Literal('escalated'),
  ]),
  incidentId: Type.String(),
  /** The event it wrote (or would have written). */
  event: IncidentEventSchema,
  /** In plain words: "opened … because level_cm was 134 > 120 for 10 min at sensor wl-0003". */
  summary: Type.String(),
});
export type RuleAction = Static<typeof RuleActionSchema>;

/** A rule as the API lists it (`GET /api/v1/rules`). */
export const RuleViewSchema = Type.Object({
  rule: RuleSchema,
  /** Raised by every change; the pack's rules start at 1. */
  version: Type.Integer(),
  /** `pack` until an admin changes it, then `admin`. */
  origin: Type.Union([Type.Literal('pack'), Type.Literal('admin')]),
  updatedAt: Type.Number(),
  updatedBy: Nullable(Type.String()),
  lastFiredAt: Nullable(Type.Number()),
  firedLast24h: Type.Integer(),
});
export type RuleView = Static<typeof RuleViewSchema>;

export const RuleListSchema = Type.Object({ rules: Type.Array(RuleViewSchema) });
export type RuleList = Static<typeof RuleListSchema>;

/** `POST /api/v1/rules/:id/dry-run?from=&to=`: what the rule would have done over a past window. */
export const RuleDryRunSchema = Type.Object({
  ruleId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  actions: Type.Array(RuleActionSchema),
  /** Readings or incidents the run looked at, so an empty result can be told from an empty window. */
  examined: Type.Object({ readings: Type.Integer(), incidents: Type.Integer() }),
  /** True when `actions` was cut at the limit. */
  truncated: Type.Boolean(),
});
export type RuleDryRun = Static<typeof RuleDryRunSchema>;
