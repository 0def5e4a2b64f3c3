/**
 * A city that is not San Francisco, made in this test: `pnpm city import` (the real CLI, as a child process)
 * turns four square districts, a few buildings and a department list into a pack, refuses a broken file
 * without writing anything, and the real service (child process, embedded broker and database, demo feed on)
 * runs on that pack through CITY + CITY_PACKS_DIR: GET /api/v1/city describes it (no basemap, its buildings),
 * an incident of a department the pack does not list and one outside the city are kept, placed, listed and
 * counted (departments, area counts, /metrics), the demo feed publishes incidents of the pack's departments inside its districts, and a pack that names a
 * basemap file that is not there is reported at start and in the API.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { square } from '@twin/city/test-fixtures';
import { type Department, type DistrictCountsResponse, type IncidentView, topics } from '@twin/domain';
import {
  authHeaders,
  fetchJson,
  freePort,
  publishJson,
  REPO_ROOT,
  type ServiceProcess,
  startService,
  waitFor,
} from '@twin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'services/city-tools/src/cli.ts');
const ID = 'lakeside';
/** Four 600 m squares in a 2×2 block on the shore of Lake Constance. */
const WEST = 9.17;
const SOUTH = 47.66;
const SIZE = 0.008;
const DISTRICTS = ['Altstadt', 'Paradies', 'Petershausen', 'Allmannsdorf'];

const districts = {
  type: 'FeatureCollection',
  features: DISTRICTS.map((name, i) => ({
    type: 'Feature',
    properties: { BEZIRK: name, objectid: i + 1 },
    geometry: {
      type: 'Polygon',
      coordinates: square(WEST + (i % 2) * SIZE, SOUTH + Math.floor(i / 2) * SIZE, SIZE),
    },
  })),
};
const buildings = {
  type: 'FeatureCollection',
  features: [12, 30, 55].map((h, i) => ({
    type: 'Feature',
    properties: { HOEHE: String(h), gml_id: `b${i}` },
    geometry: { type: 'Polygon', coordinates: square(WEST + 0.002 + i * 0.003, SOUTH + 0.002, 0.001) },
  })),
};
const departments = [
  { id: 'feuerwehr', name: 'Feuerwehr', shortName: 'FW', color: '#ff4020', icon: 'fire' },
  { id: 'polizei', name: 'Polizei', shortName: 'Pol', color: '#3070ff', icon: 'shield' },
  { id: 'stadtwerke', name: 'Stadtwerke', shortName: 'SWK', color: '#30c0ff', icon: 'droplet' },
  { id: 'faehre', name: 'Fähre', shortName: 'Fähre', color: '#40e0a0', icon: 'ship' },
];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface CityBody {
  id: string;
  name: string;
  timezone: string;
  bbox: [number, number, number, number];
  basemap: { status: string; file?: string };
  basemapUrl?: string;
  buildings: { url: string; count: number } | null;
  districts: { features: { properties: Record<string, unknown> }[] };
}

