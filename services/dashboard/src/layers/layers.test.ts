import type { Layer } from '@deck.gl/core';
import type { UnitView, WarningFeature } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { type SensorLayerData, SensorStore } from '../live/sensor-store.js';
import { OPEN_END_S } from '../replay/incident-spans.js';
import { incident, sensor } from '../test-fixtures.js';
import { buildLayers, layerMemo } from './build-layers.js';
import { departmentColors, type Rgb, UNKNOWN_COLOR } from './colors.js';
import { buildPulseLayers, PULSE_PERIOD_MS, pulsePhase } from './critical-pulse-layers.js';
import { buildDistrictLayers, districtLabels, LAND_FILL } from './district-layers.js';
import { buildDrawLayers } from './draw-layers.js';
import { buildIncidentLayers, incidentRadiusMeters, placedIncidents } from './incident-layers.js';
import { buildSensorLayers, sensorHealth } from './sensor-layers.js';
import { SENSOR_BODY, SENSOR_STALE, sensorMarkerStyle } from './sensor-style.js';
import { atPlayhead } from './time-filter.js';
import { buildUnitLayers, placeUnits, samePlacedUnits } from './unit-layers.js';
import { buildWarningLayers, SEVERITY_COLORS } from './warning-layers.js';

const colorOf = departmentColors([
  { id: 'fire', name: 'Fire', shortName: 'Fire', icon: 'fire', color: [255, 0, 0], listed: true },
  {
    id: 'environment',
    name: 'Environment',
    shortName: 'Env',
    icon: 'leaf',
    color: [0, 255, 0],
    listed: true,
  },
]);

/** Calls a layer's accessor prop the way deck.gl does. */
function accessor<T>(layer: Layer, prop: string, object: T): unknown {
  const value = (layer.props as unknown as Record<string, unknown>)[prop];
  return typeof value === 'function' ? (value as (o: T) => unknown)(object) : value;
}

describe('departmentColors', () => {
  it('falls back to grey for unknown departments', () => {
    expect(colorOf('fire')).toEqual([255, 0, 0]);
    expect(colorOf('martians')).toEqual(UNKNOWN_COLOR);
  });
});

describe('sensor layers', () => {
  it('classifies sensor health from status and last report', () => {
    expect(sensorHealth(sensor({ lastSeen: 1_000 }), 2_000)).toBe('ok');
    expect(sensorHealth(sensor({ lastSeen: 1_000 }), 1_000 + 61_000)).toBe('stale');
    expect(sensorHealth(sensor({ lastSeen: null }), 0)).toBe('stale');
    expect(sensorHealth(sensor({ status: 'offline' }), 1_000)).toBe('offline');
  });

  it("draws sensors from the store's binary attributes, with no per-sensor accessor", () => {
    const store = new SensorStore();
    store.replaceAll([sensor({ sensorId: 'a' }), sensor({ sensorId: 'b' })]);
    const [layer] = buildSensorLayers(store.layerData(), { visible: true });
    if (!layer) throw new Error('no layer');
    expect(layer.id).toBe('sensors');
    const data = layer.props.data as SensorLayerData;
    expect(data.length).toBe(2);
    expect(data.attributes.getPosition.size).toBe(2);
    expect(typeof (layer.props as unknown as Record<string, unknown>).getFillColor).not.toBe('function');
  });
});

describe('sensor markers', () => {
  const green: Rgb = [0, 255, 0];
  it("keep a dark body and carry the department in a thin ring, unlike incidents' filled discs", () => {
    const { fill, line } = sensorMarkerStyle('ok', green, false);
    expect(fill.slice(0, 3)).toEqual(SENSOR_BODY);
    expect(line).toEqual([0, 255, 0, 235]);
  });

  it('turn grey and faint when stale, a faint hollow ring when offline', () => {
    const stale = sensorMarkerStyle('stale', green, false);
    expect(stale.line.slice(0, 3)).toEqual(SENSOR_STALE);
    expect(stale.line[3]).toBeLessThan(sensorMarkerStyle('ok', green, false).line[3]);
    const offline = sensorMarkerStyle('offline', green, false);
    expect(offline.fill[3]).toBe(0);
    expect(offline.line[3]).toBeLessThan(stale.line[3]);
  });

  it('fade other departments when a department filter is on', () => {
    expect(sensorMarkerStyle('ok', green, true).line[3]).toBeLessThan(
      sensorMarkerStyle('ok', green, false).line[3],
    );
  });
});

