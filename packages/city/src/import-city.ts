/**
 * Makes a city pack from a city's own open data (`pnpm city import`, services/city-tools): districts, optional
 * buildings and basemap, optional department list. Everything is read and checked first; only a pack with no
 * problem at all is written, into a temporary folder beside the target that is renamed into place, so a
 * refused or interrupted import never leaves a partial pack behind.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { CITY_ID_REGEX, schemaProblems } from '@twin/domain';
import {
  type Attribution,
  type BuildingCollection,
  CityPackError,
  type CityPackManifest,
  DEFAULT_CAMERA,
  type DistrictCollection,
  isKnownTimeZone,
  type PackDepartment,
  validateManifest,
} from './city-pack.js';
import { PackDepartmentSchema } from './city-pack-schema.js';
import { layerBBox, parseJsonText, readBuildings, readDistricts } from './geojson-layers.js';
import { STARTER_DEPARTMENTS } from './starter-departments.js';

export interface ImportCityOptions {
  id: string;
  name: string;
  /** Path of the districts GeoJSON (WGS 84). */
  districts: string;
  /** Property of each district holding its name; default "name". */
  nameField?: string;
  buildings?: string;
  /** Property of each building holding its height in metres; default "height". */
  heightField?: string;
  /** Path of a PMTiles v3 basemap to copy into the pack. */
  basemap?: string;
  /** Path of a JSON file: an array of departments, or `{ "departments": [...] }`. */
  departments?: string;
  /** IANA time zone; default UTC. */
  timeZone?: string;
  gridMeters?: number;
  attributions?: Attribution[];
  /** The folder holding the packs (data/cities); the pack is written to <outDir>/<id>. */
  outDir: string;
  /** Replace an existing pack of the same id. */
  force?: boolean;
}

export interface ImportCityResult {
  dir: string;
  manifest: CityPackManifest;
  districtCount: number;
  buildingCount: number;
  /** Things the user should know that are not errors (defaults that were used). */
  notes: string[];
}

const DEFAULT_GRID_METERS = 500;
/** The viewport the starting zoom is fitted to: a wall screen's map area, with some margin. */
const FIT_VIEWPORT = { width: 1200, height: 700 };

/** The zoom at which `bbox` fits the viewport (Web Mercator as MapLibre counts zoom: a 512-pixel world at 0). */
export function fitZoom([west, south, east, north]: [number, number, number, number]): number {
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const lonZoom = Math.log2((FIT_VIEWPORT.width * 360) / (512 * Math.max(east - west, 1e-6)));
  const latZoom = Math.log2(
    (FIT_VIEWPORT.height * 2 * Math.PI) / (512 * Math.max(mercY(north) - mercY(south), 1e-9)),
  );
  return Math.round(Math.min(18, Math.max(0, Math.min(lonZoom, latZoom))) * 10) / 10;
}

async function readJsonInput(path: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    problems.push(
      `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
    return undefined;
  }
  try {
    return parseJsonText(text, path);
  } catch (err) {
    problems.push(...problemsOf(err));
    return undefined;
  }
}

function problemsOf(err: unknown): string[] {
  if (err instanceof CityPackError) return err.problems;
  throw err;
}

/** A layer reader run so that its problems are collected instead of thrown. */
function collect<T>(problems: string[], read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    problems.push(...problemsOf(err));
    return null;
  }
}

const DepartmentsFileSchema = Type.Object({
  departments: Type.Array(PackDepartmentSchema, { maxItems: 200 }),
});

async function readDepartments(path: string, problems: string[]): Promise<PackDepartment[] | null> {
  const value = await readJsonInput(path, problems);
  if (value === undefined) return null;
  const wrapped = Array.isArray(value) ? { departments: value } : value;
  const found = schemaProblems(DepartmentsFileSchema, wrapped, 'departments');
  if (found.length > 0) {
    problems.push(...found.map((p) => `${path}: ${p}`));
    return null;
  }
  return (wrapped as { departments: PackDepartment[] }).departments;
}

/** PMTiles v3 files start with the bytes "PMTiles" and the version 3. */
async function checkPmtiles(path: string, problems: string[]): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    if (bytesRead < 8 || header.subarray(0, 7).toString('latin1') !== 'PMTiles')
      problems.push(`${path}: is not a PMTiles file (see docs/city-packs.md, "Making a basemap")`);
    else if (header[7] !== 3) problems.push(`${path}: is PMTiles version ${header[7]}; version 3 is needed`);
  } catch (err) {
    problems.push(
      `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  } finally {
    await handle?.close();
  }
}

