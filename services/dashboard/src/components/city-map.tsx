/**
 * Connects the data (query cache) and the UI state (URL) to the map: memoised data, layers rebuilt as cheap
 * descriptions, picking turned into navigation.
 */
import type { PickingInfo } from '@deck.gl/core';
import { useQuery } from '@tanstack/react-query';
import type { IncidentView, WarningProperties } from '@twin/domain';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { unitsQuery } from '../api/boards.js';
import { type BuildingFeature, cityBuildingsQuery, cityQuery } from '../api/city.js';
import { useActiveWarnings } from '../api/warnings.js';
import { useAgeNow, useHistoricalTime } from '../hooks/use-age-now.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { useFlashing } from '../hooks/use-flashing.js';
import { usePulsePhase } from '../hooks/use-pulse.js';
import { useStableValue } from '../hooks/use-stable-value.js';
import { buildLayers, layerMemo, sameLayers } from '../layers/build-layers.js';
import { BUILDINGS_LAYER_ID } from '../layers/building-layers.js';
import { buildPulseLayers } from '../layers/critical-pulse-layers.js';
import { placedIncidents } from '../layers/incident-layers.js';
import { SENSORS_LAYER_ID } from '../layers/sensor-layers.js';
import { atPlayhead } from '../layers/time-filter.js';
import { type PlacedUnit, placeUnits, samePlacedUnits, UNITS_LAYER_ID } from '../layers/unit-layers.js';
import { WARNINGS_LAYER_ID } from '../layers/warning-layers.js';
import { buildWindowHeatLayers } from '../layers/window-heat-layers.js';
import { openByDistrict, sameShades } from '../lib/district-shade.js';
import { incidentTitle } from '../lib/incidents.js';
import type { SensorLayerData } from '../live/sensor-store.js';
import { useSensorLayerData, useSensorStore } from '../live/sensor-store-context.js';
import { type FrameProps, MapView } from '../map/map-view.js';
import { incidentTooltip, sensorTooltip, unitTooltip, warningTooltip } from '../map/tooltip.js';
import { useReplayStore } from '../replay/replay-store.js';
import { ROUTE_PATHS } from '../router/routes.js';
import { useDrawStore } from '../state/draw-store.js';
import { useUiStore } from '../state/ui-store.js';
import { BasemapNote } from './basemap-note.js';

const NO_UNITS: PlacedUnit[] = [];
const NO_INCIDENTS: IncidentView[] = [];
const NO_WARNINGS: never[] = [];
const NO_SENSORS: SensorLayerData = {
  length: 0,
  attributes: {
    getPosition: { value: new Float64Array(0), size: 2 },
    getFillColor: { value: new Uint8Array(0), size: 4, normalized: true },
    getLineColor: { value: new Uint8Array(0), size: 4, normalized: true },
  },
};

/** The screen's height, followed on resize: unit chips are sized to it, as the wall's type is. */
function useViewportHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