describe('incident layers', () => {
  it('sizes by severity and rings only incidents awaiting acknowledgement', () => {
    const [discs, rings] = buildIncidentLayers([], { visible: true, colorOf, selectedId: null });
    if (!discs || !rings) throw new Error('missing layers');
    expect(accessor(discs, 'getRadius', incident({ severity: 5 }))).toBe(incidentRadiusMeters(5));
    expect(incidentRadiusMeters(5)).toBeGreaterThan(incidentRadiusMeters(1));
    expect(accessor(discs, 'getFillColor', incident())).toEqual([255, 0, 0, 200]);
    expect(rings.props.visible).toBe(false);
    const waiting = incident({ incidentId: 'w', awaitingAck: true });
    const all = [
      incident({ incidentId: 'a', awaitingAck: false }),
      waiting,
      incident({ incidentId: 'r', awaitingAck: true, status: 'resolved' }),
    ];
    const [, ringed] = buildIncidentLayers(all, { visible: true, colorOf, selectedId: null });
    expect(ringed?.props.data).toEqual([waiting]);
    expect(ringed?.props.visible).toBe(true);
    expect(accessor(ringed as Layer, 'getLineColor', waiting)).toEqual([255, 255, 255, 230]);
    // The same incidents again: the same ring array, so deck.gl keeps the ring layer's attributes.
    const [, again] = buildIncidentLayers(all, { visible: true, colorOf, selectedId: null });
    expect(again?.props.data).toBe(ringed?.props.data);
  });

  it('outlines and labels the selected incident, with a stable label data reference', () => {
    const data = [incident({ incidentId: 'a' }), incident({ incidentId: 'b' })];
    const first = buildIncidentLayers(data, { visible: true, colorOf, selectedId: 'b' });
    const again = buildIncidentLayers(data, { visible: true, colorOf, selectedId: 'b' });
    expect(accessor(first[0] as Layer, 'getLineWidth', data[1])).toBe(4);
    expect(accessor(first[0] as Layer, 'getLineWidth', data[0])).toBe(1);
    const label = first.find((l) => l.id === 'incident-selected-label');
    expect(label?.props.data).toEqual([data[1]]);
    expect(label?.props.data).toBe(again.find((l) => l.id === 'incident-selected-label')?.props.data);
  });

  it('rings the incident pointed at in the list or on the map, and nothing when none is', () => {
    const data = [incident({ incidentId: 'a' }), incident({ incidentId: 'b' })];
    const ring = (hoveredId: string | null) =>
      buildIncidentLayers(data, { visible: true, colorOf, selectedId: null, hoveredId }).find(
        (l) => l.id === 'incident-hover-ring',
      )?.props.data;
    expect(ring('a')).toEqual([data[0]]);
    expect(ring(null)).toEqual([]);
    expect(ring('gone')).toEqual([]);
  });

  it('hides the one-incident layers while they have nothing to draw (an empty layer still costs a draw)', () => {
    const data = [incident({ incidentId: 'a' })];
    const visible = (id: string, selectedId: string | null, hoveredId: string | null) =>
      buildIncidentLayers(data, { visible: true, colorOf, selectedId, hoveredId }).find((l) => l.id === id)
        ?.props.visible;
    expect(visible('incident-hover-ring', null, null)).toBe(false);
    expect(visible('incident-hover-ring', null, 'a')).toBe(true);
    expect(visible('incident-selected-label', null, null)).toBe(false);
    expect(visible('incident-selected-label', 'a', null)).toBe(true);
    expect(visible('incident-selected-label', 'gone', null)).toBe(false);
  });

  it("draws the replay's spans, showing on the GPU those that hold the playhead, and live incidents unfiltered", () => {
    const views = [
      incident({ incidentId: 'a', awaitingAck: false }),
      incident({ incidentId: 'a', status: 'on_scene', awaitingAck: false }),
    ];
    const origin = Date.UTC(2020, 3, 7, 17);
    const spans = { origin, views, starts: Float64Array.of(0, 600), ends: Float64Array.of(600, OPEN_END_S) };
    const [replayed, rings] = buildIncidentLayers([], {
      visible: true,
      colorOf,
      selectedId: null,
      timeFilter: { spans, t: origin + 600_000 },
    });
    // (The ack rings' own spans: the next test but one.)
    expect(rings?.props.data).toEqual([]);
    const layer = replayed as Layer;
    expect(layer.props.data).toBe(views);
    const props = layer.props as unknown as {
      filterEnabled: boolean;
      filterRange: [number, number][];
      getFilterValue: (o: unknown, info: { index: number }) => number[];
    };
    expect(props.filterEnabled).toBe(true);
    expect(props.getFilterValue(views[1], { index: 1 })).toEqual([600, OPEN_END_S]);
    // start ≤ t (600 s) < end: the second span is shown, the first (ending at 600 s) has given way.
    const [[loStart, hiStart], [loEnd, hiEnd]] = props.filterRange as [[number, number], [number, number]];
    const shown = (i: number) =>
      loStart <= (spans.starts[i] as number) &&
      (spans.starts[i] as number) <= hiStart &&
      loEnd <= (spans.ends[i] as number) &&
      (spans.ends[i] as number) <= hiEnd;
    expect([shown(0), shown(1)]).toEqual([false, true]);
    const live = buildIncidentLayers([incident()], { visible: true, colorOf, selectedId: null });
    const liveProps = live[0]?.props as unknown as { filterEnabled: boolean; extensions: unknown[] };
    // The same extension live (filter off): deck.gl does not take a change of a layer's extensions.
    expect(liveProps.filterEnabled).toBe(false);
    expect(liveProps.extensions).toBe(replayed?.props.extensions);
  });

  it('moves the playhead by cloning only the filtered layers with a new range', () => {
    const views = [
      incident({ incidentId: 'a', awaitingAck: false }),
      incident({ incidentId: 'a', status: 'on_scene', awaitingAck: false }),
    ];
    const origin = Date.UTC(2020, 3, 7, 17);
    const spans = { origin, views, starts: Float64Array.of(0, 600), ends: Float64Array.of(600, OPEN_END_S) };
    const layers = buildIncidentLayers([], {
      visible: true,
      colorOf,
      selectedId: null,
      timeFilter: { spans, t: origin + 600_000 },
    });
    const moved = atPlayhead(layers, origin, origin + 300_000);
    const ids = (list: Layer[]) => list.map((l) => l.id);
    expect(ids(moved)).toEqual(ids(layers));
    for (const [i, layer] of moved.entries()) {
      const filtered = layer.id === 'incidents' || layer.id === 'incident-ack-rings';
      expect(layer === layers[i]).toBe(!filtered);
      if (!filtered) continue;
      const range = (layer.props as unknown as { filterRange: [number, number][] }).filterRange;
      // At 300 s the first span (0–600 s) holds the playhead, the second (from 600 s) not yet.
      expect(range[0]?.[1]).toBe(300);
      expect((range[1]?.[0] as number) > 300 && (range[1]?.[0] as number) < 600).toBe(true);
      expect(layer.props.data).toBe(layers[i]?.props.data);
    }
  });

  it("filters the replay's ack rings by their own spans' times", () => {
    const views = [
      incident({ incidentId: 'a', awaitingAck: true }),
      incident({ incidentId: 'a', status: 'acknowledged', awaitingAck: false }),
      incident({ incidentId: 'b', awaitingAck: true }),
    ];
    const origin = Date.UTC(2020, 3, 7, 17);
    const spans = {
      origin,
      views,
      starts: Float64Array.of(0, 600, 100),
      ends: Float64Array.of(600, OPEN_END_S, 900),
    };
    const [, rings] = buildIncidentLayers([], {
      visible: true,
      colorOf,
      selectedId: null,
      timeFilter: { spans, t: origin },
    });
    if (!rings) throw new Error('missing the ack rings');
    const data = rings.props.data as unknown[];
    expect(data).toEqual([views[0], views[2]]);
    const filterValue = (
      rings.props as unknown as { getFilterValue: (o: unknown, i: { index: number }) => number[] }
    ).getFilterValue;
    expect(data.map((view, index) => filterValue(view, { index }))).toEqual([
      [0, 600],
      [100, 900],
    ]);
  });

  it('leaves out incidents without a location', () => {
    expect(placedIncidents([incident(), incident({ incidentId: 'x', lat: null, lon: null })])).toHaveLength(
      1,
    );
  });
});

