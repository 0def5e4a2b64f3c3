/**
 * All map layers in their fixed drawing order: districts under warning areas (other agencies' CAP
 * warnings) under buildings under sensors under incidents under units on scene, and over all of them the
 * public alert area being drawn. The map draws them on three canvases (map/map-view.tsx), each redrawn only
 * when one of its own layers changes: the districts (their shade follows the open incidents, every few frames of
 * a replay), the ground (warnings to sensors: 45,000 sensors and every building, redrawn only when a sensor's
 * health changes), and above them what moves (incidents, units, the drawing), redrawn at every replay frame —
 * so a frame draws a few hundred markers, not the whole city.
 */
import type { Layer } from '@deck.gl/core';
import type { IncidentView, WarningFeature } from '@twin/domain';
import type { BuildingCollection, DistrictCollection } from '../api/city.js';
import type { SensorLayerData } from '../live/sensor-store.js';
import type { LonLat } from '../state/draw-store.js';
import { buildBuildingLayers } from './building-layers.js';
import type { ColorOf } from './colors.js';
import { buildDistrictLayers } from './district-layers.js';
import { buildDrawLayers } from './draw-layers.js';
import { buildIncidentLayers, type IncidentLayerOptions } from './incident-layers.js';
import { buildSensorLayers } from './sensor-layers.js';
import { buildUnitLayers, type PlacedUnit, type UnitLayerOptions } from './unit-layers.js';
import { buildWarningLayers } from './warning-layers.js';

export interface MapData {
  districts: DistrictCollection | null;
  /** The pack's buildings; null when it has none (or they are still loading). */
  buildings: BuildingCollection | null;
  /** The live sensor store's binary data (its colours already say department, health and filter). */
  sensors: SensorLayerData;
  incidents: readonly IncidentView[];
  /** Units on scene to draw (the wall; the replay gives its chip spans, replay/unit-chip-spans.ts); empty elsewhere. */
  units: readonly PlacedUnit[];
  /** Other agencies' CAP warnings in force (api/warnings.ts); empty in the replay. */
  warnings?: readonly WarningFeature[];
  /** Corners of the public alert area being drawn (state/draw-store.ts); empty when none. */
  drawnArea?: readonly LonLat[];
}

export interface MapLayerOptions {
  colorOf: ColorOf;
  district: string | null;
  selectedIncidentId: string | null;
  /** The incident pointed at in the list or on the map: ringed. */
  hoveredIncidentId?: string | null;
  showSensors: boolean;
  showDistrictLabels: boolean;
  /** No basemap draws the land: the districts are filled so the city stands out from the background. */
  landFill: boolean;
  /** Open incidents per district, to shade districts by (the wall); null = no shading. */
  districtOpenCounts: ReadonlyMap<string, number> | null;
  /** Unit chips' text size in pixels. */
  unitSize: number;
  /** The replay: incidents drawn as spans of time, those holding the playhead shown (incident-layers.ts). */
  incidentTimeFilter?: IncidentLayerOptions['timeFilter'];
  /** The replay: unit chips drawn as spans of time likewise (unit-layers.ts). */
  unitTimeFilter?: UnitLayerOptions['timeFilter'];
}

/**
 * Builds a group of layers, or hands back the ones built before when its inputs are the same objects
 * (`layerMemo`). The default builds every time.
 */
export type LayerMemo = (group: string, inputs: readonly unknown[], build: () => Layer[]) => Layer[];

const BUILD_EVERY_TIME: LayerMemo = (_group, _inputs, build) => build();

/**
 * A memo that keeps each group's last layers while its inputs stay the same objects: deck.gl skips a layer
 * it is handed again, where a new layer object — even with equal props — costs it a props comparison and,
 * for composite layers (districts, labels, unit chips), rendering their sublayers again. The replay
 * changes something at almost every animation frame, rarely more than one group.
 */
export function layerMemo(): LayerMemo {
  const built = new Map<string, { inputs: readonly unknown[]; layers: Layer[] }>();
  return (group, inputs, build) => {
    const last = built.get(group);
    if (last && last.inputs.length === inputs.length && last.inputs.every((input, i) => input === inputs[i]))
      return last.layers;
    const layers = build();
    built.set(group, { inputs, layers });
    return layers;
  };
}

/** The map's layers by canvas, each list in drawing order, each canvas under the next. */
export interface MapLayers {
  /** Shaded by the open incidents in each district, which change every few frames of a replay. */
  districts: Layer[];
  ground: Layer[];
  moving: Layer[];
}

/**
 * Whether two lists hold the same layer objects: deck.gl takes a new list as "layers changed" and redraws
 * its whole canvas, even when every layer in it is one it had.
 */
export function sameLayers(a: readonly Layer[], b: readonly Layer[]): boolean {
  return a.length === b.length && a.every((layer, i) => layer === b[i]);
}

/** Each group's inputs are listed beside its builder: every option and datum the builder reads. */
export function buildLayers(data: MapData, options: MapLayerOptions, memo = BUILD_EVERY_TIME): MapLayers {
  const { colorOf } = options;
  const districts = memo(
    'districts',
    [
      data.districts,
      options.district,
      options.showDistrictLabels,
      options.landFill,
      options.districtOpenCounts,
    ],
    () =>
      buildDistrictLayers(data.districts, {
        visible: data.districts !== null,
        highlighted: options.district,
        showLabels: options.showDistrictLabels,
        landFill: options.landFill,
        openCounts: options.districtOpenCounts,
      }),
  );
  const ground = [
    ...memo('warnings', [data.warnings], () => buildWarningLayers(data.warnings ?? [])),
    ...memo('buildings', [data.buildings], () => buildBuildingLayers(data.buildings)),
    ...memo('sensors', [data.sensors, options.showSensors], () =>
      buildSensorLayers(data.sensors, { visible: options.showSensors }),
    ),
  ];
  const moving = [
    ...memo(
      'incidents',
      [
        data.incidents,
        colorOf,
        options.selectedIncidentId,
        options.hoveredIncidentId,
        options.incidentTimeFilter,
      ],
      () =>
        buildIncidentLayers(data.incidents, {
          visible: true,
          colorOf,
          selectedId: options.selectedIncidentId,
          hoveredId: options.hoveredIncidentId ?? null,
          timeFilter: options.incidentTimeFilter ?? null,
        }),
    ),
    ...memo('units', [data.units, colorOf, options.unitSize, options.unitTimeFilter], () =>
      buildUnitLayers(data.units, {
        visible: data.units.length > 0,
        colorOf,
        size: options.unitSize,
        timeFilter: options.unitTimeFilter ?? null,
      }),
    ),
    ...memo('draw', [data.drawnArea], () => buildDrawLayers(data.drawnArea ?? [])),
  ];
  return { districts, ground, moving };
}
