/**
 * The map's camera, readable outside the map component: "Rewind 30 minutes" and the shareable replay link
 * carry the camera the user was looking through. The one map registers itself here while it exists.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Camera } from '../state/replay-params.js';

let activeMap: MapLibreMap | null = null;

export function registerMap(map: MapLibreMap | null): void {
  activeMap = map;
}

export function currentCamera(): Camera | null {
  if (!activeMap) return null;
  const center = activeMap.getCenter();
  return {
    lon: center.lng,
    lat: center.lat,
    zoom: activeMap.getZoom(),
    pitch: activeMap.getPitch(),
    bearing: activeMap.getBearing(),
  };
}

export function applyCamera(camera: Camera): void {
  activeMap?.jumpTo({
    center: [camera.lon, camera.lat],
    zoom: camera.zoom,
    pitch: camera.pitch,
    bearing: camera.bearing,
  });
}

/** The map's canvases (MapLibre's, and deck.gl's on top of it), for recording the playback. */
export function mapCanvases(): HTMLCanvasElement[] {
  if (!activeMap) return [];
  return [...activeMap.getContainer().querySelectorAll('canvas')];
}
