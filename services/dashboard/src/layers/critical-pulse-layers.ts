/**
 * A new critical incident pulses on the map: a ring that grows and fades, slowly (under one pulse a
 * second, for a few seconds), drawn only while the incident flashes. With reduced motion it is a steady ring.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentView } from '@twin/domain';
import { incidentPosition, incidentRadiusMeters } from './incident-layers.js';

export const PULSE_PERIOD_MS = 1_200;

/** 0 … 1 within the pulse's period; 0.5 (a steady mid-size ring) when motion is reduced. */
export function pulsePhase(now: number, reducedMotion: boolean): number {
  return reducedMotion ? 0.5 : (now % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
}

export function buildPulseLayers(incidents: readonly IncidentView[], phase: number): Layer[] {
  return [
    new ScatterplotLayer<IncidentView>({
      id: 'critical-pulse',
      data: incidents,
      visible: incidents.length > 0,
      getPosition: incidentPosition,
      getRadius: (i) => incidentRadiusMeters(i.severity),
      radiusScale: 1.4 + 2.2 * phase,
      radiusUnits: 'meters',
      radiusMinPixels: 12,
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
      getLineColor: [255, 70, 70, 255],
      opacity: Math.max(0.15, 1 - phase),
      pickable: false,
    }),
  ];
}