describe('a city imported with pnpm city import, run by the service', () => {
  let work = '';
  let packs = '';
  let service: ServiceProcess | undefined;
  let topicRoot = '';
  /** Incidents this test published itself (not the demo feed's). */
  const published = new Set<string>();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'twin-city-pack-'));
    packs = join(work, 'cities');
    await writeFile(join(work, 'bezirke.geojson'), JSON.stringify(districts));
    await writeFile(join(work, 'gebaeude.geojson'), JSON.stringify(buildings));
    await writeFile(join(work, 'departments.json'), JSON.stringify(departments));
  });

  afterAll(async () => {
    await service?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses a truncated districts file: exit 1, the file named, no pack written', async () => {
    await writeFile(join(work, 'cut.geojson'), JSON.stringify(districts).slice(0, 300));
    const result = await cli([
      'import',
      '--id',
      ID,
      '--name',
      'Lakeside',
      '--districts',
      join(work, 'cut.geojson'),
      '--name-field',
      'BEZIRK',
      '--out',
      packs,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(work, 'cut.geojson')}: is not valid JSON (the file looks truncated)`,
    );
    expect(existsSync(packs) ? await readdir(packs) : []).toEqual([]);
  });

  it('imports districts, buildings and departments into a pack', async () => {
    const result = await cli([
      'import',
      '--id',
      ID,
      '--name',
      'Lakeside',
      '--districts',
      join(work, 'bezirke.geojson'),
      '--name-field',
      'BEZIRK',
      '--buildings',
      join(work, 'gebaeude.geojson'),
      '--height-field',
      'HOEHE',
      '--departments',
      join(work, 'departments.json'),
      '--time-zone',
      'Europe/Berlin',
      '--grid-meters',
      '250',
      '--out',
      packs,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(join(packs, ID))).sort()).toEqual([
      'buildings.geojson',
      'city.json',
      'districts.geojson',
    ]);
  });

  it('serves the pack: no basemap, its districts and buildings, cacheable', async () => {
    topicRoot = `cp${randomUUID().slice(0, 6)}`;
    service = await startService({
      dataDir: join(work, 'state'),
      topicRoot,
      clientId: `city-pack-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { CITY: ID, CITY_PACKS_DIR: packs, SIMULATOR: 'true', LOG_LEVEL: 'info' },
    });
    const res = await fetch(`${service.url}/api/v1/city`, { headers: authHeaders(service.url) });
    expect(res.status).toBe(200);
    const city = (await res.json()) as CityBody;
    expect(city).toMatchObject({
      id: ID,
      name: 'Lakeside',
      timezone: 'Europe/Berlin',
      basemap: { status: 'none' },
      buildings: { url: '/api/v1/city/buildings', count: 3 },
    });
    expect(city.basemapUrl).toBeUndefined();
    for (const [i, edge] of [WEST, SOUTH, WEST + 2 * SIZE, SOUTH + 2 * SIZE].entries())
      expect(city.bbox[i]).toBeCloseTo(edge, 9);
    expect(city.districts.features.map((f) => f.properties)).toEqual(DISTRICTS.map((name) => ({ name })));
    expect(service.output()).toMatch(new RegExp(`city pack .+${ID}.+ has no basemap`));

    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${service.url}/api/v1/city`, {
      headers: { 'if-none-match': etag!, ...authHeaders(service.url) },
    });
    expect(again.status).toBe(304);

    const b = await fetchJson<{ features: { properties: Record<string, unknown> }[] }>(
      service.url,
      '/api/v1/city/buildings',
    );
    expect(b.status).toBe(200);
    expect(b.body.features.map((f) => f.properties)).toEqual([
      { height: 12 },
      { height: 30 },
      { height: 55 },
    ]);
    expect((await fetch(`${service.url}/tiles/${ID}.pmtiles`)).status).toBe(404);
  });

  it('keeps an incident of a department the pack does not list, and one outside the city, and counts both', async () => {
    const running = service!;
    const stamp = randomUUID().slice(0, 8);
    const report = (id: string, lon: number, lat: number) => ({
      eventId: `${id}-reported`,
      incidentId: id,
      type: 'reported',
      ts: Date.now(),
      category: 'Boat - Capsized',
      severity: 2,
      title: `test ${id}`,
      lon,
      lat,
    });
    // The sailing club is no department of the pack; the second report is out on the lake, east of every district.
    const unlisted = report(`club-${stamp}`, WEST + SIZE / 2, SOUTH + SIZE / 2);
    const outside = report(`lake-${stamp}`, WEST + 3 * SIZE, SOUTH + SIZE);
    published.add(unlisted.incidentId).add(outside.incidentId);
    await publishJson(running.mqttUrl, [
      { topic: topics.incidentEvents(topicRoot, 'segelclub'), payload: unlisted },
      { topic: topics.incidentEvents(topicRoot, 'polizei'), payload: outside },
    ]);
    const stored = await waitFor({ timeoutMs: 30_000, what: 'both test incidents stored' }, async () => {
      const a = await fetchJson<{ incident: IncidentView }>(
        running.url,
        `/api/v1/incidents/${unlisted.incidentId}`,
      );
      const b = await fetchJson<{ incident: IncidentView }>(
        running.url,
        `/api/v1/incidents/${outside.incidentId}`,
      );
      const done = a.status === 200 && b.status === 200;
      return {
        done,
        value: done ? [a.body.incident, b.body.incident] : [],
        seen: `${a.status}, ${b.status}`,
      };
    });
    expect(stored[0]).toMatchObject({ department: 'segelclub', district: 'Altstadt', outsideCity: false });
    expect(stored[0]!.cell).toEqual(expect.any(String));
    expect(stored[1]).toMatchObject({ department: 'polizei', district: null, outsideCity: true });

    const { body: list } = await fetchJson<Department[]>(running.url, '/api/v1/departments');
    expect(list.map((d) => d.id)).toEqual([...departments.map((d) => d.id), 'segelclub']);
    expect(list.find((d) => d.id === 'segelclub')).toMatchObject({ listed: false, name: 'segelclub' });
    expect(list.filter((d) => d.listed).map((d) => d.name)).toEqual(departments.map((d) => d.name));

    const { body: areas } = await fetchJson<DistrictCountsResponse>(running.url, '/api/v1/areas/districts');
    expect(areas.districts.map((d) => d.district).sort()).toEqual([...DISTRICTS].sort());
    expect(areas.outsideCity.incidentsOpenAtEnd).toBeGreaterThanOrEqual(1);
    const scrape = async () => (await fetch(`${running.url}/metrics`)).text();
    await expect.poll(scrape, { timeout: 10_000 }).toMatch(/^twin_open_incidents_outside_city [1-9]\d*$/m);
    expect(await scrape()).toMatch(/^twin_placed_outside_city_total\{kind="incident"\} [1-9]\d*$/m);
  });

  it("runs the demo feed with the pack's departments, inside its districts", async () => {
    const running = service!;
    const incidents = await waitFor(
      { timeoutMs: 60_000, what: 'demo incidents of three departments' },
      async () => {
        const { body } = await fetchJson<{
          incidents: { incidentId: string; department: string; lat: number | null; lon: number | null }[];
        }>(running.url, '/api/v1/incidents?limit=500');
        const list = (body.incidents ?? []).filter((i) => !published.has(i.incidentId));
        const seen = [...new Set(list.map((i) => i.department))];
        return {
          done: seen.length >= 3,
          value: list,
          seen: `${list.length} incidents of ${seen.join(', ')}`,
        };
      },
    );
    const ids = departments.map((d) => d.id);
    for (const incident of incidents) {
      expect(ids).toContain(incident.department);
      expect(incident.lon!).toBeGreaterThanOrEqual(WEST);
      expect(incident.lon!).toBeLessThanOrEqual(WEST + 2 * SIZE);
      expect(incident.lat!).toBeGreaterThanOrEqual(SOUTH);
      expect(incident.lat!).toBeLessThanOrEqual(SOUTH + 2 * SIZE);
    }
    await running.stop();
    service = undefined;
  });

  it('reports a basemap that the pack names but does not have, at start and in the API', async () => {
    const file = join(packs, ID, 'city.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, basemap: `${ID}.pmtiles` }, null, 2));
    service = await startService({
      dataDir: join(work, 'state'),
      topicRoot: `cp${randomUUID().slice(0, 6)}`,
      clientId: `city-pack-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { CITY: ID, CITY_PACKS_DIR: packs },
    });
    expect(service.output()).toMatch(new RegExp(`city pack .+${ID}.+: basemap ${ID}\\.pmtiles is missing`));
    const { body } = await fetchJson<CityBody>(service.url, '/api/v1/city');
    expect(body.basemap).toEqual({ status: 'missing', file: `${ID}.pmtiles` });
    expect(body.basemapUrl).toBeUndefined();
  });
});
