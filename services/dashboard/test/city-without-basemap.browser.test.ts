/**
 * A city without a basemap still looks like a city: a pack made in this test (four square districts, three
 * buildings, no basemap; not San Francisco) is imported with the importer, the real service runs on it, and
 * Chromium shows the plain background, the districts as land, the buildings extruded from their heights,
 * and the note that no basemap is installed. Pixels are read from a real screenshot at points projected by
 * the map itself; the buildings are also picked through deck.gl.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCity } from '@twin/city/node';
import { square } from '@twin/city/test-fixtures';
import { freePort, type ServiceProcess, startService } from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { signInPage } from './sign-in.js';

const WEST = 24.93;
const SOUTH = 60.16;
const SIZE = 0.004;
type Lonlat = [number, number];

/** Building footprints (south-west corners) and heights; each ~45 m across. */
const BUILDINGS: [number, number, number][] = [
  [WEST + 0.0015, SOUTH + 0.0015, 60],
  [WEST + SIZE + 0.0015, SOUTH + 0.0015, 25],
  [WEST + 0.0015, SOUTH + SIZE + 0.0015, 90],
];
const BUILDING_SIZE = 0.0008;
const centreOf = ([w, s]: [number, number, number]): Lonlat => [w + BUILDING_SIZE / 2, s + BUILDING_SIZE / 2];

interface Rgb {
  r: number;
  g: number;
  b: number;
}

interface BrowserImaging {
  createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: '2d'): {
      drawImage(image: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    } | null;
  };
}

/** Pixels of a real screenshot at CSS-pixel points (device pixel ratio 1), decoded by the browser itself. */
async function pixelsAt(page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      // NOTE: this runs in the page; the test project's types have no DOM library.
      const dom = globalThis as unknown as BrowserImaging;
      const image = await dom.createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      const canvas = new dom.OffscreenCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      return points.map(({ x, y }) => {
        const [r, g, b] = ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
        return { r: r!, g: g!, b: b! };
      });
    },
    { png, points },
  );
}

/** Screen positions of lon/lat points, projected by the page's own map. */
function project(page: Page, points: Lonlat[]): Promise<{ x: number; y: number }[]> {
  return page.evaluate((pts) => {
    const { map } = (
      globalThis as unknown as { __twinMap: { map: { project(p: Lonlat): { x: number; y: number } } } }
    ).__twinMap;
    return pts.map((p) => {
      const { x, y } = map.project(p);
      return { x, y };
    });
  }, points);
}

const brightness = ({ r, g, b }: Rgb) => r + g + b;

describe.skipIf(!haveChromium)('a city without a basemap in Chromium', () => {
  let work = '';
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  const requests: URL[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'twin-plain-city-'));
    const districts = {
      type: 'FeatureCollection',
      features: ['Kruununhaka', 'Kluuvi', 'Kamppi', 'Punavuori'].map((name, i) => ({
        type: 'Feature',
        properties: { nimi: name },
        geometry: {
          type: 'Polygon',
          coordinates: square(WEST + (i % 2) * SIZE, SOUTH + Math.floor(i / 2) * SIZE, SIZE),
        },
      })),
    };
    const buildings = {
      type: 'FeatureCollection',
      features: BUILDINGS.map(([w, s, h]) => ({
        type: 'Feature',
        properties: { korkeus: h },
        geometry: { type: 'Polygon', coordinates: square(w, s, BUILDING_SIZE) },
      })),
    };
    await writeFile(join(work, 'districts.geojson'), JSON.stringify(districts));
    await writeFile(join(work, 'buildings.geojson'), JSON.stringify(buildings));
    await importCity({
      id: 'plain',
      name: 'Plain Town',
      districts: join(work, 'districts.geojson'),
      nameField: 'nimi',
      buildings: join(work, 'buildings.geojson'),
      heightField: 'korkeus',
      timeZone: 'Europe/Helsinki',
      outDir: join(work, 'cities'),
    });
    service = await startService({
      dataDir: join(work, 'state'),
      topicRoot: `pl${randomUUID().slice(0, 6)}`,
      clientId: `plain-city-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { CITY: 'plain', CITY_PACKS_DIR: join(work, 'cities'), SIMULATOR: 'false' },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(page, service.url);
    page.on('request', (r) => requests.push(new URL(r.url())));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows the note that no basemap is installed', async () => {
    // The incidents view: no wall panel over the right third of the map.
    await page.goto(`${service.url}/replay`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    const note = page.locator('[data-testid=basemap-note]');
    await note.waitFor({ timeout: 20_000 });
    expect(await note.getAttribute('data-basemap-status')).toBe('none');
    expect(await note.textContent()).toMatch(/No basemap installed.*districts and buildings/);
  });

  it('draws the buildings extruded from their heights: deck.gl picks each one at its place', async () => {
    // Looking straight down, so a building's roof covers its footprint's centre.
    await page.evaluate(() => {
      const { map } = (globalThis as unknown as { __twinMap: { map: { jumpTo(o: object): void } } })
        .__twinMap;
      map.jumpTo({ pitch: 0, bearing: 0 });
    });
    const centres = await project(page, BUILDINGS.map(centreOf));
    await expect
      .poll(
        () =>
          page.evaluate((pts) => {
            const { pickObject } = (
              globalThis as unknown as {
                __twinMap: {
                  pickObject(o: object): { object?: { properties: { height: number } } } | null;
                };
              }
            ).__twinMap;
            return pts.map(
              (p) =>
                pickObject({ x: p.x, y: p.y, radius: 2, layerIds: ['city-buildings'] })?.object?.properties
                  .height ?? null,
            );
          }, centres),
        { timeout: 30_000 },
      )
      .toEqual(BUILDINGS.map(([, , h]) => h));
  });

  it('renders background, districts as land and buildings in distinct pixels', async () => {
    const inDistrictNoBuilding: Lonlat = [WEST + SIZE + 0.0032, SOUTH + SIZE + 0.0032];
    const outside: Lonlat = [WEST - 0.003, SOUTH + SIZE];
    const [bg, land, building] = await pixelsAt(
      page,
      await project(page, [outside, inDistrictNoBuilding, centreOf(BUILDINGS[2]!)]),
    );
    await page.screenshot({ path: 'test-results/city-without-basemap.png' });
    // The plain background (#05070b) is darker than the land (districts), which is darker than a roof.
    expect(brightness(bg!)).toBeLessThan(40);
    expect(brightness(land!)).toBeGreaterThan(brightness(bg!) + 30);
    expect(brightness(building!)).toBeGreaterThan(brightness(land!) + 30);
    await page.screenshot({ path: 'test-results/city-without-basemap.png' });
  });

  it('asked for no tiles and nothing off the machine, and threw no page errors', () => {
    expect(requests.some((u) => u.pathname.startsWith('/tiles/'))).toBe(false);
    expect(requests.some((u) => u.pathname === '/api/v1/city/buildings')).toBe(true);
    const offMachine = requests.filter(
      (u) => !['data:', 'blob:'].includes(u.protocol) && !['localhost', '127.0.0.1'].includes(u.hostname),
    );
    expect(offMachine.map((u) => u.href)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
