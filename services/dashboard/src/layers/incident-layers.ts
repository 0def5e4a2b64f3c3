/**
 * Incidents: a disc per incident sized by severity in its owner's colour, a white ring while it awaits
 * acknowledgement, the selected one outlined and labelled, and the one pointed at in the list (or on the
 * map) ringed in yellow.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { type IncidentView, isOpen } from '@twin/domain';
import { incidentTitle } from '../lib/incidents.js';
import type { IncidentSpans } from '../replay/incident-spans.js';
import { type ColorOf, withAlpha } from './colors.js';
import { FONT_FAMILY } from './district-layers.js';
import { NO_TIME_FILTER, playheadRange, TIME_FILTER } from './time-filter.js';

export interface IncidentLayerOptions {
  visible: boolean;
  colorOf: ColorOf;
  selectedId: string | null;
  /** Pointed at in the incident list or on the map. */
  hoveredId?: string | null;
  /**
   * The replay: the incidents are the spans of their open states (replay/incident-spans.ts), and only the
   * spans that hold `t` (epoch ms) are drawn and picked, chosen on the GPU.
   */
  timeFilter?: { spans: IncidentSpans; t: number } | null;
}

/**
 * The replay's filter: each datum's span start and end. `spanIndex` maps a datum's index to its span's when
 * the layer draws a subset of the spans (the ack rings); without it the data are the spans themselves.
 */
function timeFilterProps(filter: IncidentLayerOptions['timeFilter'], spanIndex?: readonly number[]) {
  if (!filter) return NO_TIME_FILTER;
  const { spans } = filter;
  return {
    extensions: TIME_FILTER,
    filterEnabled: true,
    getFilterValue: (_: IncidentView, { index }: { index: number }) => {
      const span = spanIndex ? (spanIndex[index] as number) : index;
      return [spans.starts[span] as number, spans.ends[span] as number];
    },
    filterRange: playheadRange(spans.origin, filter.t),
  };
}

interface AckRings {
  views: IncidentView[];
  /** Each ring's index in the data it was chosen from (the replay's spans). */
  spanIndex: number[];
}
const ringsCache = new WeakMap<readonly IncidentView[], AckRings>();

/**
 * The open incidents (or the replay's spans) awaiting acknowledgement, once per data array.
 * NOTE: rings only for these, not a ring for every incident with a transparent colour: the GPU fills every
 * ring's square whatever its colour, and in software WebGL (SwiftShader) the hidden rings of ~200 incidents
 * cost more than their discs (bench:replay).
 */
function awaitingAck(data: readonly IncidentView[]): AckRings {
  let rings = ringsCache.get(data);
  if (!rings) {
    rings = { views: [], spanIndex: [] };
    for (const [index, incident] of data.entries()) {
      if (!incident.awaitingAck || !isOpen(incident)) continue;
      rings.views.push(incident);
      rings.spanIndex.push(index);
    }
    ringsCache.set(data, rings);
  }
  return rings;
}

const DISCS_ID = 'incidents';
const ACK_RINGS_ID = 'incident-ack-rings';

/** Metres on the ground: severity 1 → 80 m … 5 → 240 m, readable at city zoom without hiding the streets. */
export function incidentRadiusMeters(severity: number): number {
  return 40 + 40 * Math.min(5, Math.max(1, severity));
}

export function incidentPosition(incident: IncidentView): [number, number] {
  return [incident.lon ?? 0, incident.lat ?? 0];
}

/**
 * Incidents the map can place. One awaiting its report usually has no place yet: it is listed (as awaiting
 * its report) but never drawn at a made-up position.
 */
export function placedIncidents(incidents: readonly IncidentView[]): IncidentView[] {
  return incidents.filter((incident) => incident.lat !== null && incident.lon !== null);
}

const EMPTY: IncidentView[] = [];
const selectionCache = new WeakMap<IncidentView, IncidentView[]>();