describe('buildLayers', () => {
  it('returns every layer in a fixed order with stable ids, hiding rather than removing', () => {
    const options = {
      colorOf,
      district: null,
      selectedIncidentId: null,
      showSensors: false,
      showDistrictLabels: false,
      landFill: false,
      districtOpenCounts: null,
      unitSize: 14,
    };
    const { districts, ground, moving } = buildLayers(
      { districts: null, buildings: null, sensors: new SensorStore().layerData(), incidents: [], units: [] },
      options,
    );
    // The districts have a canvas of their own (their shade changes often); the ground's ends with the
    // sensors; what moves is drawn over all of it.
    expect(districts.map((l) => l.id)).toEqual(['districts', 'district-labels']);
    expect(ground.at(-1)?.id).toBe('sensors');
    const layers = [...districts, ...ground, ...moving];
    expect(layers.map((l) => l.id)).toEqual([
      'districts',
      'district-labels',
      'warnings',
      'city-buildings',
      'sensors',
      'incidents',
      'incident-ack-rings',
      'incident-hover-ring',
      'incident-selected-label',
      'units-on-scene',
      'alert-area-draw-area',
      'alert-area-draw-line',
      'alert-area-draw-corners',
    ]);
    expect(layers.find((l) => l.id === 'units-on-scene')?.props.visible).toBe(false);
    expect(layers.find((l) => l.id === 'alert-area-draw-corners')?.props.visible).toBe(false);
    expect(layers.find((l) => l.id === 'sensors')?.props.visible).toBe(false);
    expect(layers.find((l) => l.id === 'districts')?.props.visible).toBe(false);
    expect(layers.find((l) => l.id === 'city-buildings')?.props.visible).toBe(false);
    expect(layers.find((l) => l.id === 'warnings')?.props.visible).toBe(false);
  });

  it('builds again only the groups whose inputs changed, with a layer memo', () => {
    const memo = layerMemo();
    const data = {
      districts: null,
      buildings: null,
      sensors: new SensorStore().layerData(),
      incidents: [],
      units: [],
    };
    const options = {
      colorOf,
      district: null,
      selectedIncidentId: null,
      showSensors: true,
      showDistrictLabels: true,
      landFill: false,
      districtOpenCounts: null,
      unitSize: 14,
    };
    const first = buildLayers(data, options, memo);
    const again = buildLayers(data, options, memo);
    expect(
      [...again.districts, ...again.ground, ...again.moving].every(
        (l, i) => l === [...first.districts, ...first.ground, ...first.moving][i],
      ),
    ).toBe(true);
    const units = placeUnits([
      {
        unit: 'E1',
        department: 'fire',
        status: 'on_scene',
        since: 1,
        incidentId: 'i1',
        lat: 37.7,
        lon: -122.4,
      },
    ]);
    const moved = buildLayers({ ...data, units }, options, memo);
    const changed = [...moved.districts, ...moved.ground, ...moved.moving].filter(
      (l, i) => l !== [...first.districts, ...first.ground, ...first.moving][i],
    );
    expect(changed.map((l) => l.id)).toEqual(['units-on-scene']);
    // Without a memo every layer is new.
    expect(buildLayers(data, options).ground[0]).not.toBe(first.ground[0]);
    // A district's shade (its open incidents) builds the districts' canvas again, and nothing on the ground.
    const shaded = buildLayers(data, { ...options, districtOpenCounts: new Map([['Mission', 3]]) }, memo);
    expect(shaded.districts[0]).not.toBe(first.districts[0]);
    expect(shaded.ground.every((l, i) => l === first.ground[i])).toBe(true);
  });

  it("extrudes the pack's buildings from their heights and fills districts as land without a basemap", () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const buildings = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { height: 42 },
          geometry: { type: 'Polygon' as const, coordinates: [ring] },
        },
      ],
    };
    const districts = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { name: 'A' },
          geometry: { type: 'Polygon' as const, coordinates: [ring] },
        },
      ],
    };
    const built = buildLayers(
      { districts, buildings, sensors: new SensorStore().layerData(), incidents: [], units: [] },
      {
        colorOf,
        district: null,
        selectedIncidentId: null,
        showSensors: false,
        showDistrictLabels: false,
        landFill: true,
        districtOpenCounts: null,
        unitSize: 14,
      },
    );
    const layers = [...built.districts, ...built.ground];
    const building = layers.find((l) => l.id === 'city-buildings')!;
    expect(building.props.visible).toBe(true);
    const props = building.props as unknown as {
      extruded: boolean;
      getElevation: (f: { properties: { height: number } }) => number;
    };
    expect(props.extruded).toBe(true);
    expect(props.getElevation(buildings.features[0]!)).toBe(42);
    const fill = (
      layers.find((l) => l.id === 'districts')!.props as unknown as {
        getFillColor: (f: { properties: { name: string } }) => number[];
      }
    ).getFillColor;
    expect(fill(districts.features[0]!)).toEqual(LAND_FILL);
  });

  it('shades a district by its open incidents on the wall, lighter than bare land', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const feature = (name: string) => ({
      type: 'Feature' as const,
      properties: { name },
      geometry: { type: 'Polygon' as const, coordinates: [ring] },
    });
    const districts = { type: 'FeatureCollection' as const, features: [feature('A'), feature('B')] };
    const [layer] = buildDistrictLayers(districts, {
      visible: true,
      highlighted: null,
      showLabels: false,
      landFill: false,
      openCounts: new Map([['A', 5]]),
    });
    const fill = (layer!.props as unknown as { getFillColor: (f: unknown) => number[] }).getFillColor;
    expect(fill(feature('B'))).toEqual([0, 0, 0, 0]);
    expect(fill(feature('A'))[3]).toBeGreaterThan(0);
  });
});