/** One feature per line: small diffs when a pack is re-imported, still plain GeoJSON. */
function featureCollectionText(collection: DistrictCollection | BuildingCollection): string {
  const lines = collection.features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

export async function importCity(options: ImportCityOptions): Promise<ImportCityResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  if (!CITY_ID_REGEX.test(options.id) || options.id.length > 40)
    problems.push(
      `--id must be lower-case letters, digits and dashes, starting with a letter (got "${options.id}")`,
    );
  if (options.name.trim() === '') problems.push('--name must not be empty');
  const timezone = options.timeZone ?? 'UTC';
  if (options.timeZone === undefined) notes.push('no --time-zone given: the pack uses UTC');
  else if (!isKnownTimeZone(timezone))
    problems.push(`--time-zone: must be an IANA time zone such as "Europe/Berlin" (got "${timezone}")`);
  const gridMeters = options.gridMeters ?? DEFAULT_GRID_METERS;
  if (!Number.isFinite(gridMeters) || gridMeters < 10 || gridMeters > 100_000)
    problems.push(`--grid-meters must be a number from 10 to 100000 (got ${options.gridMeters})`);
  if (options.buildings === undefined && options.heightField !== undefined)
    problems.push('--height-field needs --buildings');
  const target = join(options.outDir, options.id);
  if (existsSync(target) && !options.force)
    problems.push(`${target} already exists: pass --force to replace that pack`);

  const districtsValue = await readJsonInput(options.districts, problems);
  const districts =
    districtsValue === undefined
      ? null
      : collect(problems, () =>
          readDistricts(districtsValue, options.districts, options.nameField ?? 'name'),
        );
  let buildings: BuildingCollection | null = null;
  if (options.buildings !== undefined) {
    const path = options.buildings;
    const value = await readJsonInput(path, problems);
    if (value !== undefined)
      buildings = collect(problems, () => readBuildings(value, path, options.heightField ?? 'height'));
  }
  if (options.basemap !== undefined) await checkPmtiles(options.basemap, problems);
  else notes.push('no --basemap given: the dashboard draws districts and buildings over a plain background');
  let departments: PackDepartment[] = [...STARTER_DEPARTMENTS];
  if (options.departments !== undefined)
    departments = (await readDepartments(options.departments, problems)) ?? [];
  else
    notes.push(
      `no --departments given: the pack lists the ${STARTER_DEPARTMENTS.length} starter departments`,
    );
  if (problems.length > 0 || !districts) throw new CityPackError(problems);

  const bbox = layerBBox(districts);
  const basemapFile = options.basemap !== undefined ? `${options.id}.pmtiles` : undefined;
  const manifest = validateManifest({
    id: options.id,
    name: options.name.trim(),
    timezone,
    center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
    bbox,
    zoom: fitZoom(bbox),
    pitch: DEFAULT_CAMERA.pitch,
    bearing: DEFAULT_CAMERA.bearing,
    districts: { file: 'districts.geojson', nameProperty: 'name' },
    ...(buildings ? { buildings: { file: 'buildings.geojson', heightProperty: 'height' } } : {}),
    ...(basemapFile ? { basemap: basemapFile } : {}),
    grid: { cellMeters: gridMeters },
    departments,
    attributions: options.attributions ?? [],
  });

  await mkdir(options.outDir, { recursive: true });
  const temp = await mkdtemp(join(options.outDir, `.${options.id}.importing-`));
  let replaced: string | null = null;
  try {
    await writeFile(join(temp, 'city.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(temp, 'districts.geojson'), featureCollectionText(districts));
    if (buildings) await writeFile(join(temp, 'buildings.geojson'), featureCollectionText(buildings));
    if (options.basemap !== undefined && basemapFile)
      await copyFile(options.basemap, join(temp, basemapFile));
    if (existsSync(target)) {
      replaced = `${temp}-replaced`;
      await rename(target, replaced);
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    if (replaced && !existsSync(target)) await rename(replaced, target);
    throw err;
  }
  if (replaced) await rm(replaced, { recursive: true, force: true });
  return {
    dir: target,
    manifest,
    districtCount: districts.features.length,
    buildingCount: buildings?.features.length ?? 0,
    notes,
  };
}
