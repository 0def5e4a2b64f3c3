/** A city pack: everything the product needs to know about one city, as plain data (see data/cities/<city>/). */
import { problem, schemaProblems } from '@twin/domain';
import { CityPackSchema } from './city-pack-schema.js';

export interface Attribution {
  text: string;
  url?: string;
}

/** city.json once validated, with the defaults of its optional fields filled in. */
export interface CityPackManifest {
  id: string;
  name: string;
  /** IANA time zone, e.g. "America/Los_Angeles". */
  timezone: string;
  /** BCP 47 locale the city writes dates and numbers in, e.g. "en-US"; absent = the viewer's browser locale. */
  locale?: string;
  /** [lon, lat] */
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  /** File name of the PMTiles basemap inside the pack folder; absent = the city is drawn without one. */
  basemap?: string;
  districts: { file: string; nameProperty: string };
  /** Building footprints with a height in metres, drawn extruded (needed most when there is no basemap). */
  buildings?: { file: string; heightProperty: string };
  /** The grid cells that aggregates and "last kilometre" governance use; cells nest in districts. */
  grid: { cellMeters: number };
  /** The city's own departments; events from any other department are "unlisted". */
  departments: PackDepartment[];
  /** File name of the pack's rules (`{"rules": [...]}`, docs/rules.md); absent = the city ships none. */
  rules?: string;
  attributions: Attribution[];
  /** What citizens may report through Open311 (empty when the pack has no `open311` section). */
  open311: { services: Open311Service[] };
}

/** One kind of problem citizens may report (an Open311 "service"), owned by one of the pack's departments. */
export interface Open311Service {
  code: string;
  name: string;
  description: string;
  department: string;
  category: string;
  group: string;
  keywords?: string[];
  /** The severity of incidents its reports open (default 2). */
  severity?: number;
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
  /** Response-time targets (seconds from the report), compared with the 90th percentile on the wall. */
  targets?: ResponseTargets;
}

export interface ResponseTargets {
  acknowledgeS?: number;
  dispatchS?: number;
  onSceneS?: number;
}

export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DistrictFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: PolygonGeometry;
}

export interface DistrictCollection {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

export interface BuildingFeature {
  type: 'Feature';
  /** Height above ground in metres. */
  properties: { height: number };
  geometry: PolygonGeometry;
}

export interface BuildingCollection {
  type: 'FeatureCollection';
  features: BuildingFeature[];
}

/**
 * Whether the pack's basemap can be drawn: `none` = the pack names no basemap (the dashboard draws districts
 * and buildings over a plain background), `missing` = it names a file that is not there, `ok` = served.
 */
export type BasemapStatus = { status: 'none' } | { status: 'ok' | 'missing'; file: string };

/** The city model as the HTTP API serves it (GET /api/v1/city) and the dashboard starts from. */
export interface CityView
  extends Pick<
    CityPackManifest,
    'id' | 'name' | 'timezone' | 'locale' | 'center' | 'zoom' | 'pitch' | 'bearing' | 'bbox' | 'attributions'
  > {
  basemap: BasemapStatus;
  /** Where the server serves the pack's PMTiles basemap (HTTP Range requests); only when it is `ok`. */
  basemapUrl?: string;
  /** Where the pack's buildings GeoJSON is served, and how many there are; null when the pack has none. */
  buildings: { url: string; count: number } | null;
  districts: DistrictCollection;
}

/** A city pack that cannot be used: every problem, each naming the file and the field or feature. */
export class CityPackError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CityPackError';
  }
}

export const DEFAULT_CAMERA = { zoom: 12, pitch: 45, bearing: 0 } as const;

/** True when `zone` is a time zone this runtime knows (IANA names, e.g. "Europe/Berlin"). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True when `locale` is a well-formed BCP 47 tag this runtime can format for (e.g. "en-US", "de-DE"). */
export function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
}

const isNumberList = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

/**
 * Problems no schema keyword expresses: orderings, a real time zone, unique ids. Checked beside the schema's
 * (each only where its fields have the right shape), so one run lists everything wrong with the file.
 */
