/**
 * The replay's part of the URL: `/replay?department=…&from=&to=&t=&speed=&cat=…&cam=lon,lat,zoom,pitch,bearing`
 * reopens the same frame. Times are written as ISO 8601 (readable in a shared link) and read as ISO or
 * epoch ms. The parameter names are defined here once; url-state.ts puts them in the one search string.
 */
import { MAX_REPLAY_WINDOW_MS } from '@twin/domain';
import { clampSpeed } from '../replay/playback-clock.js';

/** The search parameter names of the replay (the department filter is url-state's `department`). */
export const REPLAY_PARAM = {
  from: 'from',
  to: 'to',
  t: 't',
  speed: 'speed',
  category: 'cat',
  camera: 'cam',
} as const;

/** The department filter's old spelling in replay links: read as `department` (links already shared), never written. */
export const DEPARTMENT_ALIAS = 'dept';

export interface Camera {
  lon: number;
  lat: number;
  zoom: number;
  pitch: number;
  bearing: number;
}

export interface ReplayParams {
  from: number;
  to: number;
  /** The playhead; null = the window's start. */
  t: number | null;
  /** null = the default speed. */
  speed: number | null;
  /** Category filter (its key, as the incident list's categories). */
  category: string | null;
  camera: Camera | null;
}

const CATEGORY_KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Epoch ms or ISO 8601 → epoch ms; anything else → null. */
export function parseInstant(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  const ms = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

function parseCamera(value: string | null): Camera | null {
  if (!value) return null;
  const parts = value.split(',').map(Number);
  if (parts.length !== 5 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lon, lat, zoom, pitch, bearing] = parts as [number, number, number, number, number];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90 || zoom < 0 || zoom > 24 || pitch < 0 || pitch > 85)
    return null;
  return { lon, lat, zoom, pitch, bearing };
}

/** The camera as written in the link: about a metre's precision, so the link stays short. */
export function formatCamera(camera: Camera): string {
  const r = (n: number, digits: number) => String(Number(n.toFixed(digits)));
  return [
    r(camera.lon, 5),
    r(camera.lat, 5),
    r(camera.zoom, 2),
    r(camera.pitch, 1),
    r(camera.bearing, 1),
  ].join(',');
}

/** The replay's parameters, or null when the link names no usable window (then the picker starts empty). */
export function decodeReplayParams(params: URLSearchParams): ReplayParams | null {
  const from = parseInstant(params.get(REPLAY_PARAM.from));
  const to = parseInstant(params.get(REPLAY_PARAM.to));
  if (from === null || to === null || to <= from || to - from > MAX_REPLAY_WINDOW_MS) return null;
  const t = parseInstant(params.get(REPLAY_PARAM.t));
  const speed = Number(params.get(REPLAY_PARAM.speed));
  const category = params.get(REPLAY_PARAM.category)?.trim() ?? null;
  return {
    from,
    to,
    t: t === null ? null : Math.min(to, Math.max(from, t)),
    speed: params.has(REPLAY_PARAM.speed) && Number.isFinite(speed) && speed > 0 ? clampSpeed(speed) : null,
    category: category && CATEGORY_KEY.test(category) ? category : null,
    camera: parseCamera(params.get(REPLAY_PARAM.camera)),
  };
}

/** Writes the replay's parameters, in a fixed order, omitting what is unset. */
export function encodeReplayParams(replay: ReplayParams, into: URLSearchParams): void {
  into.set(REPLAY_PARAM.from, new Date(replay.from).toISOString());
  into.set(REPLAY_PARAM.to, new Date(replay.to).toISOString());
  if (replay.t !== null) into.set(REPLAY_PARAM.t, new Date(replay.t).toISOString());
  if (replay.speed !== null) into.set(REPLAY_PARAM.speed, String(replay.speed));
  if (replay.category) into.set(REPLAY_PARAM.category, replay.category);
  if (replay.camera) into.set(REPLAY_PARAM.camera, formatCamera(replay.camera));
}
