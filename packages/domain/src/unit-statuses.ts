/**
 * What a unit (an engine, a medic, a patrol car) can be doing. Its own module, free of imports, because the
 * wire schema (a `unit_status` event's `unitStatus`), the fold (an assigned unit's status) and the unit
 * board all use it, and those modules import one another.
 */
import { Type } from '@sinclair/typebox';

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'on_scene',
  'transporting',
  'at_hospital',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UnitStatusSchema = Type.Union(UNIT_STATUSES.map((s) => Type.Literal(s)));

/** Statuses in which a unit is working an incident (the others leave it free of any). */
export const ENGAGED_UNIT_STATUSES: readonly UnitStatus[] = [
  'dispatched',
  'on_scene',
  'transporting',
  'at_hospital',
];

export function isEngaged(status: UnitStatus): boolean {
  return ENGAGED_UNIT_STATUSES.includes(status);
}
