/**
 * Districts shaded by open incidents, counted from the live set (the same incidents the wall's counts and
 * map show, updated with every live change), in a few steps a viewer can tell apart from 5 m. One neutral
 * light ramp, so it never reads as a department's colour.
 */
import { type IncidentView, isOpen } from '@twin/domain';

/** Lower bounds of the steps: 1, 2–3, 4–6, 7 and more open incidents. */
export const SHADE_STEPS = [1, 2, 4, 7] as const;
/** Light over the district, per step (alpha of a white wash). */
const STEP_ALPHA = [0, 34, 62, 96, 134] as const;

export type Rgba = [number, number, number, number];
const WASH: [number, number, number] = [215, 225, 245];

/** Open incidents per district (incidents on the map: in a district of the city). */
export function openByDistrict(incidents: readonly IncidentView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const incident of incidents) {
    if (!isOpen(incident) || incident.district === null) continue;
    counts.set(incident.district, (counts.get(incident.district) ?? 0) + 1);
  }
  return counts;
}

/** Whether two counts shade every district alike (the map need not repaint the districts). */
export function sameShades(
  a: ReadonlyMap<string, number> | null,
  b: ReadonlyMap<string, number> | null,
): boolean {
  if (a === null || b === null) return a === b;
  for (const [district, count] of a) if (shadeStep(count) !== shadeStep(b.get(district) ?? 0)) return false;
  for (const [district, count] of b) if (shadeStep(count) !== shadeStep(a.get(district) ?? 0)) return false;
  return true;
}

/** 0 (none) … 4 (seven or more). */
export function shadeStep(count: number): number {
  let step = 0;
  for (const [index, lower] of SHADE_STEPS.entries()) if (count >= lower) step = index + 1;
  return step;
}

/** The fill of a district with `count` open incidents, over `base` (the land colour, or transparent). */
export function shadeColor(count: number, base: Rgba): Rgba {
  const alpha = STEP_ALPHA[shadeStep(count)] ?? 0;
  if (alpha === 0) return base;
  if (base[3] === 0) return [WASH[0], WASH[1], WASH[2], alpha];
  // An opaque land colour under it: blend, so the district stays opaque and the step shows.
  const t = alpha / 255;
  return [
    Math.round(base[0] + (WASH[0] - base[0]) * t * 0.6),
    Math.round(base[1] + (WASH[1] - base[1]) * t * 0.6),
    Math.round(base[2] + (WASH[2] - base[2]) * t * 0.6),
    base[3],
  ];
}

/** The legend: each step's label and its colour over a dark map. */
export function shadeLegend(): { label: string; color: string }[] {
  return SHADE_STEPS.map((lower, index) => {
    const upper = SHADE_STEPS[index + 1];
    const label =
      upper === undefined ? `${lower}+` : upper - 1 === lower ? `${lower}` : `${lower}–${upper - 1}`;
    const alpha = (STEP_ALPHA[index + 1] ?? 0) / 255;
    return { label, color: `rgba(${WASH[0]}, ${WASH[1]}, ${WASH[2]}, ${alpha.toFixed(2)})` };
  });
}
