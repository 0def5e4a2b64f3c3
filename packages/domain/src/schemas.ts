/**
 * Wire contract v1 payload schemas (TypeBox = JSON Schema + static types). Shared by the ingest service,
 * the simulator and the browser, so the three can never disagree about what a valid message is.
 */
import { type Static, Type } from '@sinclair/typebox';
import { MAX_ABS_READING_VALUE, MAX_CATEGORY_CHARS, MAX_METRICS_PER_READING, MAX_SEQ } from './limits.js';
import {
  DEPARTMENT_ID_PATTERN,
  ID_PATTERN,
  METRIC_NAME_PATTERN,
  MULTI_LINE_TEXT_PATTERN,
  SENSOR_KIND_PATTERN,
  SINGLE_LINE_TEXT_PATTERN,
} from './patterns.js';
import { UnitStatusSchema } from './unit-statuses.js';

/**
 * Each pattern travels with its wording: `description` completes "{field} must be …" in dead-letter
 * reasons (validation-messages.ts reads it back from the schema), so a rule and the sentence that explains
 * it live in one place and a producer never has to read a regular expression.
 */
export interface PatternRule {
  readonly pattern: string;
  readonly description: string;
}

/** Sensor, gateway, event and incident ids. They are single topic levels: no wildcards, no separators. */
export const ID_RULE: PatternRule = {
  pattern: ID_PATTERN,
  description: '1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
};
export const DEPARTMENT_RULE: PatternRule = {
  pattern: DEPARTMENT_ID_PATTERN,
  description: '1 to 40 lowercase letters, digits or "-", starting with a letter',
};
export const METRIC_NAME_RULE: PatternRule = {
  pattern: METRIC_NAME_PATTERN,
  description: '1 to 64 letters, digits, "_", "." or "-"',
};
/** Sensor kinds: chosen by whoever registers a device, shaped so they group reliably. */
export const SENSOR_KIND_RULE: PatternRule = {
  pattern: SENSOR_KIND_PATTERN,
  description: '1 to 64 lowercase letters, digits, "_" or "-", starting with a letter',
};
/** Text shown on screens and exported: no control characters (patterns.ts says why). */
export const SINGLE_LINE_TEXT_RULE: PatternRule = {
  pattern: SINGLE_LINE_TEXT_PATTERN,
  description: 'text without control characters',
};
/** Like single-line text, but a note may have line breaks and tabs. */
export const MULTI_LINE_TEXT_RULE: PatternRule = {
  pattern: MULTI_LINE_TEXT_PATTERN,
  description: 'text without control characters other than line breaks and tabs',
};

export const Timestamp = Type.Union([Type.Number(), Type.String({ maxLength: 64 })], {
  description: 'epoch milliseconds or an ISO-8601 date-time with a zone',
});
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
/** The TypeBox schemas of the patterns, for payloads and HTTP routes alike. */
export const IdSchema = Type.String({ ...ID_RULE });
export const MetricSchema = Type.String({ ...METRIC_NAME_RULE });
export const DepartmentIdSchema = Type.String({ ...DEPARTMENT_RULE });
export const SensorKindSchema = Type.String({ ...SENSOR_KIND_RULE });
/**
 * Text of at most `maxCharacters` characters (code points). NOTE: JSON Schema's maxLength counts UTF-16
 * units, in which an emoji is 2: the schema bounds units at twice the limit and `collectTextProblems`
 * (validation-messages.ts) counts characters, so 150 emoji fit a 200-character title.
 */
const Text = (maxCharacters: number, rule: PatternRule, minLength = 1) =>
  Type.String({ minLength, maxLength: 2 * maxCharacters, maxCharacters, ...rule });
const SafeText = (maxCharacters: number) => Text(maxCharacters, SINGLE_LINE_TEXT_RULE);
/**
 * An incident's category: free text as the source writes it (`Noise - Residential`), stored trimmed, with a
 * derived key for filtering (category.ts). The decoder also refuses one that is blank or holds no letter or
 * digit: it could not be grouped.
 */
export const CategorySchema = SafeText(MAX_CATEGORY_CHARS);
/** The unit of one metric in a sensor's registration. */
export const UnitText = Text(32, SINGLE_LINE_TEXT_RULE, 0);
const Seq = Type.Integer({ minimum: 0, maximum: MAX_SEQ });
/** One reading value; bounded so database aggregates over many of them cannot overflow (limits.ts). */
const ReadingValue = Type.Number({ minimum: -MAX_ABS_READING_VALUE, maximum: MAX_ABS_READING_VALUE });

/** Metric → numeric value. Bounded so one message cannot carry an unbounded row count. */
// NOTE: TypeBox's Record does not refuse keys that miss the key pattern (it only skips checking their values),
// so decode.ts checks metric names itself with METRIC_NAME_RULE.
export const ReadingValues = Type.Record(MetricSchema, ReadingValue, {
  minProperties: 1,
  maxProperties: MAX_METRICS_PER_READING,
});

