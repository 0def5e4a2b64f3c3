/** Reads a city pack folder from disk (Node only; the browser gets the pack through the HTTP API). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rule } from '@twin/domain';
import {
  type BuildingCollection,
  CityPackError,
  type CityPackManifest,
  type DistrictCollection,
  validateManifest,
} from './city-pack.js';
import { createDistrictIndex, type DistrictIndex } from './district-index.js';
import { parseJsonText, readBuildings, readDistricts } from './geojson-layers.js';
import { validatePackRules } from './pack-rules.js';
import { createPlacer, type Placer } from './placement.js';

/** The basemap as found on disk: `path` is set for a named file, whether it is there (`ok`) or not. */
export type PackBasemap = { status: 'none' } | { status: 'ok' | 'missing'; file: string; path: string };

export interface CityPack {
  dir: string;
  manifest: CityPackManifest;
  districts: DistrictCollection;
  districtIndex: DistrictIndex;
  /** District and grid cell of a position (ingest, the area counts). */
  places: Placer;
  /** The pack's building footprints (height in metres), or null when it ships none. */
  buildings: BuildingCollection | null;
  /**
   * NOTE: a missing basemap does not stop the service: the city is drawn from its districts and buildings, and
   * the service says so at start and in GET /api/v1/city.
   */
  basemap: PackBasemap;
  /** The pack's rules (manifest `rules`), validated; empty when it ships none. */
  rules: Rule[];
}

async function readPackJson(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    throw new CityPackError([
      `${file}: cannot be read from ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    ]);
  }
  return parseJsonText(text, file);
}

export async function loadCityPack(dir: string): Promise<CityPack> {
  if (!existsSync(join(dir, 'city.json')))
    throw new Error(`no city pack at ${dir} (expected ${join(dir, 'city.json')}; see docs/city-packs.md)`);
  const manifest = validateManifest(await readPackJson(dir, 'city.json'));
  const { file, nameProperty } = manifest.districts;
  const districts = readDistricts(await readPackJson(dir, file), file, nameProperty);
  const buildings = manifest.buildings
    ? readBuildings(
        await readPackJson(dir, manifest.buildings.file),
        manifest.buildings.file,
        manifest.buildings.heightProperty,
      )
    : null;
  const basemap: PackBasemap = manifest.basemap
    ? {
        status: existsSync(join(dir, manifest.basemap)) ? 'ok' : 'missing',
        file: manifest.basemap,
        path: join(dir, manifest.basemap),
      }
    : { status: 'none' };
  const rules = manifest.rules
    ? validatePackRules(
        await readPackJson(dir, manifest.rules),
        manifest.departments.map((d) => d.id),
        manifest.rules,
      )
    : [];
  const districtIndex = createDistrictIndex(districts);
  return {
    dir,
    manifest,
    districts,
    districtIndex,
    places: createPlacer(districtIndex, manifest.grid.cellMeters),
    buildings,
    basemap,
    rules,
  };
}