describe('unit layers', () => {
  const unit = (name: string, overrides: Partial<UnitView> = {}): UnitView => ({
    unit: name,
    department: 'fire',
    status: 'on_scene',
    since: 0,
    incidentId: 'inc-1',
    lat: 37.7,
    lon: -122.4,
    ...overrides,
  });

  it('places units on scene only, fanning out those at the same spot', () => {
    const placed = placeUnits([
      unit('E1'),
      unit('E2'),
      unit('T1', { lat: 37.71 }),
      unit('M1', { status: 'dispatched' }),
      unit('X', { lat: null, lon: null }),
    ]);
    expect(placed.map((p) => [p.unit.unit, p.slot])).toEqual([
      ['E1', 0],
      ['E2', 1],
      ['T1', 0],
    ]);
    expect(samePlacedUnits(placed, placeUnits([unit('E1'), unit('E2'), unit('T1', { lat: 37.71 })]))).toBe(
      true,
    );
    // Slots follow the units' names, not the order their news came in.
    expect(samePlacedUnits(placed, placeUnits([unit('E2'), unit('E1'), unit('T1', { lat: 37.71 })]))).toBe(
      true,
    );
    expect(samePlacedUnits(placed, placeUnits([unit('E1'), unit('E0'), unit('T1', { lat: 37.71 })]))).toBe(
      false,
    );
    expect(samePlacedUnits(placed, placeUnits([unit('E1'), unit('E2', { since: 5 }), unit('T1')]))).toBe(
      false,
    );
    const [layer] = buildUnitLayers(placed, { visible: true, colorOf, size: 20 });
    expect(layer?.id).toBe('units-on-scene');
    expect(accessor(layer!, 'getBorderColor', placed[0])).toEqual([255, 0, 0, 255]);
    expect(accessor(layer!, 'getText', placed[1])).toBe('E2');
    expect(layer?.props.visible).toBe(true);
    expect(buildUnitLayers([], { visible: true, colorOf, size: 20 })[0]?.props.visible).toBe(false);
    // The replay's chips: spans filtered at the playhead, moved by atPlayhead like the incidents.
    const origin = Date.UTC(2020, 3, 7, 17);
    const chips = placed.map((p, i) => ({ ...p, start: i * 60, end: i * 60 + 60 }));
    const [timed] = buildUnitLayers(chips, {
      visible: true,
      colorOf,
      size: 20,
      timeFilter: { origin, t: origin },
    });
    type Filtered = { filterEnabled: boolean; filterRange: [number, number][] };
    const filtered = (l: Layer | undefined) => l?.props as unknown as Filtered;
    expect(filtered(timed).filterEnabled).toBe(true);
    expect(accessor(timed!, 'getFilterValue', chips[1])).toEqual([60, 120]);
    expect(filtered(layer).filterEnabled).toBe(false);
    const [moved] = atPlayhead([timed!], origin, origin + 90_000);
    expect(moved).not.toBe(timed);
    expect(filtered(moved).filterRange[0]?.[1]).toBe(90);
  });
});

