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
import { NO_TIME_FILTER, playheadRange, TIME_FILTER } from './time-filter.js';

export const UNITS_LAYER_ID = 'units-on-scene';

export interface PlacedUnit {
  unit: UnitView;
  position: [number, number];
  /** Its place among the units at the same spot: 0, 1, 2, … */
  slot: number;
}

/** The spot a unit is drawn at: units at the same spot (to five decimals, about a metre) fan out. */
export function spotOf(lon: number, lat: number): string {
  return `${lon.toFixed(5)},${lat.toFixed(5)}`;
}

/** The order chips fan out in at one spot: by department, then unit name (whatever order the news came in). */
function chipOrder(a: UnitView, b: UnitView): number {
  if (a.department !== b.department) return a.department < b.department ? -1 : 1;
  return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
}

/**
 * Units on scene with a place, each with its slot among the units at the same spot. The slots follow
 * `chipOrder`, so a spot's chips depend only on which units are there: the replay draws them as spans of
 * time (replay/unit-chip-spans.ts) that must agree with this at every instant.
 */
export function placeUnits(units: readonly UnitView[]): PlacedUnit[] {
  const atSpot = new Map<string, UnitView[]>();
  for (const unit of units) {
    if (unit.status !== 'on_scene' || unit.lat === null || unit.lon === null) continue;
    const spot = spotOf(unit.lon, unit.lat);
    const here = atSpot.get(spot);
    if (here) here.push(unit);
    else atSpot.set(spot, [unit]);
  }
  const placed: PlacedUnit[] = [];
  for (const here of atSpot.values()) {
    here.sort(chipOrder);
    here.forEach((unit, slot) => {
      placed.push({ unit, position: [unit.lon as number, unit.lat as number], slot });
    });
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

/** A chip over a span of the replay's time: drawn while the playhead is in [start, end) (seconds after an origin). */
export interface ChipSpan extends PlacedUnit {
  start: number;
  end: number;
}

export interface UnitLayerOptions {
  visible: boolean;
  colorOf: ColorOf;
  /** Text size in pixels: larger on a larger wall. */
  size: number;
  /**
   * The replay: the units are chip spans (replay/unit-chip-spans.ts), and only those that hold `t` are drawn
   * and picked, chosen on the GPU like the incidents (incident-layers.ts `timeFilter`).
   */
  timeFilter?: { origin: number; t: number } | null;
}

function chipFilterProps(filter: UnitLayerOptions['timeFilter']) {
  if (!filter) return NO_TIME_FILTER;
  return {
    extensions: TIME_FILTER,
    filterEnabled: true,
    getFilterValue: (chip: PlacedUnit) => [(chip as ChipSpan).start, (chip as ChipSpan).end],
    filterRange: playheadRange(filter.origin, filter.t),
  };
}

export function buildUnitLayers(units: readonly PlacedUnit[], options: UnitLayerOptions): Layer[] {
  const { colorOf, size } = options;
  return [
    new TextLayer<PlacedUnit>({
      id: UNITS_LAYER_ID,
      data: units,
      // Hidden while empty, as the incident rings (incident-layers.ts): an empty layer still costs a draw.
      visible: options.visible && units.length > 0,
      ...chipFilterProps(options.timeFilter ?? null),
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
