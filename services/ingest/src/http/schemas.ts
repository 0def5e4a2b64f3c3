/** Response and query schemas of the HTTP API (OpenAPI at /docs is generated from these). */
import { Type } from '@sinclair/typebox';

// NOTE: additionalProperties: true keeps the serializer from silently dropping fields that a schema here
// does not list; the listed ones document the shape in OpenAPI.
const open = { additionalProperties: true } as const;

export const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() });

export const DepartmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  color: Type.Array(Type.Integer(), { minItems: 3, maxItems: 3 }),
});

export const MetricValueSchema = Type.Object({ value: Type.Number(), ts: Type.Number() });

export const SensorViewSchema = Type.Object(
  {
    sensorId: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    department: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    district: Type.Union([Type.String(), Type.Null()]),
    units: Type.Record(Type.String(), Type.String()),
    intervalS: Type.Union([Type.Number(), Type.Null()]),
    simulated: Type.Boolean(),
    status: Type.String(),
    lastSeen: Type.Union([Type.Number(), Type.Null()]),
    latest: Type.Record(Type.String(), MetricValueSchema),
  },
  open,
);

export const IncidentViewSchema = Type.Object(
  {
    incidentId: Type.String(),
    status: Type.String(),
    department: Type.String(),
    reportedBy: Type.String(),
    category: Type.String(),
    severity: Type.Integer(),
    title: Type.String(),
    lat: Type.Union([Type.Number(), Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    openedAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  open,
);

export const IncidentEventSchema = Type.Object(
  {
    eventId: Type.String(),
    incidentId: Type.String(),
    type: Type.String(),
    ts: Type.Number(),
    department: Type.String(),
  },
  open,
);

export const IncidentDetailSchema = Type.Object({
  incident: IncidentViewSchema,
  timeline: Type.Array(IncidentEventSchema),
});

/**
 * A time in a query string. Only the length is checked here: the rules (and their plain-words 400 messages)
 * are in query-params.ts, the one place every route parses times, windows and boxes.
 */
export const TimeParam = Type.String({
  maxLength: 64,
  description:
    'epoch milliseconds (digits) or ISO-8601 date-time with a zone (e.g. 2024-05-01T12:00:00Z), ' +
    'between 1970-01-01 and 9999-12-31',
});

/** `from`/`to` of a window; `from` must not be after `to` (query-params.ts: parseWindow). */
export const WindowQueryProps = {
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
};

/** A bounding box in a query string; rules in query-params.ts (parseBbox). */
export const BboxParam = Type.String({
  maxLength: 200,
  description:
    'west,south,east,north in degrees: longitudes in [-180, 180], latitudes in [-90, 90], west < east, south < north',
});
