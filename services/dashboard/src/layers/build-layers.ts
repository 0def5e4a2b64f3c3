/**
 * All map layers in their fixed drawing order: districts under warning areas (other agencies' CAP
 * warnings) under buildings under sensors under incidents under units on scene, and over all of them the
 * public alert area being drawn.
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
import { buildUnitLayers, type PlacedUnit } from './unit-layers.js';
import { buildWarningLayers } from './warning-layers.js';

export interface MapData {
  districts: DistrictCollection | null;
  /** The pack's buildings; null when it has none (or they are still loading). */
  buildings: BuildingCollection | null;
  /** The live sensor store's binary data (its colours already say department, health and filter). */
  sensors: SensorLayerData;
  incidents: readonly IncidentView[];
  /** Units on scene to draw (the wall); empty elsewhere. */
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
}

export function buildLayers(data: MapData, options: MapLayerOptions): Layer[] {
  return [
    ...buildDistrictLayers(data.districts, {
      visible: data.districts !== null,
      highlighted: options.district,
      showLabels: options.showDistrictLabels,
      landFill: options.landFill,
      openCounts: options.districtOpenCounts,
    }),
    ...buildWarningLayers(data.warnings ?? []),
    ...buildBuildingLayers(data.buildings),
    ...buildSensorLayers(data.sensors, { visible: options.showSensors }),
    ...buildIncidentLayers(data.incidents, {
      visible: true,
      colorOf: options.colorOf,
      selectedId: options.selectedIncidentId,
      hoveredId: options.hoveredIncidentId ?? null,
      timeFilter: options.incidentTimeFilter ?? null,
    }),
    ...buildUnitLayers(data.units, {
      visible: data.units.length > 0,
      colorOf: options.colorOf,
      size: options.unitSize,
    }),
    ...buildDrawLayers(data.drawnArea ?? []),
  ];
}
