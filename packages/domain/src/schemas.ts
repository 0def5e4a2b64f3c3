/**
 * Wire contract v1 payload schemas (TypeBox = JSON Schema + static types). Shared by the ingest service,
 * the simulator and the browser, so the three can never disagree about what a valid message is.
 */
import { type Static, Type } from '@sinclair/typebox';

const Timestamp = Type.Union([Type.Number(), Type.String({ maxLength: 64 })], {
  description: 'epoch milliseconds or ISO-8601 date-time with a zone',
});
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
export const MetricName = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });
const DepartmentId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
const SafeText = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** Metric → numeric value. Bounded so one message cannot carry an unbounded row count. */
export const ReadingValues = Type.Record(MetricName, Type.Number(), { minProperties: 1, maxProperties: 64 });

export const ReadingPayload = Type.Object(
  {
    ts: Timestamp,
    values: ReadingValues,
    seq: Type.Optional(Type.Integer({ minimum: 0 })),
    lat: Type.Optional(Latitude),
    lon: Type.Optional(Longitude),
  },
  { additionalProperties: false },
);
export type ReadingPayload = Static<typeof ReadingPayload>;

export const GatewayItem = Type.Object(
  {
    sensorId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' }),
    ts: Timestamp,
    values: ReadingValues,
    seq: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type GatewayItem = Static<typeof GatewayItem>;

export const SensorMetaPayload = Type.Object(
  {
    name: SafeText(200),
    kind: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }),
    department: DepartmentId,
    lat: Latitude,
    lon: Longitude,
    units: Type.Optional(Type.Record(MetricName, Type.String({ maxLength: 32 }), { maxProperties: 64 })),
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
  'handed_off',
  'escalated',
  'resolved',
  'closed',
  'reopened',
  'comment',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/**
 * What a person may do to an incident from the API and the dashboard. `reported` and `updated` come from
 * the departments' own systems over MQTT.
 */
export type IncidentActionType = Exclude<IncidentEventType, 'reported' | 'updated'>;
export const INCIDENT_ACTION_TYPES: readonly IncidentActionType[] = INCIDENT_EVENT_TYPES.filter(
  (t): t is IncidentActionType => t !== 'reported' && t !== 'updated',
);

/** Fields every incident event carries. Type-specific fields are checked by {@link INCIDENT_TYPE_FIELDS}. */
export const IncidentEventBase = Type.Object({
  eventId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' }),
  incidentId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' }),
  type: Type.Union(INCIDENT_EVENT_TYPES.map((t) => Type.Literal(t))),
  ts: Timestamp,
  actor: Type.Optional(SafeText(120)),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  category: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' })),
  severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  title: Type.Optional(SafeText(200)),
  unit: Type.Optional(SafeText(64)),
  toDepartment: Type.Optional(DepartmentId),
});

/** Which optional fields become required for each event type (BRIEF.md, wire contract v1). */
export const INCIDENT_TYPE_FIELDS: Record<IncidentEventType, readonly string[]> = {
  reported: ['category', 'severity', 'lat', 'lon', 'title'],
  updated: [],
  acknowledged: [],
  dispatched: ['unit'],
  on_scene: [],
  assist_requested: ['toDepartment'],
  handed_off: ['toDepartment'],
  escalated: ['severity'],
  resolved: [],
  closed: [],
  reopened: [],
  comment: [],
};

/** A validated incident event as stored: `ts` normalised to epoch ms, `department` = the publishing department. */
export interface IncidentEvent {
  eventId: string;
  incidentId: string;
  type: IncidentEventType;
  ts: number;
  department: string;
  actor?: string;
  note?: string;
  category?: string;
  severity?: number;
  lat?: number;
  lon?: number;
  title?: string;
  unit?: string;
  toDepartment?: string;
}

export const SensorStatusValue = Type.Union([Type.Literal('online'), Type.Literal('offline')]);
export type SensorStatusValue = Static<typeof SensorStatusValue>;