function crossFieldProblems(m: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (isNumberList(m.bbox, 4)) {
    const [west, south, east, north] = m.bbox as [number, number, number, number];
    if (!(west < east) || !(south < north)) {
      problems.push(problem('bbox', 'must be [west, south, east, north] with west < east and south < north'));
    } else if (isNumberList(m.center, 2)) {
      const [lon, lat] = m.center as [number, number];
      if (lon < west || lon > east || lat < south || lat > north)
        problems.push(problem('center', `[${lon}, ${lat}] must lie inside bbox [${m.bbox.join(', ')}]`));
    }
  }
  if (typeof m.timezone === 'string' && m.timezone !== '' && !isKnownTimeZone(m.timezone))
    problems.push(
      problem('timezone', `must be an IANA time zone such as "Europe/Berlin" (got "${m.timezone}")`),
    );
  if (typeof m.locale === 'string' && m.locale !== '' && !isKnownLocale(m.locale))
    problems.push(problem('locale', `must be a BCP 47 locale such as "en-US" (got "${m.locale}")`));
  if (Array.isArray(m.departments)) {
    const seen = new Map<string, number>();
    m.departments.forEach((d: unknown, i) => {
      const id = (d as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      const first = seen.get(id);
      if (first !== undefined)
        problems.push(problem(`departments[${i}].id`, `"${id}" repeats departments[${first}]`));
      else seen.set(id, i);
    });
  }
  problems.push(...open311Problems(m));
  return problems;
}

/** Open311 services: unique codes, each owned by a department the pack lists. */
function open311Problems(m: Record<string, unknown>): string[] {
  const services = (m.open311 as { services?: unknown } | undefined)?.services;
  if (!Array.isArray(services)) return [];
  const departments = new Set(
    Array.isArray(m.departments) ? m.departments.map((d: unknown) => (d as { id?: unknown } | null)?.id) : [],
  );
  const problems: string[] = [];
  const seen = new Map<string, number>();
  services.forEach((s: unknown, i) => {
    const { code, department } = (s ?? {}) as { code?: unknown; department?: unknown };
    if (typeof code === 'string') {
      const first = seen.get(code);
      if (first !== undefined)
        problems.push(problem(`open311.services[${i}].code`, `"${code}" repeats open311.services[${first}]`));
      else seen.set(code, i);
    }
    if (typeof department === 'string' && !departments.has(department))
      problems.push(
        problem(
          `open311.services[${i}].department`,
          `"${department}" is not one of the pack's departments (${[...departments].join(', ')})`,
        ),
      );
  });
  return problems;
}

/**
 * The shared wording has no sentence for a list of the wrong length ("bbox is not valid"); the manifest's two
 * fixed-length lists say what they must hold, from their schema description.
 */
function tupleWording(text: string, value: unknown): string {
  const match = /^(center|bbox): is not valid \(got an array\)$/.exec(text);
  if (!match) return text;
  const field = match[1] as 'center' | 'bbox';
  const items = ((value as Record<string, unknown[]>)[field] ?? []).length;
  return problem(
    field,
    `must be ${CityPackSchema.properties[field].description} (got ${items} item${items === 1 ? '' : 's'})`,
  );
}

/**
 * Checks a parsed city.json against the schema and the rules between fields. Throws a CityPackError listing
 * every problem in plain words (`city.json: bbox: must be …; departments[2].color: must be "#rrggbb" …`).
 */
export function validateManifest(value: unknown, file = 'city.json'): CityPackManifest {
  const problems = schemaProblems(CityPackSchema, value, file).map((p) => tupleWording(p, value));
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    problems.push(...crossFieldProblems(value as Record<string, unknown>));
  if (problems.length > 0)
    throw new CityPackError(problems.map((p) => (p.startsWith(file) ? p : `${file}: ${p}`)));
  const { $schema: _schema, ...m } = value as CityPackManifest & { $schema?: string };
  return {
    ...m,
    open311: { services: m.open311?.services ?? [] },
    timezone: m.timezone ?? 'UTC',
    zoom: m.zoom ?? DEFAULT_CAMERA.zoom,
    pitch: m.pitch ?? DEFAULT_CAMERA.pitch,
    bearing: m.bearing ?? DEFAULT_CAMERA.bearing,
    districts: { file: m.districts.file, nameProperty: m.districts.nameProperty ?? 'name' },
    ...(m.buildings
      ? { buildings: { file: m.buildings.file, heightProperty: m.buildings.heightProperty ?? 'height' } }
      : {}),
  };
}
