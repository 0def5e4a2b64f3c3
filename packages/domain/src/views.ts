/**
 * Shapes the HTTP API and the live socket send to the browser, each defined once as a TypeBox schema. The
 * server's response schemas are these objects and the TypeScript types are `Static<…>` of them, so the two
 * cannot drift apart.
 *
 * NOTE: Fastify serialises a response with fast-json-stringify, which writes only the properties its schema
 * lists (and coerces them to the listed type). A field missing here would silently vanish from the API, so
 * every schema lists every field of its type — which `Static` guarantees — and a test in the ingest
 * (http/response-schemas.test.ts) round-trips full values through the routes' serializer.
 */
import { type Static, Type } from '@sinclair/typebox';
import { PlacementProperties } from './areas.js';
import { IncidentStateSchema, Nullable } from './incident-state.js';
import { IncidentEventSchema, SensorStatusValue } from './schemas.js';

/** An incident as listed: its folded state plus what the server derives from the city model. */
export const IncidentViewSchema = Type.Object({
  ...IncidentStateSchema.properties,
  ...PlacementProperties,
});
export type IncidentView = Static<typeof IncidentViewSchema>;

/** A page of the incident list (`GET /api/v1/incidents`). */
export const IncidentListSchema = Type.Object({
  incidents: Type.Array(IncidentViewSchema),
  /** Incidents matching the filters (the page holds at most `limit` of them). */
  total: Type.Integer(),
  /** How many of those `total` still wait for their `reported` event (`awaitingReport`). */
  awaitingReport: Type.Integer(),
});
export type IncidentList = Static<typeof IncidentListSchema>;

export const IncidentDetailSchema = Type.Object({
  incident: IncidentViewSchema,
  /** Every event in fold order (ts, then lifecycle rank). */
  timeline: Type.Array(IncidentEventSchema),
});
export type IncidentDetail = Static<typeof IncidentDetailSchema>;

export const MetricValueSchema = Type.Object({ value: Type.Number(), ts: Type.Number() });
export type MetricValue = Static<typeof MetricValueSchema>;

export const SensorViewSchema = Type.Object({
  sensorId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  department: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  ...PlacementProperties,
  units: Type.Record(Type.String(), Type.String()),
  intervalS: Nullable(Type.Number()),
  simulated: Type.Boolean(),
  status: Type.Union([SensorStatusValue, Type.Literal('unknown')]),
  /**
   * Epoch ms of the status message that set `status`, or null when none came. The status held since then:
   * the replay shows a device offline from this instant on (earlier statuses are not kept).
   */
  statusAt: Type.Optional(Nullable(Type.Number())),
  /** Epoch ms of the newest reading, or null before the first one. */
  lastSeen: Nullable(Type.Number()),
  latest: Type.Record(Type.String(), MetricValueSchema),
});
export type SensorView = Static<typeof SensorViewSchema>;

export const ReadingBucketSchema = Type.Object({
  bucket: Type.Number(),
  avg: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  count: Type.Integer(),
});
export type ReadingBucket = Static<typeof ReadingBucketSchema>;

/** A sensor's metric over a window, in buckets, with the window actually used (so a chart can label it). */
export const ReadingSeriesSchema = Type.Object({
  sensorId: Type.String(),
  metric: Type.String(),
  bucketS: Type.Integer(),
  /** Start of the window used (epoch ms, included). */
  from: Type.Number(),
  /** End of the window used (epoch ms, excluded). */
  to: Type.Number(),
  /**
   * Where the window came from: the request; the sensor's newest reading (no from/to given: its last hour
   * of data, historical or not); or the wall clock (no from/to and no reading of the metric stored).
   */
  window: Type.Union([Type.Literal('requested'), Type.Literal('latest-reading'), Type.Literal('now')]),
  /** Time of the sensor's newest stored reading of the metric, or null if it has none. */
  latestReadingAt: Nullable(Type.Number()),
  buckets: Type.Array(ReadingBucketSchema),
});
export type ReadingSeries = Static<typeof ReadingSeriesSchema>;

/** One refused message, as `GET /api/v1/dead-letters` lists it (payload: its first 4 KiB, as text). */
export const DeadLetterItemSchema = Type.Object({
  id: Type.Integer(),
  receivedAt: Type.Number(),
  topic: Type.String(),
  reason: Type.String(),
  payload: Type.String(),
  payloadBytes: Type.Integer(),
});
export type DeadLetterItem = Static<typeof DeadLetterItemSchema>;

/** A page of dead letters, newest first. */
export const DeadLetterPageSchema = Type.Object({
  /** Every dead letter the filters match, whatever the page. */
  total: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'the `cursor` of the next (older) page, or null when there is none',
  }),
  items: Type.Array(DeadLetterItemSchema),
});
export type DeadLetterPage = Static<typeof DeadLetterPageSchema>;

/**
 * The ingest accounting, per MQTT message: once a message has settled it is exactly one of stored (something
 * new was committed), duplicate (everything in it was already stored) or rejected (dead-lettered, wholly or
 * in part, with its reasons), so `received = stored + duplicates + rejected + pending` always holds.
 */
export const IngestCountersSchema = Type.Object({
  received: Type.Number(),
  stored: Type.Number(),
  duplicates: Type.Number(),
  rejected: Type.Number(),
  /** Received and not yet committed (nor acknowledged). */
  pending: Type.Number(),
  /** Metric values committed (a message can carry many). */
  readingsStored: Type.Number(),
  /** Readings missing according to the devices' `seq` counters: lost before they reached us. */
  seqGaps: Type.Number(),
});
export type IngestCounters = Static<typeof IngestCountersSchema>;

/**
 * Whether the service can store what it receives right now. While `ok` is false nothing is acknowledged
 * to the broker, nothing is dead-lettered for it, and the wall must not say LIVE.
 */
export const StorageStateSchema = Type.Object({
  ok: Type.Boolean(),
  /** Why storing fails, in plain words (null while ok). */
  reason: Nullable(Type.String()),
  /** Server clock when storing started failing (null while ok). */
  since: Nullable(Type.Number()),
});
export type StorageState = Static<typeof StorageStateSchema>;
