/** Department colours for the layers and the legend, from the server's department registry. */
import type { Department } from '@twin/domain';

export type Rgb = [number, number, number];
export type Rgba = [number, number, number, number];

/**
 * A department not (yet) in the list — until the list is loaded, or refetched after a new one appeared — is
 * drawn neutral grey rather than not at all.
 */
export const UNKNOWN_COLOR: Rgb = [160, 160, 160];

export type ColorOf = (departmentId: string) => Rgb;

export function departmentColors(departments: readonly Department[]): ColorOf {
  const byId = new Map(departments.map((d) => [d.id, d.color]));
  return (departmentId) => byId.get(departmentId) ?? UNKNOWN_COLOR;
}

export function withAlpha(color: Rgb, alpha: number): Rgba {
  return [color[0], color[1], color[2], alpha];
}

export function cssColor(color: Rgb): string {
  return `rgb(${color[0]}, ${color[1]}, ${color[2]})`;
}