export const ReadingPayload = Type.Object(
  {
    ts: Timestamp,
    values: ReadingValues,
    seq: Type.Optional(Seq),
    lat: Type.Optional(Latitude),
    lon: Type.Optional(Longitude),
  },
  { additionalProperties: false },
);
export type ReadingPayload = Static<typeof ReadingPayload>;

export const GatewayItem = Type.Object(
  {
    sensorId: IdSchema,
    ts: Timestamp,
    values: ReadingValues,
    seq: Type.Optional(Seq),
  },
  { additionalProperties: false },
);
export type GatewayItem = Static<typeof GatewayItem>;

export const SensorMetaPayload = Type.Object(
  {
    name: SafeText(200),
    kind: SensorKindSchema,
    department: DepartmentIdSchema,
    lat: Latitude,
    lon: Longitude,
    units: Type.Optional(
      Type.Record(MetricSchema, UnitText, {
        maxProperties: MAX_METRICS_PER_READING,
      }),
    ),
    intervalS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86400 })),
    /** Not in BRIEF's table: lets a feed say its readings are not from a real device (shown in the UI). */
    simulated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SensorMetaPayload = Static<typeof SensorMetaPayload>;

export const INCIDENT_EVENT_TYPES = [
  'reported',
  'updated',
  'acknowledged',
  'dispatched',
  'on_scene',
  'assist_requested',
  'handover_offered',
  'handover_accepted',
  'handover_declined',
  'handed_off',
  'escalated',
  'resolved',
  'closed',
  'reopened',
  'comment',
  'unit_status',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/**
 * What a person may do to an incident from the API and the dashboard. `reported` and `updated` come from
 * the departments' own systems over MQTT, and so does `handed_off`: a hand-over two departments' systems
 * already agreed. A person offers a hand-over (`handover_offered`) and the receiving department accepts or
 * declines it.
 */
export type IncidentActionType = Exclude<IncidentEventType, 'reported' | 'updated' | 'handed_off'>;
export const INCIDENT_ACTION_TYPES: readonly IncidentActionType[] = INCIDENT_EVENT_TYPES.filter(
  (t): t is IncidentActionType => t !== 'reported' && t !== 'updated' && t !== 'handed_off',
);

/** Fields every incident event carries. Type-specific fields are checked by {@link INCIDENT_TYPE_FIELDS}. */
export const IncidentEventBase = Type.Object({
  eventId: IdSchema,
  incidentId: IdSchema,
  type: Type.Union(INCIDENT_EVENT_TYPES.map((t) => Type.Literal(t))),
  ts: Timestamp,
  actor: Type.Optional(SafeText(120)),
  note: Type.Optional(Text(2000, MULTI_LINE_TEXT_RULE, 0)),
  category: Type.Optional(CategorySchema),
  severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  title: Type.Optional(SafeText(200)),
  unit: Type.Optional(SafeText(64)),
  toDepartment: Type.Optional(DepartmentIdSchema),
  /** A `unit_status` event's news about its `unit` (`dispatched`/`on_scene` may also come as those events). */
  unitStatus: Type.Optional(UnitStatusSchema),
});

/** Which optional fields become required for each event type (BRIEF.md, wire contract v1). */
export const INCIDENT_TYPE_FIELDS: Record<IncidentEventType, readonly string[]> = {
  reported: ['category', 'severity', 'lat', 'lon', 'title'],
  updated: [],
  acknowledged: [],
  dispatched: ['unit'],
  on_scene: [],
  assist_requested: ['toDepartment'],
  handover_offered: ['toDepartment'],
  handover_accepted: [],
  handover_declined: [],
  handed_off: ['toDepartment'],
  escalated: ['severity'],
  resolved: [],
  closed: [],
  reopened: [],
  comment: [],
  unit_status: ['unit', 'unitStatus'],
};

/**
 * A validated incident event as stored: `ts` normalised to epoch ms, `department` = the publishing department.
 * Also the response schema of an incident's timeline (views.ts), so what is stored is what is served.
 */
export const IncidentEventSchema = Type.Object({
  eventId: Type.String(),
  incidentId: Type.String(),
  type: Type.Union(INCIDENT_EVENT_TYPES.map((t) => Type.Literal(t))),
  ts: Type.Number(),
  department: Type.String(),
  actor: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  severity: Type.Optional(Type.Integer()),
  lat: Type.Optional(Type.Number()),
  lon: Type.Optional(Type.Number()),
  title: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String()),
  toDepartment: Type.Optional(Type.String()),
  unitStatus: Type.Optional(UnitStatusSchema),
});
export type IncidentEvent = Static<typeof IncidentEventSchema>;

export const SensorStatusValue = Type.Union([Type.Literal('online'), Type.Literal('offline')]);
export type SensorStatusValue = Static<typeof SensorStatusValue>;
