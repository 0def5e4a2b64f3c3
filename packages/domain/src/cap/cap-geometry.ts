/**
 * CAP's shapes and GeoJSON's, both ways. CAP writes a polygon as "lat,lon lat,lon …" (latitude first, the
 * ring closed: at least four pairs, the first repeated last) and a circle as "lat,lon radius" in kilometres;
 * GeoJSON writes [lon, lat]. A circle read from another agency becomes a 32-sided polygon so the map draws
 * one kind of shape.
 */

/** A GeoJSON ring: [lon, lat] pairs. */
export type Ring = number[][];

export const CIRCLE_SIDES = 32;
const KM_PER_DEGREE_LAT = 111.32;

/** Six decimals (about 11 cm), without trailing zeros. */
function coordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

/** The ring closed: its first position repeated at the end when it is not already. */
export function closeRing(ring: Ring): Ring {
  if (ring.length === 0) return ring;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** A GeoJSON ring as a CAP polygon: closed, latitude first. */
export function capPolygon(ring: Ring): string {
  return closeRing(ring)
    .map(([lon, lat]) => `${coordinate(lat!)},${coordinate(lon!)}`)
    .join(' ');
}

/** A CAP circle around [lon, lat]. */
export function capCircle([lon, lat]: [number, number], radiusKm: number): string {
  return `${coordinate(lat)},${coordinate(lon)} ${radiusKm}`;
}

const PAIR = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/;

function position(pair: string): [number, number] | null {
  const m = PAIR.exec(pair);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
  return [lon, lat];
}

/** A CAP polygon as a closed GeoJSON ring, or the reason it is not one. */
export function parseCapPolygon(text: string): Ring | string {
  const pairs = text.trim().split(/\s+/);
  const ring: Ring = [];
  for (const pair of pairs) {
    const p = position(pair);
    if (!p) return `polygon: "${pair.slice(0, 40)}" is not a "latitude,longitude" pair in range`;
    ring.push(p);
  }
  const closed = closeRing(ring);
  if (closed.length < 4) return `polygon: needs at least 3 distinct points, got ${ring.length} pairs`;
  return closed;
}

/** A CAP circle as a closed 32-sided GeoJSON ring, or the reason it is not one. */
export function parseCapCircle(text: string): Ring | string {
  const [pair, radius, ...rest] = text.trim().split(/\s+/);
  const center = pair === undefined ? null : position(pair);
  const km = Number(radius);
  if (!center || rest.length > 0) return `circle: "${text.slice(0, 40)}" is not "latitude,longitude radius"`;
  if (!Number.isFinite(km) || km <= 0 || km > 5000)
    return `circle: radius "${radius ?? ''}" must be a number of kilometres above 0`;
  return circleRing(center, km);
}

/** A circle as a closed ring of CIRCLE_SIDES sides (equirectangular: fine at city scale). */
export function circleRing([lon, lat]: [number, number], radiusKm: number): Ring {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const dLon = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  const ring: Ring = [];
  for (let i = 0; i < CIRCLE_SIDES; i++) {
    const a = (2 * Math.PI * i) / CIRCLE_SIDES;
    ring.push([Number((lon + dLon * Math.cos(a)).toFixed(6)), Number((lat + dLat * Math.sin(a)).toFixed(6))]);
  }
  return closeRing(ring);
}
