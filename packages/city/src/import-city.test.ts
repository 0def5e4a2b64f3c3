import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CityPackError } from './city-pack.js';
import { fitZoom, type ImportCityOptions, importCity } from './import-city.js';
import { loadCityPack } from './load-city-pack.js';
import { squareBuildings, squareDistricts } from './test-fixtures.js';

let work = '';
let out = '';

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'city-import-'));
  out = join(work, 'cities');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(work, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function refusal(options: Partial<ImportCityOptions>): Promise<string[]> {
  const districts =
    options.districts ?? (await file('districts.geojson', squareDistricts(['Altstadt', 'Au', 'Haidhausen'])));
  try {
    await importCity({ id: 'munich', name: 'Munich', outDir: out, ...options, districts });
  } catch (err) {
    expect(err).toBeInstanceOf(CityPackError);
    return (err as CityPackError).problems;
  }
  throw new Error('expected the import to be refused');
}

/** Nothing at all under the packs folder: no pack, no temporary folder. */
async function expectNothingWritten(): Promise<void> {
  if (!existsSync(out)) return;
  expect(await readdir(out)).toEqual([]);
}

describe('importCity', () => {
  it('writes a pack the loader accepts: districts with only their name, buildings with only a height', async () => {
    const districts = await file(
      'bezirke.geojson',
      squareDistricts(['Altstadt', 'Au', 'Haidhausen'], 11.5, 48.1, 0.01, 'BEZ_NAME'),
    );
    const buildings = await file(
      'gebaeude.geojson',
      squareBuildings(
        [
          [11.502, 48.102, '21.5'],
          [11.512, 48.103, 40],
        ],
        0.001,
        'HOEHE',
      ),
    );
    const result = await importCity({
      id: 'munich',
      name: 'Munich',
      districts,
      nameField: 'BEZ_NAME',
      buildings,
      heightField: 'HOEHE',
      timeZone: 'Europe/Berlin',
      gridMeters: 250,
      outDir: out,
    });
    expect(result.dir).toBe(join(out, 'munich'));
    expect((await readdir(out)).sort()).toEqual(['munich']);
    expect((await readdir(result.dir)).sort()).toEqual([
      'buildings.geojson',
      'city.json',
      'districts.geojson',
    ]);
    const pack = await loadCityPack(result.dir);
    expect(pack.manifest).toMatchObject({
      id: 'munich',
      name: 'Munich',
      timezone: 'Europe/Berlin',
      bbox: [11.5, 48.1, 11.53, 48.11],
      grid: { cellMeters: 250 },
      districts: { file: 'districts.geojson', nameProperty: 'name' },
      buildings: { file: 'buildings.geojson', heightProperty: 'height' },
    });
    expect(pack.manifest.center[0]).toBeCloseTo(11.515, 9);
    expect(pack.manifest.center[1]).toBeCloseTo(48.105, 9);
    expect(pack.manifest.basemap).toBeUndefined();
    expect(pack.basemap).toEqual({ status: 'none' });
    expect(pack.manifest.departments.length).toBeGreaterThan(0);
    expect(pack.districts.features.map((f) => f.properties)).toEqual([
      { name: 'Altstadt' },
      { name: 'Au' },
      { name: 'Haidhausen' },
    ]);
    expect(pack.buildings?.features.map((f) => f.properties)).toEqual([{ height: 21.5 }, { height: 40 }]);
    expect(pack.districtIndex.locate(11.515, 48.105)).toBe('Au');
    const written = JSON.parse(await readFile(join(result.dir, 'districts.geojson'), 'utf8'));
    expect(Object.keys(written.features[0].properties)).toEqual(['name']);
    expect(result.notes.join('\n')).toMatch(/no --basemap/);
  });

  it('copies a PMTiles basemap and the departments file', async () => {
    const basemap = await file(
      'city.pmtiles',
      Buffer.concat([Buffer.from('PMTiles'), Buffer.from([3]), Buffer.alloc(120)]).toString('latin1'),
    );
    const departments = await file('depts.json', {
      departments: [
        { id: 'feuerwehr', name: 'Berufsfeuerwehr', shortName: 'BF', color: '#ff3300', icon: 'fire' },
      ],
    });
    const result = await importCity({
      id: 'munich',
      name: 'Munich',
      districts: await file('d.geojson', squareDistricts(['A'])),
      basemap,
      departments,
      outDir: out,
    });
    const pack = await loadCityPack(result.dir);
    expect(pack.basemap).toMatchObject({ status: 'ok', file: 'munich.pmtiles' });
    expect(pack.manifest.departments.map((d) => d.id)).toEqual(['feuerwehr']);
  });

  it('refuses a truncated districts file, naming it', async () => {
    const text = JSON.stringify(squareDistricts(['Altstadt', 'Au']));
    const path = await file('districts.geojson', text.slice(0, text.length / 2));
    const found = await refusal({ districts: path });
    expect(found).toEqual([
      expect.stringMatching(new RegExp(`^${path}: is not valid JSON \\(the file looks truncated\\)`)),
    ]);
    await expectNothingWritten();
  });

  it('refuses a file that is not a FeatureCollection', async () => {
    const path = await file('districts.geojson', { type: 'Topology', objects: {} });
    expect(await refusal({ districts: path })).toEqual([
      `${path}: must be a GeoJSON FeatureCollection with a "features" array (got type "Topology")`,
    ]);
    await expectNothingWritten();
  });

  it('refuses a feature without polygon geometry, naming the feature', async () => {
    const value = squareDistricts(['A', 'B']);
    (value.features[1] as { geometry: unknown }).geometry = {
      type: 'LineString',
      coordinates: [
        [11.5, 48.1],
        [11.6, 48.1],
      ],
    };
    const path = await file('districts.geojson', value);
    expect(await refusal({ districts: path })).toEqual([
      `${path}: feature 1 has no polygon geometry: it must be a Polygon or MultiPolygon (got type "LineString")`,
    ]);
    await expectNothingWritten();
  });

  it('refuses a file in projected metres (EPSG:3857), naming the feature', async () => {
    const path = await file('districts.geojson', squareDistricts(['A'], 1_280_000, 6_130_000, 500));
    const [problem] = await refusal({ districts: path });
    expect(problem).toContain(`${path}: feature 0: position (1280000, 6130000) is not longitude/latitude`);
    expect(problem).toContain('EPSG:3857');
    await expectNothingWritten();
  });

  it('refuses a missing name field and a missing height field, naming file and feature', async () => {
    const districts = await file('districts.geojson', squareDistricts(['A', 'B'], 11.5, 48.1, 0.01, 'NAME'));
    const buildings = await file(
      'buildings.geojson',
      JSON.parse(
        JSON.stringify(
          squareBuildings([
            [11.5, 48.1, 10],
            [11.5, 48.1, undefined],
          ]),
        ),
      ),
    );
    expect(await refusal({ districts, buildings, heightField: 'height' })).toEqual([
      `${districts}: feature 0 has no name in property "name" (its properties: NAME, tooling_id)`,
      `${districts}: feature 1 has no name in property "name" (its properties: NAME, tooling_id)`,
      `${buildings}: feature 1 has no height in property "height" (its properties: osm_id)`,
    ]);
    await expectNothingWritten();
  });

  it('refuses a file that is not PMTiles as basemap, a bad department list and a bad time zone', async () => {
    const basemap = await file('map.pmtiles', '<html>404</html>');
    const departments = await file('depts.json', [
      { id: 'Fire Dept', name: 'Fire', shortName: 'F', color: 'red', icon: 'fire' },
    ]);
    const found = await refusal({ basemap, departments, timeZone: 'Europe/Atlantis' });
    expect(found).toEqual([
      '--time-zone: must be an IANA time zone such as "Europe/Berlin" (got "Europe/Atlantis")',
      `${basemap}: is not a PMTiles file (see docs/city-packs.md, "Making a basemap")`,
      expect.stringContaining(`${departments}: departments[0].id: must be a department id`),
      expect.stringContaining(`${departments}: departments[0].color: must be "#rrggbb"`),
    ]);
    await expectNothingWritten();
  });

  it('refuses to replace an existing pack without --force, and replaces it whole with it', async () => {
    const first = await file('one.geojson', squareDistricts(['Old']));
    await importCity({ id: 'munich', name: 'Munich', districts: first, outDir: out });
    const second = await file('two.geojson', squareDistricts(['New A', 'New B']));
    expect(await refusal({ districts: second })).toEqual([
      `${join(out, 'munich')} already exists: pass --force to replace that pack`,
    ]);
    expect((await loadCityPack(join(out, 'munich'))).districtIndex.names).toEqual(['Old']);
    await importCity({ id: 'munich', name: 'Munich', districts: second, outDir: out, force: true });
    expect((await loadCityPack(join(out, 'munich'))).districtIndex.names).toEqual(['New A', 'New B']);
    expect(await readdir(out)).toEqual(['munich']);
  });

  it('refuses a bad id before reading anything else', async () => {
    expect(await refusal({ id: 'Munich City' })).toEqual([
      '--id must be lower-case letters, digits and dashes, starting with a letter (got "Munich City")',
    ]);
    await expectNothingWritten();
  });
});

describe('fitZoom', () => {
  it('fits a city-sized box at a city zoom and a small one closer', () => {
    expect(fitZoom([-122.52, 37.7, -122.35, 37.83])).toBeGreaterThan(11);
    expect(fitZoom([-122.52, 37.7, -122.35, 37.83])).toBeLessThan(13);
    expect(fitZoom([11.5, 48.1, 11.53, 48.11])).toBeGreaterThan(fitZoom([11.5, 48.1, 11.8, 48.3]));
  });
});
