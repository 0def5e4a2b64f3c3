/**
 * Units on scene: a light chip with the unit's name, framed in its department's colour, beside the
 * incident it is at. A labelled box reads apart from incidents (discs) and sensors (dots); several units at
 * one incident fan out to the right instead of piling up.
 */
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import type { UnitView } from '@twin/domain';
import type { ColorOf } from './colors.js';
import { FONT_FAMILY } from './district-layers.js';

export const UNITS_LAYER_ID = 'units-on-scene';

export interface PlacedUnit {
  unit: UnitView;
  position: [number, number];
  /** Its place among the units at the same spot: 0, 1, 2, … */
  slot: number;
}

/** Units on scene with a place, each with its slot among the units at the same spot. */
export function placeUnits(units: readonly UnitView[]): PlacedUnit[] {
  const seen = new Map<string, number>();
  const placed: PlacedUnit[] = [];
  for (const unit of units) {
    if (unit.status !== 'on_scene' || unit.lat === null || unit.lon === null) continue;
    const spot = `${unit.lon.toFixed(5)},${unit.lat.toFixed(5)}`;
    const slot = seen.get(spot) ?? 0;
    seen.set(spot, slot + 1);
    placed.push({ unit, position: [unit.lon, unit.lat], slot });
  }
  return placed;
}

/** Whether two units' news are the same (where, what, since when). */
export function sameUnitView(x: UnitView, y: UnitView): boolean {
  return (
    x.unit === y.unit &&
    x.department === y.department &&
    x.status === y.status &&
    x.since === y.since &&
    x.incidentId === y.incidentId &&
    x.lat === y.lat &&
    x.lon === y.lon
  );
}

/** Whether two placements draw the same chips (the map need not rebuild the unit layers). */
export function samePlacedUnits(a: readonly PlacedUnit[], b: readonly PlacedUnit[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PlacedUnit;
    const y = b[i] as PlacedUnit;
    // NOTE: the position is the unit's lat/lon, compared with it.
    if (x.slot !== y.slot || !sameUnitView(x.unit, y.unit)) return false;
  }
  return true;
}

export interface UnitLayerOptions {
  visible: boolean;
  colorOf: ColorOf;
  /** Text size in pixels: larger on a larger wall. */
  size: number;
}

export function buildUnitLayers(units: readonly PlacedUnit[], options: UnitLayerOptions): Layer[] {
  const { colorOf, size } = options;
  return [
    new TextLayer<PlacedUnit>({
      id: UNITS_LAYER_ID,
      data: units,
      // Hidden while empty, as the incident rings (incident-layers.ts): an empty layer still costs a draw.
      visible: options.visible && units.length > 0,
      getPosition: (u) => u.position,
      getText: (u) => u.unit.unit,
      characterSet: 'auto',
      getSize: size,
      getColor: [11, 14, 20, 255],
      background: true,
      getBackgroundColor: [232, 238, 248, 240],
      getBorderColor: (u) => [...colorOf(u.unit.department), 255] as [number, number, number, number],
      getBorderWidth: 2,
      backgroundPadding: [4, 2, 4, 2],
      fontFamily: FONT_FAMILY,
      fontWeight: 800,
      getTextAnchor: 'start',
      getAlignmentBaseline: 'center',
      // Right of the incident's disc, one chip under the other.
      getPixelOffset: (u) => [size * 1.2, (u.slot - 0.5) * size * 1.5],
      pickable: true,
      updateTriggers: { getBorderColor: [colorOf], getPixelOffset: [size] },
    }),
  ];
}
