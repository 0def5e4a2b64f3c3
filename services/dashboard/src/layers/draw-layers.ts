/**
 * The public alert area being drawn (state/draw-store.ts): the shape so far (a filled polygon from three
 * corners, a line before that) and a dot on every corner. Drawn above everything, so the lead sees each
 * click land; not pickable, so clicks on it still reach the map and add corners.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { closedRing, type LonLat, MIN_CORNERS } from '../state/draw-store.js';
import type { Rgb } from './colors.js';

export const DRAW_LAYER_ID = 'alert-area-draw';

/** A bright cyan no department, severity or warning uses, so the drawing never reads as data. */
export const DRAW_COLOR: Rgb = [40, 220, 255];

// NOTE: one empty array for "nothing drawn", so the layers see unchanged data while no one draws (a new
// array is new data to deck.gl: it would rebuild them on every map update, every animation frame in replay).
const NO_SHAPES: LonLat[][] = [];

export function buildDrawLayers(corners: readonly LonLat[]): Layer[] {
  const visible = corners.length > 0;
  const polygon = corners.length >= MIN_CORNERS;
  return [
    new PolygonLayer<LonLat[]>({
      id: `${DRAW_LAYER_ID}-area`,
      data: polygon ? [closedRing(corners)] : NO_SHAPES,
      visible: polygon,
      getPolygon: (ring) => ring,
      filled: true,
      stroked: true,
      getFillColor: [...DRAW_COLOR, 60],
      getLineColor: [...DRAW_COLOR, 240],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
      pickable: false,
    }),
    new PathLayer<LonLat[]>({
      id: `${DRAW_LAYER_ID}-line`,
      data: !polygon && corners.length === 2 ? [[...corners]] : NO_SHAPES,
      visible: !polygon && corners.length === 2,
      getPath: (path) => path,
      getColor: [...DRAW_COLOR, 240],
      getWidth: 3,
      widthUnits: 'pixels',
      pickable: false,
    }),
    new ScatterplotLayer<LonLat>({
      id: `${DRAW_LAYER_ID}-corners`,
      data: corners,
      visible,
      getPosition: (c) => c,
      getRadius: 6,
      radiusUnits: 'pixels',
      getFillColor: [...DRAW_COLOR, 255],
      getLineColor: [10, 14, 22, 255],
      stroked: true,
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      pickable: false,
    }),
  ];
}
