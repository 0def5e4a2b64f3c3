/**
 * The map: MapLibre draws the offline basemap with 3D buildings, deck.gl draws the data on top through three
 * MapboxOverlays, each its own canvas: the districts, the ground (warnings, buildings, sensors) and above
 * them what moves (incidents, units). deck.gl redraws every layer of a canvas when any of them changes, and the
 * replay changes the incidents at every animation frame and the districts' shades every few: on one canvas
 * each of those frames drew the whole city again (45,000 sensors and every building, in software on a machine
 * without a GPU). The map is created once per city; layers change through `setProps` only.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type { CityView } from '../api/city.js';
import type { MapLayers } from '../layers/build-layers.js';
import { absoluteUrl, basemapStyle, plainStyle } from './basemap-style.js';
import { registerMap } from './camera.js';
import { setupMapLibre } from './setup-maplibre.js';

/**
 * Layer props that change at every animation frame (the replay's playhead): applied to the layers by the map
 * itself when `subscribe` says they changed, so a frame renders no React component and builds no layer.
 */
export interface FrameProps {
  subscribe: (onChange: () => void) => () => void;
  apply: (layers: Layer[]) => Layer[];
}

export interface MapViewProps {
  city: CityView;
  layers: MapLayers;
  /** Applied to the moving layers. */
  frameProps?: FrameProps | null;
  /** HTML for the hovered object, or null for none. */
  tooltip: (info: PickingInfo) => string | null;
  onPick: (info: PickingInfo) => void;
  /** The object under the pointer (to highlight it elsewhere, e.g. its row in a list). */
  onHover?: (info: PickingInfo) => void;
  /** When set, the camera glides to this point (a selected incident). */
  focus: [number, number] | null;
  /** Screen space covered by panels, so the camera centres on the visible part of the map. */
  padding: { left: number; right: number };
  /**
   * Keep the whole city in view, refitted whenever the map's size changes (the wall: nobody is there to
   * pan or zoom, and a 4K screen must show the same city as a 1080p one, not a bigger patch of sea).
   */
  fitCity?: boolean;
}

const TOOLTIP_STYLE = {
  background: 'rgba(10, 14, 22, 0.95)',
  color: '#f2f5fa',
  font: "15px system-ui, 'DejaVu Sans', sans-serif",
  padding: '8px 10px',
  borderRadius: '6px',
  border: '1px solid #3a4458',
  maxWidth: '320px',
};

/** Points along the districts' outer rings (at most ~600), or the box's corners for a city without districts. */
function cityOutline(city: CityView): [number, number][] {
  const rings: number[][][] = [];
  for (const feature of city.districts.features) {
    const { type, coordinates } = feature.geometry;
    if (type === 'Polygon') rings.push((coordinates as number[][][])[0] ?? []);
    else for (const polygon of coordinates as number[][][][]) rings.push(polygon[0] ?? []);
  }
  const total = rings.reduce((n, ring) => n + ring.length, 0);
  if (total === 0) {
    const [west, south, east, north] = city.bbox;
    return [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
    ];
  }
  const step = Math.max(1, Math.ceil(total / 600));
  const points: [number, number][] = [];
  for (const ring of rings)
    for (let i = 0; i < ring.length; i += step) {
      const [lon, lat] = ring[i] ?? [];
      if (lon !== undefined && lat !== undefined) points.push([lon, lat]);
    }
  return points;
}

