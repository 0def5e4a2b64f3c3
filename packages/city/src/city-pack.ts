/** A city pack: everything the product needs to know about one city, as plain data (see data/<city>/). */
import { CITY_ID_REGEX } from '@twin/domain';
export interface Attribution {
  text: string;
  url?: string;
}

export interface CityPackManifest {
  id: string;
  name: string;
  timezone: string;
  /** [lon, lat] */
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  /** File name of the PMTiles basemap inside the pack folder. */
  basemap: string;
  districts: { file: string; nameProperty: string };
  attributions: Attribution[];
}

export interface DistrictFeature {
  type: 'Feature';
  properties: { name: string };
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export interface DistrictCollection {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

/** The city model as the HTTP API serves it (GET /api/v1/city) and the dashboard starts from. */
export interface CityView
  extends Pick<
    CityPackManifest,
    'id' | 'name' | 'timezone' | 'center' | 'zoom' | 'pitch' | 'bearing' | 'bbox' | 'attributions'
  > {
  /** Where the server serves the pack's PMTiles basemap (HTTP Range requests). */
  basemapUrl: string;
  districts: DistrictCollection;
}

/** Rejects a manifest with missing or mistyped fields with a message naming the field. */
export function validateManifest(value: unknown): CityPackManifest {
  const m = value as Partial<CityPackManifest> | null;
  const problems: string[] = [];
  if (!m || typeof m !== 'object') throw new Error('city.json is not an object');
  if (typeof m.id !== 'string' || !CITY_ID_REGEX.test(m.id)) problems.push('id');
  if (typeof m.name !== 'string') problems.push('name');
  if (!Array.isArray(m.center) || m.center.length !== 2) problems.push('center');
  if (!Array.isArray(m.bbox) || m.bbox.length !== 4) problems.push('bbox');
  if (typeof m.basemap !== 'string') problems.push('basemap');
  if (!m.districts || typeof m.districts.file !== 'string') problems.push('districts.file');
  if (!Array.isArray(m.attributions)) problems.push('attributions');
  if (problems.length > 0) throw new Error(`city.json: missing or invalid ${problems.join(', ')}`);
  return {
    timezone: 'UTC',
    zoom: 12,
    pitch: 45,
    bearing: 0,
    ...m,
    districts: { nameProperty: 'name', ...m.districts },
  } as CityPackManifest;
}
