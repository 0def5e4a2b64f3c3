/**
 * Reading a pack's GeoJSON layers (districts, buildings) with every problem named by file and feature index.
 * Used by the loader (a pack must stay loadable) and by the importer (it refuses before it writes anything).
 *
 * The checks are RFC 7946's for what the product draws and locates with: a FeatureCollection of Features
 * whose geometry is a Polygon or MultiPolygon, rings of at least four [lon, lat] positions that close, and
 * every position in WGS 84 degrees. A file in projected metres (EPSG:3857, a national grid) is the likeliest
 * mistake with open data, so it gets a sentence of its own.
 */
import turfBbox from '@turf/bbox';
import type {
  BuildingCollection,
  BuildingFeature,
  DistrictCollection,
  DistrictFeature,
  PolygonGeometry,
} from './city-pack.js';
import { CityPackError } from './city-pack.js';

/** Problems listed per file; a file broken everywhere says how many more there were. */
export const MAX_PROBLEMS_PER_FILE = 20;

class FileProblems {
  readonly list: string[] = [];
  private more = 0;
  constructor(readonly file: string) {}
  add(text: string): void {
    if (this.list.length < MAX_PROBLEMS_PER_FILE) this.list.push(`${this.file}: ${text}`);
    else this.more += 1;
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const all = [...this.list];
    if (this.more > 0) all.push(`${this.file}: … and ${this.more} more problem${this.more === 1 ? '' : 's'}`);
    throw new CityPackError(all);
  }
}

/** JSON.parse with the file named; a truncated download is the usual cause of "unexpected end". */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    // NOTE: a file cut short fails at its very last character, whatever the parser then expected there.
    const position = /at position (\d+)/.exec(reason);
    const atEnd = position !== null && Number(position[1]) >= text.trimEnd().length;
    const truncated =
      atEnd || /end of (JSON )?input|Unterminated/i.test(reason) ? ' (the file looks truncated)' : '';
    throw new CityPackError([`${file}: is not valid JSON${truncated}: ${reason}`]);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isObject(value))
    return typeof value.type === 'string' ? `type "${value.type}"` : 'an object without "type"';
  return `a ${typeof value}`;
}

const CRS84 = /CRS84|EPSG:*4326$|WGS ?84/i;

/** The FeatureCollection's features, or every reason it is not one. */
function featuresOf(value: unknown, problems: FileProblems): unknown[] {
  if (!isObject(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    problems.add(`must be a GeoJSON FeatureCollection with a "features" array (got ${kindOf(value)})`);
    return [];
  }
  // NOTE: RFC 7946 dropped `crs`; files that still carry one say outright that they are projected.
  const crsName =
    isObject(value.crs) && isObject(value.crs.properties) ? value.crs.properties.name : undefined;
  if (typeof crsName === 'string' && !CRS84.test(crsName)) {
    problems.add(
      `is in coordinate system "${crsName}"; GeoJSON must be WGS 84 longitude/latitude (reproject it, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)`,
    );
    return [];
  }
  if (value.features.length === 0) problems.add('has no features');
  return value.features;
}

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) &&
  p.length >= 2 &&
  p.length <= 3 &&
  p.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks one polygon's rings; returns the first out-of-range position (projected coordinates), if any. */
function checkPolygon(rings: unknown, where: string, add: (text: string) => void): number[] | null {
  if (!Array.isArray(rings) || rings.length === 0) {
    add(`${where} must be a list of linear rings`);
    return null;
  }
  let outside: number[] | null = null;
  rings.forEach((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) {
      add(`${where}[${r}] must be a ring of at least 4 [longitude, latitude] positions`);
      return;
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1])
      add(`${where}[${r}] is not closed (its last position must repeat its first)`);
    outside ??= (ring as number[][]).find((p) => Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) ?? null;
  });
  return outside;
}

