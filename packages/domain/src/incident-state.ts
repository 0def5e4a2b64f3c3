/**
 * The folded state of one incident, defined once as a TypeBox schema: `IncidentState` (what foldIncident
 * returns) is derived from it, and the HTTP API's incident responses (views.ts) are built from it, so the
 * fold, the response schemas and the dashboard's types cannot drift apart.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { INCIDENT_STATUSES } from './incident-fold.js';
import { INCIDENT_SOURCES } from './incident-source.js';
import { INCIDENT_EVENT_TYPES } from './schemas.js';
import { UnitStatusSchema } from './unit-statuses.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const AssignedUnitSchema = Type.Object({
  unit: Type.String(),
  department: Type.String(),
  dispatchedAt: Type.Number(),
  onSceneAt: Nullable(Type.Number()),
  /**
   * The unit's last news on this incident, and when it came. Kept as reported when the incident is resolved
   * or closed: the unit is then free unless later news says otherwise (unit-board.ts, `unitStatusNow`).
   */
  status: UnitStatusSchema,
  statusAt: Type.Number(),
});
export type AssignedUnit = Static<typeof AssignedUnitSchema>;

export const PendingHandoverSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  /** When it was offered (epoch ms). */
  at: Type.Number(),
});
export type PendingHandover = Static<typeof PendingHandoverSchema>;

export const IncidentStateSchema = Type.Object({
  incidentId: Type.String(),
  status: Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s))),
  /** The owning department: the reporter's, until a hand-over moves it. */
  department: Type.String(),
  reportedBy: Type.String(),
  /** As the source wrote it (`Noise - Residential`); null until a `reported` or `updated` event names it. */
  category: Nullable(Type.String()),
  /** The category's filter key (`noise-residential`, category.ts); null with the category. */
  categoryKey: Nullable(Type.String()),
  /** 1 (minor) … 5 (critical). */
  severity: Type.Integer(),
  /** Null until a `reported` or `updated` event gives one (never the incident's id). */
  title: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  units: Type.Array(AssignedUnitSchema),
  /** Departments asked for help and not yet the owner. */
  assisting: Type.Array(Type.String()),
  /** How many times ownership moved (`handed_off`, or an accepted hand-over). */
  handoffs: Type.Integer(),
  /** A hand-over the owner offered and the receiving department has not yet accepted or declined. */
  pendingHandover: Nullable(PendingHandoverSchema),
  /** True after `reported` or `handed_off` until the (new) owner acknowledges. */
  awaitingAck: Type.Boolean(),
  openedAt: Type.Number(),
  updatedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  resolvedAt: Nullable(Type.Number()),
  closedAt: Nullable(Type.Number()),
  lastEventType: Type.Union(INCIDENT_EVENT_TYPES.map((t) => Type.Literal(t))),
  /**
   * Who did the last event (its `actor`: a user, `rule:<id>`, `public:<source>`); absent when it named none.
   * The live feed carries states, not events: this is how a wall's ticker names the user who acted.
   */
  lastEventActor: Type.Optional(Type.String()),
  eventCount: Type.Integer(),
  /**
   * True while the incident's `reported` event has not arrived (other events came first): its category,
   * title and place may be unknown, and it is shown as awaiting its report, not as a normal incident.
   */
  awaitingReport: Type.Boolean(),
  /**
   * Who reported it, from the `reported` event's actor (incident-source.ts): a department's own system or
   * staff, a citizen through Open311 (`public:…`), or a rule (`rule:<id>`). `department` until it is reported.
   */
  source: Type.Union(INCIDENT_SOURCES.map((s) => Type.Literal(s))),
});
export type IncidentState = Static<typeof IncidentStateSchema>;