export function CityMap({ incidents }: { incidents: readonly IncidentView[] }) {
  const { data: city, isPending, error } = useQuery(cityQuery);
  const { data: buildings } = useQuery(cityBuildingsQuery(city));
  // NOTE: the map re-renders when a sensor marker changes, never for readings alone (live/sensor-store.ts).
  const sensorStore = useSensorStore();
  const liveSensors = useSensorLayerData();
  const { departments, colorOf } = useDepartments();
  const url = useUiStore((s) => s.url);
  const route = useUiStore((s) => s.route);
  const wall = route === 'wall';
  // NOTE: the replay draws the city at its playhead from the replay store (replay/replay-store.ts): the
  // frame's arrays stay the same objects between events, so the map rebuilds nothing while the clock runs.
  const replay = route === 'replay';
  // NOTE: the incidents open at the playhead as the panel shows them (`shown`: four times a second while
  // playing, at once otherwise), for what the map does not draw from spans: district shades (they agree with
  // the panel's counts), the selection's label and the tooltips' titles. Following every event instead
  // rendered this component and rebuilt layers at almost every frame at 600×. The array, not the frame.
  const replayOpen = useReplayStore((s) => (replay ? s.shown.frame?.open : undefined)) ?? NO_INCIDENTS;
  const replaySensorData = useReplayStore((s) => (replay ? s.sensorData : null));
  // NOTE: the replay's incident markers and unit chips are spans of time filtered at the playhead on the
  // GPU (replay/incident-spans.ts, unit-chip-spans.ts); the map moves the filter at each frame itself
  // (`playhead` below), so a frame renders nothing here. `placed` still serves the selection, the tooltips'
  // titles and the shading.
  const replaySpans = useReplayStore((s) => (replay ? s.spans : null));
  const replayChips = useReplayStore((s) => (replay ? s.chips : null));
  const incidentTimeFilter = useMemo(
    () => (replaySpans ? { spans: replaySpans, t: useReplayStore.getState().t } : null),
    [replaySpans],
  );
  const unitTimeFilter = useMemo(
    () => (replayChips ? { origin: replayChips.origin, t: useReplayStore.getState().t } : null),
    [replayChips],
  );
  const origin = replaySpans?.origin ?? replayChips?.origin ?? null;
  const playhead = useMemo<FrameProps | null>(
    () =>
      origin !== null
        ? {
            subscribe: (onChange) =>
              useReplayStore.subscribe((state, previous) => {
                if (state.t !== previous.t) onChange();
              }),
            apply: (layers) => atPlayhead(layers, origin, useReplayStore.getState().t),
          }
        : null,
    [origin],
  );
  const replayHeat = useReplayStore((s) => (replay ? s.heatPoints : null));
  const sensors = replay ? (replaySensorData ?? NO_SENSORS) : liveSensors;
  // The wall draws units on scene (the units board's data: the same query, shared in the cache).
  const { data: unitBoard } = useQuery({ ...unitsQuery, enabled: wall });
  // NOTE: warnings in force now; the replay shows the past, which they are not part of.
  const liveWarnings = useActiveWarnings(!replay);
  const warnings = replay ? NO_WARNINGS : liveWarnings;
  const viewportHeight = useViewportHeight();
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const nameRef = useRef(nameOf);
  nameRef.current = nameOf;
  const navigate = useUiStore((s) => s.navigate);
  const hoveredIncidentId = useUiStore((s) => s.hoveredIncident?.incidentId ?? null);
  const setHoveredIncident = useUiStore((s) => s.setHoveredIncident);
  // NOTE: sensor staleness only needs 10 s resolution; a per-second clock would recolour every sensor every second.
  // Historical data is judged as of its own time, so a 2019 sensor that reported then is not drawn as dead.
  const coarseNow = useAgeNow(10_000);
  useEffect(() => {
    sensorStore.setStyle({ colorOf, now: coarseNow, department: url.department });
  }, [sensorStore, colorOf, coarseNow, url.department]);
  const historical = useRef<number | null>(null);
  historical.current = useHistoricalTime();

  // NOTE: the wall's map shows what its count and legend count: incidents in the city's districts (those
  // outside are counted apart, "+ N open outside the map"). The drill-down shows every placed incident.
  const placed = useMemo(
    () =>
      placedIncidents(
        replay ? replayOpen : route === 'wall' ? incidents.filter((i) => !i.outsideCity) : incidents,
      ),
    [incidents, route, replay, replayOpen],
  );
  // NOTE: the same chips keep the same array (and the same district shades the same counts): the board is
  // fetched again and the replay recomputes shades at every event, and deck.gl rebuilds a layer whose data is
  // a new array. The replay's chip spans are new only when made again, and then their spans differ even where
  // the chips compare equal (samePlacedUnits does not look at start and end): they are taken as they are.
  const wallUnits = useStableValue(
    useMemo(() => (wall && unitBoard ? placeUnits(unitBoard.units) : NO_UNITS), [wall, unitBoard]),
    samePlacedUnits,
  );
  const units = replay ? (replayChips?.chips ?? NO_UNITS) : wallUnits;
  // NOTE: shaded from the live set, the incidents the wall counts and draws, so shade, count and dots agree.
  // The replay shades by the incidents open at its playhead.
  const districtOpenCounts = useStableValue(
    useMemo(
      () => (replay ? openByDistrict(replayOpen) : wall ? openByDistrict(incidents) : null),
      [wall, incidents, replay, replayOpen],
    ),
    sameShades,
  );
  const flashing = useFlashing();
  const flashingIncidents = useMemo(
    () => (wall && flashing.size > 0 ? placed.filter((i) => flashing.has(i.incidentId)) : NO_INCIDENTS),
    [wall, flashing, placed],
  );
  const phase = usePulsePhase(flashingIncidents.length > 0);
  // The public alert area being drawn from the incident detail's alert form (components/public-alerts.tsx).
  const drawnArea = useDrawStore((s) => s.corners);
  const selected = useMemo(
    () => (url.incident ? placed.find((i) => i.incidentId === url.incident) : undefined),
    [placed, url.incident],
  );

  // NOTE: each group of layers is built again only when its own inputs change (build-layers.ts).
  const memo = useMemo(layerMemo, []);
  const layers = useMemo(
    () =>
      buildLayers(
        {
          districts: city?.districts ?? null,
          buildings: buildings ?? null,
          sensors,
          incidents: placed,
          units,
          warnings,
          drawnArea,
        },
        {
          colorOf,
          district: url.district,
          selectedIncidentId: url.incident,
          hoveredIncidentId,
          showSensors: true,
          showDistrictLabels: route !== 'wall',
          landFill: !city?.basemapUrl,
          districtOpenCounts,
          unitSize: Math.min(48, Math.max(12, Math.round(viewportHeight * 0.014))),
          incidentTimeFilter,
          unitTimeFilter,
        },
        memo,
      ),
    [
      memo,
      city,
      buildings,
      sensors,
      placed,
      units,
      warnings,
      drawnArea,
      colorOf,
      url.district,
      url.incident,
      hoveredIncidentId,
      route,
      districtOpenCounts,
      viewportHeight,
      incidentTimeFilter,
      unitTimeFilter,
    ],
  );
  // NOTE: apart from the other layers, so the pulse's frames rebuild one small layer, not all of them.
  const pulse = useMemo(() => buildPulseLayers(flashingIncidents, phase), [flashingIncidents, phase]);
  const heat = useMemo(() => (replayHeat ? buildWindowHeatLayers(replayHeat) : []), [replayHeat]);
  // NOTE: each canvas keeps its list while it holds the same layers: a change on one must not redraw the other.
  const districts = useStableValue(
    useMemo(() => [...heat, ...layers.districts], [heat, layers]),
    sameLayers,
  );
  const ground = useStableValue(layers.ground, sameLayers);
  const moving = useStableValue(
    useMemo(() => [...layers.moving, ...pulse], [layers, pulse]),
    sameLayers,
  );
  const allLayers = useMemo(() => ({ districts, ground, moving }), [districts, ground, moving]);

  const titlesRef = useRef(new Map<string, string>());
  titlesRef.current = useMemo(
    () => new Map(placed.map((i) => [i.incidentId, incidentTitle(i, nameOf)])),
    [placed, nameOf],
  );

  const tooltip = useCallback(
    (info: PickingInfo) => {
      // NOTE: the wall clock to the millisecond while live; the data's time while historical (as the layers).
      const replayed = useUiStore.getState().route === 'replay' ? useReplayStore.getState() : null;
      // The replay's ages are relative to its playhead, never to now.
      const now = replayed ? replayed.t : (historical.current ?? Date.now());
      const names = nameRef.current;
      if (replayed && info.layer?.id === SENSORS_LAYER_ID) {
        const sensor = info.index >= 0 ? replayed.sensors?.at(info.index) : undefined;
        if (!sensor) return null;
        const values = replayed.sensors?.valuesOf(sensor.sensorId) ?? {};
        const latest = Object.fromEntries(
          Object.entries(values).map(([metric, v]) => [metric, { value: v.value, ts: v.at }]),
        );
        const seen = Object.values(values).reduce<number | null>(
          (last, v) => (last === null || v.at > last ? v.at : last),
          null,
        );
        const status = replayed.sensors?.statusAt(info.index, now) ?? 'online';
        return sensorTooltip({ ...sensor, status, latest, lastSeen: seen }, now, names);
      }
      // Sensors are binary data: picking gives the instance index, the store gives the sensor.
      if (info.layer?.id === SENSORS_LAYER_ID) {
        const sensor = info.index >= 0 ? sensorStore.at(info.index) : undefined;
        return sensor ? sensorTooltip(sensor, now, names) : null;
      }
      if (!info.object) return null;
      if (info.layer?.id === 'incidents') return incidentTooltip(info.object as IncidentView, now, names);
      if (info.layer?.id === UNITS_LAYER_ID) {
        const titles = titlesRef.current;
        return unitTooltip((info.object as PlacedUnit).unit, now, names, (id) => titles.get(id) ?? null);
      }
      if (info.layer?.id === WARNINGS_LAYER_ID)
        return warningTooltip((info.object as { properties: WarningProperties }).properties, Date.now());
      if (info.layer?.id === BUILDINGS_LAYER_ID)
        return `Building · ${Math.round((info.object as BuildingFeature).properties.height)} m`;
      return null;
    },
    [sensorStore],
  );

  const onPick = useCallback(
    (info: PickingInfo) => {
      // NOTE: while an alert area is drawn, every click on the map is a corner, even over an incident:
      // opening that incident would close the form being filled in.
      const draw = useDrawStore.getState();
      if (draw.drawing) {
        const [lon, lat] = info.coordinate ?? [];
        if (lon !== undefined && lat !== undefined) draw.add([lon, lat]);
        return;
      }
      if (info.layer?.id === 'incidents' && info.object) {
        const incident = (info.object as IncidentView).incidentId;
        // In the replay, picking selects the incident there (its timeline beside the map).
        if (useUiStore.getState().route === 'replay') useUiStore.getState().setUrlState({ incident });
        else navigate(ROUTE_PATHS.incidents, { incident });
      }
    },
    [navigate],
  );

  // The list highlights (and scrolls to) the incident under the pointer on the map.
  const onHover = useCallback(
    (info: PickingInfo) => {
      const id =
        info.layer?.id === 'incidents' && info.object ? (info.object as IncidentView).incidentId : null;
      const current = useUiStore.getState().hoveredIncident;
      if (id) setHoveredIncident({ incidentId: id, source: 'map' });
      else if (current?.source === 'map') setHoveredIncident(null);
    },
    [setHoveredIncident],
  );

  const focus = useMemo<[number, number] | null>(
    () => (route === 'incidents' && selected ? [selected.lon ?? 0, selected.lat ?? 0] : null),
    [route, selected],
  );

  // Panel widths from styles.css: the wall panel on the right, the list (and detail) on the left.
  const padding = useMemo(() => {
    // The wall fits the map element itself to the window between its boards (styles/wall.css).
    if (route === 'wall') return { left: 0, right: 0 };
    if (route === 'incidents') return { left: url.incident ? 960 : 420, right: 0 };
    if (route === 'dead-letters') return { left: 760, right: 0 };
    if (route === 'replay') return { left: 560, right: 0 };
    return { left: route === 'not-found' ? 460 : 0, right: 0 };
  }, [route, url.incident]);

  if (!city) {
    return (
      <div className="map map--empty" data-testid="map">
        <p>
          {isPending
            ? 'Loading the city model…'
            : `The map needs the server: ${error?.message ?? 'unavailable'}`}
        </p>
      </div>
    );
  }
  return (
    <>
      <MapView
        city={city}
        layers={allLayers}
        frameProps={playhead}
        tooltip={tooltip}
        onPick={onPick}
        onHover={onHover}
        focus={focus}
        padding={padding}
        fitCity={wall}
      />
      <BasemapNote city={city} />
    </>
  );
}
