/** Reads a city pack folder from disk (Node only; the browser gets the pack through the HTTP API). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CityPackManifest,
  type DistrictCollection,
  type DistrictFeature,
  validateManifest,
} from './city-pack.js';
import { createDistrictIndex, type DistrictIndex } from './district-index.js';
import { createPlacer, type Placer } from './placement.js';

export interface CityPack {
  dir: string;
  manifest: CityPackManifest;
  districts: DistrictCollection;
  districtIndex: DistrictIndex;
  /** District and grid cell of a position (ingest, the area counts). */
  places: Placer;
  basemapPath: string;
}

export async function loadCityPack(dir: string): Promise<CityPack> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, 'city.json'), 'utf8');
  } catch {
    throw new Error(`no city pack at ${dir} (expected ${join(dir, 'city.json')})`);
  }
  const manifest = validateManifest(JSON.parse(manifestText));
  const raw = JSON.parse(await readFile(join(dir, manifest.districts.file), 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: DistrictFeature['geometry'] }[];
  };
  // NOTE: keep only the name property: source files carry tooling columns (cartodb_id, …) the UI never needs.
  const districts: DistrictCollection = {
    type: 'FeatureCollection',
    features: raw.features
      .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
      .map((f) => ({
        type: 'Feature',
        properties: { name: String(f.properties[manifest.districts.nameProperty] ?? 'unnamed') },
        geometry: f.geometry,
      })),
  };
  const districtIndex = createDistrictIndex(districts);
  return {
    dir,
    manifest,
    districts,
    districtIndex,
    places: createPlacer(districtIndex, manifest.grid.cellMeters),
    basemapPath: join(dir, manifest.basemap),
  };
}
