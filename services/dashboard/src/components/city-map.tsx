/**
 * Connects the data (query cache) and the UI state (URL) to the map: memoised data, layers rebuilt as cheap
 * descriptions, picking turned into navigation.
 */
import type { PickingInfo } from '@deck.gl/core';
import { useQuery } from '@tanstack/react-query';
import type { IncidentView } from '@twin/domain';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type BuildingFeature, cityBuildingsQuery, cityQuery } from '../api/city.js';
import { useAgeNow, useHistoricalTime } from '../hooks/use-age-now.js';
import { useDepartments } from '../hooks/use-department-colors.js';
import { buildLayers } from '../layers/build-layers.js';
import { BUILDINGS_LAYER_ID } from '../layers/building-layers.js';
import { placedIncidents } from '../layers/incident-layers.js';
import { SENSORS_LAYER_ID } from '../layers/sensor-layers.js';
import { useSensorLayerData, useSensorStore } from '../live/sensor-store-context.js';
import { MapView } from '../map/map-view.js';
import { incidentTooltip, sensorTooltip } from '../map/tooltip.js';
import { ROUTE_PATHS } from '../router/routes.js';
import { useUiStore } from '../state/ui-store.js';
import { BasemapNote } from './basemap-note.js';

export function CityMap({ incidents }: { incidents: readonly IncidentView[] }) {
  const { data: city, isPending, error } = useQuery(cityQuery);
  const { data: buildings } = useQuery(cityBuildingsQuery(city));
  // NOTE: the map re-renders when a sensor marker changes, never for readings alone (live/sensor-store.ts).
  const sensorStore = useSensorStore();
  const sensors = useSensorLayerData();
  const { colorOf } = useDepartments();
  const url = useUiStore((s) => s.url);
  const route = useUiStore((s) => s.route);
  const navigate = useUiStore((s) => s.navigate);
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
    () => placedIncidents(route === 'wall' ? incidents.filter((i) => !i.outsideCity) : incidents),
    [incidents, route],
  );
  const selected = useMemo(
    () => (url.incident ? placed.find((i) => i.incidentId === url.incident) : undefined),
    [placed, url.incident],
  );

  const layers = useMemo(
    () =>
      buildLayers(
        { districts: city?.districts ?? null, buildings: buildings ?? null, sensors, incidents: placed },
        {
          colorOf,
          district: url.district,
          selectedIncidentId: url.incident,
          showSensors: true,
          showDistrictLabels: route !== 'wall',
          landFill: !city?.basemapUrl,
        },
      ),
    [city, buildings, sensors, placed, colorOf, url.district, url.incident, route],
  );

  const tooltip = useCallback(
    (info: PickingInfo) => {
      // NOTE: the wall clock to the millisecond while live; the data's time while historical (as the layers).
      const now = historical.current ?? Date.now();
      // Sensors are binary data: picking gives the instance index, the store gives the sensor.
      if (info.layer?.id === SENSORS_LAYER_ID) {
        const sensor = info.index >= 0 ? sensorStore.at(info.index) : undefined;
        return sensor ? sensorTooltip(sensor, now) : null;
      }
      if (!info.object) return null;
      if (info.layer?.id === 'incidents') return incidentTooltip(info.object as IncidentView, now);
      if (info.layer?.id === BUILDINGS_LAYER_ID)
        return `Building · ${Math.round((info.object as BuildingFeature).properties.height)} m`;
      return null;
    },
    [sensorStore],
  );

  const onPick = useCallback(
    (info: PickingInfo) => {
      if (info.layer?.id === 'incidents' && info.object) {
        navigate(ROUTE_PATHS.incidents, { incident: (info.object as IncidentView).incidentId });
      }
    },
    [navigate],
  );

  const focus = useMemo<[number, number] | null>(
    () => (route === 'incidents' && selected ? [selected.lon ?? 0, selected.lat ?? 0] : null),
    [route, selected],
  );

  // Panel widths from styles.css: the wall panel on the right, the list (and detail) on the left.
  const padding = useMemo(() => {
    if (route === 'wall') return { left: 0, right: Math.max(460, window.innerWidth * 0.34) };
    if (route === 'incidents') return { left: url.incident ? 960 : 420, right: 0 };
    if (route === 'dead-letters') return { left: 760, right: 0 };
    return { left: route === 'replay' || route === 'not-found' ? 460 : 0, right: 0 };
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
        layers={layers}
        tooltip={tooltip}
        onPick={onPick}
        focus={focus}
        padding={padding}
      />
      <BasemapNote city={city} />
    </>
  );
}