export function MapView({
  city,
  layers,
  frameProps = null,
  tooltip,
  onPick,
  onHover,
  focus,
  padding,
  fitCity = false,
}: MapViewProps) {
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlaysRef = useRef<Record<keyof MapLayers, MapboxOverlay> | null>(null);
  /** The layers last handed to each canvas (the browser tests read them). */
  const handed = useRef<MapLayers>({ districts: [], ground: [], moving: [] });
  // NOTE: callbacks go through a ref so the map is not torn down and rebuilt when a parent re-renders.
  const callbacks = useRef({ tooltip, onPick, onHover });
  callbacks.current = { tooltip, onPick, onHover };
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    setupMapLibre();
    setLoaded(false);
    let mapLoaded = false;
    const rendered = new Set<string>();
    const markReady = () => {
      // Every canvas (districts, ground, moving) has drawn once.
      if (mapLoaded && rendered.size === 3) setLoaded(true);
    };
    const map = new maplibregl.Map({
      container,
      style: city.basemapUrl
        ? basemapStyle(absoluteUrl(city.basemapUrl, window.location.origin), { buildings: !city.buildings })
        : plainStyle(),
      center: city.center,
      zoom: city.zoom,
      pitch: city.pitch,
      bearing: city.bearing,
      maxPitch: 70,
      // Attributions are shown by the dashboard itself, from the city pack (see AttributionBar).
      attributionControl: false,
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'bottom-left');
    const onRendered = (canvas: string) => () => {
      if (rendered.has(canvas)) return;
      rendered.add(canvas);
      markReady();
    };
    // NOTE: nothing on the districts' canvas answers the pointer (its layers are not pickable).
    const districts = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onAfterRender: onRendered('districts'),
    });
    // NOTE: the moving canvas answers the pointer for itself and the ground: where it has nothing, the ground
    // is picked at the same point, synchronously (each canvas picks on its own animation frame, so waiting for
    // the ground's own hover pick could pair a point with another point's object).
    const ground = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onAfterRender: onRendered('ground'),
    });
    const underPointer = (info: PickingInfo): PickingInfo =>
      info.picked || info.x < 0 || info.y < 0 ? info : (ground.pickObject({ x: info.x, y: info.y }) ?? info);
    const moving = new MapboxOverlay({
      interleaved: false,
      layers: [],
      // NOTE: no multisampling and no kept drawing buffer (luma.gl asks for both): this canvas is drawn at every
      // replay frame, and in software WebGL each costs a pass over every pixel (bench:replay). Its discs, rings
      // and chips smooth their own edges in their shaders; the video recorder still reads it (replay test).
      deviceProps: { webgl: { antialias: false, preserveDrawingBuffer: false } },
      getTooltip: (info) => {
        const html = callbacks.current.tooltip(underPointer(info));
        return html ? { html, style: TOOLTIP_STYLE } : null;
      },
      onClick: (info) => callbacks.current.onPick(underPointer(info)),
      onHover: (info) => callbacks.current.onHover?.(info),
      onAfterRender: onRendered('moving'),
    });
    // Added bottom first: each overlay's canvas is stacked over the ones before it.
    map.addControl(districts);
    map.addControl(ground);
    map.addControl(moving);
    map.on('load', () => {
      mapLoaded = true;
      markReady();
    });
    map.on('error', (event) => console.warn('map error', event.error?.message ?? event));
    mapRef.current = map;
    overlaysRef.current = { districts, ground, moving };
    registerMap(map);
    // NOTE: the browser tests project coordinates and pick deck.gl objects through this handle.
    (window as unknown as { __twinMap?: unknown }).__twinMap = {
      map,
      /** The canvases by name, bottom first (the benchmarks count their draws). */
      canvases: { districts, ground, moving },
      /** Picks on the canvas that holds the layers asked for (the moving one first, as the pointer does). */
      pickObject: (options: Parameters<MapboxOverlay['pickObject']>[0]) =>
        moving.pickObject(options) ?? ground.pickObject(options),
      /** Every layer handed to deck.gl, in drawing order. */
      layers: () => [...handed.current.districts, ...handed.current.ground, ...handed.current.moving],
    };
    return () => {
      overlaysRef.current = null;
      mapRef.current = null;
      registerMap(null);
      map.remove();
    };
  }, [city]);

  useEffect(() => {
    handed.current.districts = layers.districts;
    overlaysRef.current?.districts.setProps({ layers: layers.districts });
  }, [layers.districts]);

  useEffect(() => {
    handed.current.ground = layers.ground;
    overlaysRef.current?.ground.setProps({ layers: layers.ground });
  }, [layers.ground]);

  useEffect(() => {
    const overlay = overlaysRef.current?.moving;
    if (!overlay) return;
    const draw = () => {
      handed.current.moving = frameProps ? frameProps.apply(layers.moving) : layers.moving;
      overlay.setProps({ layers: handed.current.moving });
    };
    draw();
    return frameProps?.subscribe(draw);
  }, [layers.moving, frameProps]);

  useEffect(() => {
    const map = mapRef.current;
    if (!fitCity || !map) return;
    const [west, south, east, north] = city.bbox;
    const outline = cityOutline(city);
    const fit = () => {
      const { clientWidth, clientHeight } = map.getContainer();
      if (clientWidth < 50 || clientHeight < 50) return;
      const padding = Math.round(Math.min(clientWidth, clientHeight) * 0.02);
      map.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding, bearing: city.bearing, pitch: city.pitch, duration: 0 },
      );
      // NOTE: fitBounds fits the city's box, sea corners and all, and leaves a tilted view's far edge with
      // room to spare; zoom in while every district's outline still shows, so the city fills the window.
      const inside = () =>
        outline.every((corner) => {
          const p = map.project(corner);
          return (
            p.x >= padding && p.x <= clientWidth - padding && p.y >= padding && p.y <= clientHeight - padding
          );
        });
      for (let step = 0; step < 30; step++) {
        const zoom = map.getZoom();
        map.jumpTo({ zoom: zoom + 0.05 });
        if (!inside()) {
          map.jumpTo({ zoom });
          break;
        }
      }
    };
    if (map.loaded()) fit();
    map.on('load', fit);
    map.on('resize', fit);
    return () => {
      map.off('load', fit);
      map.off('resize', fit);
    };
  }, [fitCity, city]);

  // NOTE: the panels' padding and the glide to the focus are one ease: a second easeTo stops the first where
  // it is, so an incident opened as the page loads was centred on the whole map, under the detail panel.
  const { left, right } = padding;
  const focusLon = focus?.[0];
  const focusLat = focus?.[1];
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const edges = { left, right, top: 0, bottom: 0 };
    if (focusLon === undefined || focusLat === undefined) {
      map.easeTo({ padding: edges, duration: 300 });
      return;
    }
    map.easeTo({
      padding: edges,
      center: [focusLon, focusLat],
      zoom: Math.max(map.getZoom(), 14),
      duration: 900,
    });
  }, [left, right, focusLon, focusLat]);

  return (
    <section
      ref={containerRef}
      className="map"
      data-testid="map"
      data-map-loaded={loaded ? 'true' : undefined}
      aria-label={`Map of ${city.name}`}
    />
  );
}
