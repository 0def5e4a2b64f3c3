/** The departments of the demo city. Colours are chosen to stay distinguishable on a dark wall screen. */
import { type Static, Type } from '@sinclair/typebox';

/** A department as `GET /api/v1/departments` answers it; the type is derived from this schema. */
export const DepartmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** RGB, 0–255, used by the map layers and the legend. */
  color: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer()]),
});
export type Department = Static<typeof DepartmentSchema>;

export const DEPARTMENTS: readonly Department[] = [
  { id: 'fire', name: 'Fire', color: [255, 82, 56] },
  { id: 'ems', name: 'Emergency Medical', color: [255, 196, 0] },
  { id: 'police', name: 'Police', color: [64, 140, 255] },
  { id: 'public-works', name: 'Public Works', color: [170, 120, 255] },
  { id: 'transport', name: 'Transport', color: [0, 210, 200] },
  { id: 'environment', name: 'Environment', color: [90, 220, 90] },
  { id: 'water', name: 'Water', color: [60, 190, 255] },
] as const;

const byId = new Map(DEPARTMENTS.map((d) => [d.id, d]));

export function findDepartment(id: string): Department | undefined {
  return byId.get(id);
}
