/** A city pack: everything the product needs to know about one city, as plain data (see data/cities/<city>/). */
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
  /** The grid cells that aggregates and "last kilometre" governance use; cells nest in districts. */
  grid: { cellMeters: number };
  /** The city's own departments; events from any other department are "unlisted". */
  departments: PackDepartment[];
  attributions: Attribution[];
}

/** A department as a city pack lists it. */
export interface PackDepartment {
  id: string;
  name: string;
  shortName: string;
  /** "#rrggbb", chosen to stay distinguishable on a dark wall screen. */
  color: string;
  /** An icon name the dashboard knows (fire, ambulance, shield, wrench, bus, leaf, droplet, …). */
  icon: string;
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
    grid: { cellMeters: 500 },
    departments: [],
    ...m,
    districts: { nameProperty: 'name', ...m.districts },
  } as CityPackManifest;
}