/** A one-element array per incident object, so the label layer's data only changes when the selection does. */
function selectionData(incidents: readonly IncidentView[], selectedId: string | null): IncidentView[] {
  const selected = selectedId ? incidents.find((incident) => incident.incidentId === selectedId) : undefined;
  if (!selected) return EMPTY;
  let data = selectionCache.get(selected);
  if (!data) {
    data = [selected];
    selectionCache.set(selected, data);
  }
  return data;
}

export function buildIncidentLayers(
  incidents: readonly IncidentView[],
  options: IncidentLayerOptions,
): Layer[] {
  const { colorOf, selectedId } = options;
  const timeFilter = options.timeFilter ?? null;
  const data = timeFilter ? timeFilter.spans.views : incidents;
  const selection = selectionData(incidents, selectedId);
  // NOTE: a one-element layer of its own, so pointing along the list redraws one ring, not every incident.
  const hovered = selectionData(incidents, options.hoveredId ?? null);
  const rings = awaitingAck(data);
  return [
    new ScatterplotLayer<IncidentView>({
      id: DISCS_ID,
      data,
      visible: options.visible,
      ...timeFilterProps(timeFilter),
      getPosition: incidentPosition,
      getRadius: (i) => incidentRadiusMeters(i.severity),
      radiusUnits: 'meters',
      radiusMinPixels: 5,
      radiusMaxPixels: 60,
      stroked: true,
      filled: true,
      lineWidthUnits: 'pixels',
      getFillColor: (i) => withAlpha(colorOf(i.department), isOpen(i) ? 200 : 50),
      getLineColor: (i) => (i.incidentId === selectedId ? [255, 255, 255, 255] : [0, 0, 0, 180]),
      getLineWidth: (i) => (i.incidentId === selectedId ? 4 : 1),
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      updateTriggers: {
        getFillColor: [colorOf],
        getLineColor: [selectedId],
        getLineWidth: [selectedId],
        getFilterValue: [timeFilter?.spans],
      },
    }),
    new ScatterplotLayer<IncidentView>({
      id: ACK_RINGS_ID,
      data: rings.views,
      // Hidden while empty, as the hover ring below.
      visible: options.visible && rings.views.length > 0,
      ...timeFilterProps(timeFilter, rings.spanIndex),
      getPosition: incidentPosition,
      getRadius: (i) => incidentRadiusMeters(i.severity) * 1.6,
      radiusUnits: 'meters',
      radiusMinPixels: 9,
      radiusMaxPixels: 90,
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5,
      getLineColor: [255, 255, 255, 230],
      pickable: false,
      updateTriggers: { getFilterValue: [timeFilter?.spans] },
    }),
    new ScatterplotLayer<IncidentView>({
      id: 'incident-hover-ring',
      data: hovered,
      // NOTE: hidden while empty: deck.gl draws a visible layer every frame even without data, and each draw
      // costs the main thread (state, uniforms, a synchronous GL query) on every frame of the replay.
      visible: options.visible && hovered.length > 0,
      getPosition: incidentPosition,
      getRadius: (i) => incidentRadiusMeters(i.severity) * 2,
      radiusUnits: 'meters',
      radiusMinPixels: 14,
      radiusMaxPixels: 110,
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
      getLineColor: [255, 214, 0, 255],
      pickable: false,
    }),
    new TextLayer<IncidentView>({
      id: 'incident-selected-label',
      data: selection,
      visible: options.visible && selection.length > 0,
      getPosition: incidentPosition,
      getText: (i) => incidentTitle(i),
      // NOTE: titles come from the feeds in any language; 'auto' builds the glyph atlas from the data instead
      // of deck.gl's default ASCII set, which would silently drop letters like é or ñ.
      characterSet: 'auto',
      getSize: 15,
      getColor: [255, 255, 255, 255],
      getPixelOffset: [0, -26],
      fontFamily: FONT_FAMILY,
      fontWeight: 700,
      outlineWidth: 4,
      outlineColor: [0, 0, 0, 230],
      fontSettings: { sdf: true },
      pickable: false,
    }),
  ];
}