describe('districtLabels', () => {
  it('labels each district once and caches per collection', () => {
    const districts = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { name: 'Mission' },
          geometry: {
            type: 'Polygon' as const,
            coordinates: [
              [
                [0, 0],
                [2, 0],
                [2, 2],
                [0, 2],
              ],
            ],
          },
        },
      ],
    };
    const labels = districtLabels(districts);
    expect(labels).toEqual([{ name: 'Mission', position: [1, 1] }]);
    expect(districtLabels(districts)).toBe(labels);
  });
});

describe('critical pulse', () => {
  it('pulses slowly (under one a second) and holds still when motion is reduced', () => {
    expect(PULSE_PERIOD_MS).toBeGreaterThanOrEqual(1000);
    expect(pulsePhase(PULSE_PERIOD_MS / 4, false)).toBeCloseTo(0.25);
    expect(pulsePhase(PULSE_PERIOD_MS / 4, true)).toBe(0.5);
    expect(pulsePhase(PULSE_PERIOD_MS / 3, true)).toBe(0.5);
  });

  it('grows and fades the ring with the phase, and draws nothing without a flashing incident', () => {
    const [early] = buildPulseLayers([incident({ severity: 5 })], 0.1);
    const [late] = buildPulseLayers([incident({ severity: 5 })], 0.9);
    const props = (layer: Layer | undefined) =>
      layer?.props as unknown as { radiusScale: number; opacity: number };
    expect(props(late).radiusScale).toBeGreaterThan(props(early).radiusScale);
    expect(props(late).opacity).toBeLessThan(props(early).opacity);
    expect(buildPulseLayers([], 0.5)[0]?.props.visible).toBe(false);
  });
});

