/**
 * Departments belong to the city: each city pack lists its own (data/cities/<id>/city.json), and a department
 * the pack does not list that publishes anyway is kept as an *unlisted* department. The service keeps the
 * registry in its store; this module holds the shape the API answers with and the pure rules around it.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { IngestRecord } from './records.js';

export type Rgb = [number, number, number];

/** A department as `GET /api/v1/departments` answers it; the type is derived from this schema. */
export const DepartmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  /** An icon name the dashboard knows (fire, ambulance, shield, …); unlisted departments get UNLISTED_ICON. */
  icon: Type.String(),
  /** RGB, 0–255, used by the map layers and the legend. */
  color: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer()]),
  /** False for a department the city pack does not list (registered when its first event or sensor arrived). */
  listed: Type.Boolean(),
});
export type Department = Static<typeof DepartmentSchema>;

/** What to do with a message from a department the city pack does not list (setting UNLISTED_DEPARTMENTS). */
export type UnlistedDepartmentsMode = 'accept' | 'reject';
export const UNLISTED_DEPARTMENTS_MODES: readonly UnlistedDepartmentsMode[] = ['accept', 'reject'];

export const UNLISTED_ICON = 'building';

/** The dead-letter reason of a message refused for naming an unlisted department (UNLISTED_DEPARTMENTS=reject). */
export function unlistedDepartmentReason(field: 'department' | 'toDepartment', id: string): string {
  return `${field} "${id}" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)`;
}

const HEX_COLOR = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** "#rrggbb" → [r, g, b], or null for anything else. */
export function parseHexColor(hex: string): Rgb | null {
  const m = HEX_COLOR.exec(hex);
  if (!m) return null;
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

export function hexColor([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** FNV-1a, 32 bits: a stable, well-spread hash of an id (the same in every instance and browser). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = (h % 360) / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] =
    hp < 1
      ? [c, x, 0]
      : hp < 2
        ? [x, c, 0]
        : hp < 3
          ? [0, c, x]
          : hp < 4
            ? [0, x, c]
            : hp < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = l - c / 2;
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as Rgb;
}

/** Saturation of the unlisted family: a tinted grey, far below the vivid colours packs give their own. */
export const UNLISTED_SATURATION = 0.22;

/**
 * The colour of an unlisted department, derived from its id alone so every instance and browser agrees
 * without asking anyone. WHY a tinted grey: a wall screen must not pass an unknown agency off as one of the
 * city's own, so unlisted departments share one muted family (low saturation) that reads as "not the city's",
 * while the hue and a little lightness, both hashed from the id, still tell two unlisted ones apart.
 */
export function unlistedDepartmentColor(id: string): Rgb {
  const h = fnv1a(id);
  const hue = h % 360;
  // 0.56–0.72: light enough to read on the dark map, never as bright as a pack colour's highlight.
  const lightness = 0.56 + ((h >>> 9) % 17) / 100;
  return hslToRgb(hue, UNLISTED_SATURATION, lightness);
}

/** A department no pack lists, as it is registered when it first publishes: named by its id. */
export function unlistedDepartment(id: string): Department {
  return {
    id,
    name: id,
    shortName: id,
    icon: UNLISTED_ICON,
    color: unlistedDepartmentColor(id),
    listed: false,
  };
}

/** The department ids a record names: the publisher, a sensor's department, an assist or hand-over target. */
export function departmentIdsOf(record: IngestRecord): string[] {
  if (record.kind === 'incident-event') {
    const { department, toDepartment } = record.event;
    return toDepartment !== undefined && toDepartment !== department
      ? [department, toDepartment]
      : [department];
  }
  if (record.kind === 'sensor-meta') return [record.meta.department];
  return [];
}
