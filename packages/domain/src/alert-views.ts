/**
 * Public alerts as the HTTP API sends them: the CAP alerts leads issued (routes/alerts.ts) and the CAP
 * warnings read from other agencies, as GeoJSON for the map. TypeBox schemas, so the server's serializer and
 * the dashboard's types are one definition (see views.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
  ISSUED_MSG_TYPES,
  ISSUED_STATUSES,
} from './cap/cap-alert.js';
import { Nullable } from './incident-state.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** One CAP alert a lead issued. */
export const CapAlertViewSchema = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  /** The CAP identifier (unique, never reused). */
  identifier: Type.String(),
  msgType: literals(ISSUED_MSG_TYPES),
  status: literals(ISSUED_STATUSES),
  /** CAP's "sender,identifier,sent" of the alerts this one updates or cancels; null for an Alert. */
  references: Nullable(Type.String()),
  headline: Type.String(),
  areaDesc: Type.String(),
  /** Epoch ms. */
  sentAt: Type.Number(),
  expiresAt: Type.Number(),
  cancelledAt: Nullable(Type.Number()),
  supersededBy: Nullable(Type.String()),
  /** Username of the lead (or command, admin) who issued it. */
  sentBy: Type.String(),
  /** In force now: an Alert or Update not expired, cancelled or superseded. */
  active: Type.Boolean(),
  /** Where its CAP document is served. */
  url: Type.String(),
});
export type CapAlertView = Static<typeof CapAlertViewSchema>;

/** The answer to issuing an alert: the alert and its XML as sent. */
export const IssuedCapAlertSchema = Type.Object({ ...CapAlertViewSchema.properties, xml: Type.String() });
export type IssuedCapAlert = Static<typeof IssuedCapAlertSchema>;

export const CapAlertListSchema = Type.Object({ alerts: Type.Array(CapAlertViewSchema) });
export type CapAlertList = Static<typeof CapAlertListSchema>;

export const WarningPropertiesSchema = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  identifier: Type.String(),
  sender: Type.String(),
  event: Type.String(),
  headline: Nullable(Type.String()),
  areaDesc: Type.String(),
  severity: literals(CAP_SEVERITIES),
  urgency: literals(CAP_URGENCIES),
  certainty: literals(CAP_CERTAINTIES),
  /** Epoch ms. */
  sent: Type.Number(),
  /** Epoch ms, or null when the warning names no expiry. */
  expires: Nullable(Type.Number()),
});
export type WarningProperties = Static<typeof WarningPropertiesSchema>;

export const WarningFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  properties: WarningPropertiesSchema,
  geometry: Type.Object({
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number())))),
  }),
});
export type WarningFeature = Static<typeof WarningFeatureSchema>;

export const WarningCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(WarningFeatureSchema),
});
export type WarningCollection = Static<typeof WarningCollectionSchema>;