describe('warning layers', () => {
  const warning = (severity: WarningFeature['properties']['severity']): WarningFeature => ({
    type: 'Feature',
    properties: {
      id: 1,
      source: 'sample',
      identifier: 'w-1',
      sender: 'nws',
      event: 'Flood Warning',
      headline: null,
      areaDesc: 'Bay',
      severity,
      urgency: 'Expected',
      certainty: 'Likely',
      sent: 0,
      expires: null,
    },
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      ],
    },
  });

  it('fills each area translucently and outlines it in its CAP severity colour, pickable for the tooltip', () => {
    const [layer] = buildWarningLayers([warning('Extreme'), warning('Minor')]);
    expect(layer!.props.visible).toBe(true);
    expect(layer!.props.pickable).toBe(true);
    const fill = accessor(layer!, 'getFillColor', warning('Severe')) as number[];
    const line = accessor(layer!, 'getLineColor', warning('Severe')) as number[];
    expect(fill.slice(0, 3)).toEqual(SEVERITY_COLORS.Severe);
    expect(fill[3]).toBeLessThan(128);
    expect(line).toEqual([...SEVERITY_COLORS.Severe, 230]);
    expect(accessor(layer!, 'getFillColor', warning('Minor'))).not.toEqual(fill);
  });

  it('is hidden without warnings', () => {
    expect(buildWarningLayers([])[0]!.props.visible).toBe(false);
  });
});

describe('buildDrawLayers', () => {
  const byId = (layers: Layer[], id: string) => layers.find((l) => l.id === `alert-area-draw-${id}`);

  it('draws corners as dots, a line from two corners, and a closed filled area from three', () => {
    const one = buildDrawLayers([[1, 1]]);
    expect(byId(one, 'corners')?.props.visible).toBe(true);
    expect(byId(one, 'line')?.props.visible).toBe(false);
    expect(byId(one, 'area')?.props.visible).toBe(false);

    const two = buildDrawLayers([
      [1, 1],
      [2, 1],
    ]);
    expect(byId(two, 'line')?.props.visible).toBe(true);
    expect(byId(two, 'area')?.props.visible).toBe(false);

    const three = buildDrawLayers([
      [1, 1],
      [2, 1],
      [2, 2],
    ]);
    expect(byId(three, 'line')?.props.visible).toBe(false);
    expect(byId(three, 'area')?.props.visible).toBe(true);
    expect(byId(three, 'area')?.props.data).toEqual([
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 1],
      ],
    ]);
    // Never pickable: a click on the drawing still adds a corner rather than picking it.
    for (const layer of three) expect(layer.props.pickable).toBe(false);
  });

  it('draws nothing without corners', () => {
    for (const layer of buildDrawLayers([])) expect(layer.props.visible).toBe(false);
  });
});