/** The feature's polygon geometry, or null after adding why it is not usable. */
function polygonGeometry(feature: unknown, at: string, problems: FileProblems): PolygonGeometry | null {
  if (!isObject(feature) || feature.type !== 'Feature') {
    problems.add(`${at} must be a GeoJSON Feature (got ${kindOf(feature)})`);
    return null;
  }
  const geometry = feature.geometry;
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    problems.add(
      `${at} has no polygon geometry: it must be a Polygon or MultiPolygon (got ${geometry === null || geometry === undefined ? 'none' : kindOf(geometry)})`,
    );
    return null;
  }
  let broken = false;
  const add = (text: string) => {
    broken = true;
    problems.add(`${at}: ${text}`);
  };
  let outside: number[] | null = null;
  if (geometry.type === 'Polygon') outside = checkPolygon(geometry.coordinates, 'coordinates', add);
  else if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0)
    add('coordinates must be a list of polygons');
  else
    geometry.coordinates.forEach((polygon, i) => {
      outside ??= checkPolygon(polygon, `coordinates[${i}]`, add);
    });
  if (outside) {
    const [x, y] = outside as number[];
    add(
      `position (${x}, ${y}) is not longitude/latitude: the file looks projected (e.g. EPSG:3857 metres); GeoJSON must be WGS 84 degrees (reproject it, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)`,
    );
  }
  return broken ? null : (geometry as unknown as PolygonGeometry);
}

function propertiesOf(feature: unknown): Record<string, unknown> {
  return isObject(feature) && isObject(feature.properties) ? feature.properties : {};
}

function availableKeys(properties: Record<string, unknown>): string {
  const keys = Object.keys(properties).slice(0, 8);
  return keys.length === 0 ? 'it has no properties' : `its properties: ${keys.join(', ')}`;
}

/**
 * Districts as the product uses them: polygons with only a `name` (source files carry tooling columns the UI
 * never needs). Throws a CityPackError naming the file and every broken feature.
 */
export function readDistricts(value: unknown, file: string, nameProperty: string): DistrictCollection {
  const problems = new FileProblems(file);
  const features: DistrictFeature[] = [];
  featuresOf(value, problems).forEach((feature, i) => {
    const at = `feature ${i}`;
    const geometry = polygonGeometry(feature, at, problems);
    const properties = propertiesOf(feature);
    const raw = properties[nameProperty];
    const name =
      typeof raw === 'number' && Number.isFinite(raw)
        ? String(raw)
        : typeof raw === 'string'
          ? raw.trim()
          : '';
    if (name === '')
      problems.add(`${at} has no name in property "${nameProperty}" (${availableKeys(properties)})`);
    else if (name.length > 120) problems.add(`${at}: name is longer than 120 characters`);
    if (geometry && name !== '') features.push({ type: 'Feature', properties: { name }, geometry });
  });
  problems.throwIfAny();
  return { type: 'FeatureCollection', features };
}

/** Heights in metres; a numeric string ("12.5") is read as the number it spells. */
function heightOf(raw: unknown): number | null {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1000 ? n : null;
}

/** Building footprints with only a numeric `height` (metres). Throws naming the file and every broken feature. */
export function readBuildings(value: unknown, file: string, heightProperty: string): BuildingCollection {
  const problems = new FileProblems(file);
  const features: BuildingFeature[] = [];
  featuresOf(value, problems).forEach((feature, i) => {
    const at = `feature ${i}`;
    const geometry = polygonGeometry(feature, at, problems);
    const properties = propertiesOf(feature);
    const raw = properties[heightProperty];
    const height = heightOf(raw);
    if (raw === undefined || raw === null)
      problems.add(`${at} has no height in property "${heightProperty}" (${availableKeys(properties)})`);
    else if (height === null)
      problems.add(
        `${at}: "${heightProperty}" must be a height in metres from 0 to 1000 (got ${JSON.stringify(raw).slice(0, 40)})`,
      );
    if (geometry && height !== null) features.push({ type: 'Feature', properties: { height }, geometry });
  });
  problems.throwIfAny();
  return { type: 'FeatureCollection', features };
}

/** [west, south, east, north] of a layer's features. */
export function layerBBox(
  collection: DistrictCollection | BuildingCollection,
): [number, number, number, number] {
  const [west, south, east, north] = turfBbox(collection as never) as number[];
  return [west!, south!, east!, north!];
}
