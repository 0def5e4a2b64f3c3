/**
 * The folded state of one incident, defined once as a TypeBox schema: `IncidentState` (what foldIncident
 * returns) is derived from it, and the HTTP API's incident responses (views.ts) are built from it, so the
 * fold, the response schemas and the dashboard's types cannot drift apart.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { INCIDENT_STATUSES } from './incident-fold.js';
import { INCIDENT_EVENT_TYPES } from './schemas.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const AssignedUnitSchema = Type.Object({
  unit: Type.String(),
  department: Type.String(),
  dispatchedAt: Type.Number(),
  onSceneAt: Nullable(Type.Number()),
});
export type AssignedUnit = Static<typeof AssignedUnitSchema>;

export const IncidentStateSchema = Type.Object({
  incidentId: Type.String(),
  status: Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s))),
  /** The owning department: the reporter's, until a `handed_off` moves it. */
  department: Type.String(),
  reportedBy: Type.String(),
  category: Type.String(),
  /** 1 (minor) … 5 (critical). */
  severity: Type.Integer(),
  title: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  units: Type.Array(AssignedUnitSchema),
  /** Departments asked for help and not yet the owner. */
  assisting: Type.Array(Type.String()),
  /** How many times ownership moved (`handed_off`). */
  handoffs: Type.Integer(),
  /** True after `reported` or `handed_off` until the (new) owner acknowledges. */
  awaitingAck: Type.Boolean(),
  openedAt: Type.Number(),
  updatedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  resolvedAt: Nullable(Type.Number()),
  closedAt: Nullable(Type.Number()),
  lastEventType: Type.Union(INCIDENT_EVENT_TYPES.map((t) => Type.Literal(t))),
  eventCount: Type.Integer(),
  /** False when no `reported` event has been seen yet (events arrived before the report). */
  complete: Type.Boolean(),
});
export type IncidentState = Static<typeof IncidentStateSchema>;
