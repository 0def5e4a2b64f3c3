/**
 * Public alerts in a real Chromium against the real service (embedded broker and database, no demo feed):
 * the sample CAP flood warning read from CAP_SOURCES is drawn on the wall map (picked through deck.gl at its
 * place) with its tooltip and counted in the map key; a fire lead issues a public alert from the incident
 * detail and cancels it, and the public Atom feed follows; the lead then draws an alert's area on the map
 * (clicks add corners, even over the incident's dot) and the CAP alert carries that polygon.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@twin/domain';
import { fetchJson, freePort, publishJson, type ServiceProcess, startService, waitFor } from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import { createUser, signInAs, signInPage, type TestUser } from './sign-in.js';

const SAMPLE = fileURLToPath(new URL('../../../data/cities/sf/cap-sample.xml', import.meta.url));
/** Inside the sample warning's polygon (Mission Bay). */
const IN_WARNING: [number, number] = [-122.392, 37.7715];
const LEAD: TestUser = { username: 'cap-fire-lead', role: 'lead', department: 'fire' };

type Picked = { object?: { properties: { event: string; severity: string } } } | null;

function pickWarning(page: Page, [lon, lat]: [number, number]) {
  return page.evaluate(
    ({ lon, lat }) => {
      const { map, pickObject } = (
        globalThis as unknown as {
          __twinMap: {
            map: {
              project(p: [number, number]): { x: number; y: number };
              getContainer(): { getBoundingClientRect(): { left: number; top: number } };
            };
            pickObject(o: object): Picked;
          };
        }
      ).__twinMap;
      const { x, y } = map.project([lon, lat]);
      const box = map.getContainer().getBoundingClientRect();
      const picked = pickObject({ x, y, radius: 2, layerIds: ['warnings'] });
      return {
        pageX: box.left + x,
        pageY: box.top + y,
        event: picked?.object?.properties.event ?? null,
        severity: picked?.object?.properties.severity ?? null,
      };
    },
    { lon, lat },
  );
}

type MapHandle = {
  map: {
    isMoving(): boolean;
    project(p: [number, number]): { x: number; y: number };
    unproject(p: [number, number]): { lng: number; lat: number };
    getContainer(): { getBoundingClientRect(): { left: number; top: number } };
  };
};

/** Page coordinates of a place on the map, and the place the map reads back at that pixel (what a click adds). */
function mapPixel(page: Page, [lon, lat]: [number, number]) {
  return page.evaluate(
    ({ lon, lat }) => {
      const { map } = (globalThis as unknown as { __twinMap: MapHandle }).__twinMap;
      const { x, y } = map.project([lon, lat]);
      const box = map.getContainer().getBoundingClientRect();
      const back = map.unproject([Math.round(x), Math.round(y)]);
      return {
        pageX: box.left + Math.round(x),
        pageY: box.top + Math.round(y),
        lonLat: [back.lng, back.lat] as [number, number],
      };
    },
    { lon, lat },
  );
}

/** The rings of a CAP alert's XML, as [lon, lat] corners (CAP writes "lat,lon" pairs). */
function capPolygons(xml: string): [number, number][][] {
  return [...xml.matchAll(/<polygon>([^<]+)<\/polygon>/g)].map((m) =>
    (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .map((pair) => {
        const [lat, lon] = pair.split(',').map(Number);
        return [lon ?? Number.NaN, lat ?? Number.NaN] as [number, number];
      }),
  );
}

describe.skipIf(!haveChromium)('public alerts (CAP) in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  let browser: Browser;
  let page: Page;
  const topicRoot = `cap${randomUUID().slice(0, 6)}`;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-cap-browser-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `cap-browser-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false', CAP_SOURCES: SAMPLE },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('draws the ingested warning area on the wall map, with its tooltip and its count in the key', async () => {
    await waitFor({ timeoutMs: 30_000, what: 'the sample warning read from CAP_SOURCES' }, async () => {
      const n = (await fetchJson<{ features: unknown[] }>(service.url, '/api/v1/warnings')).body.features
        .length;
      return { done: n === 1, value: null, seen: `${n} warnings` };
    });
    await signInPage(page, service.url);
    await page.goto(`${service.url}/`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    await expect
      .poll(async () => (await pickWarning(page, IN_WARNING)).event, { timeout: 30_000 })
      .toBe('Flood Warning');
    const at = await pickWarning(page, IN_WARNING);
    expect(at.severity).toBe('Severe');
    // Outside its polygon (the Presidio) nothing of it is picked.
    expect((await pickWarning(page, [-122.466, 37.798])).event).toBeNull();

    await page.mouse.move(at.pageX, at.pageY);
    // Each of the map's two canvases has a tooltip element; the moving one's answers for both (map-view.tsx).
    const tooltip = page.locator('.deck-tooltip:visible');
    await expect.poll(() => tooltip.textContent(), { timeout: 10_000 }).toContain('Flood Warning');
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toContain('Flood Warning issued for Mission Bay');
    expect(text).toContain('Severe · Expected · Likely');
    expect(text).toMatch(/expires in \d/);

    const key = page.locator('[data-testid=warnings-key]');
    expect(await key.getAttribute('data-count')).toBe('1');
    expect(await key.textContent()).toContain('1 public warning (CAP)');
    await page.screenshot({ path: 'test-results/cap-warning-wall.png' });
  });

  it('a fire lead issues a public alert from the incident detail and cancels it; the public feed follows', async () => {
    await publishJson(service.mqttUrl, [
      {
        topic: topics.incidentEvents(topicRoot, 'fire'),
        payload: {
          eventId: 'cap-b1-r',
          incidentId: 'cap-b1',
          type: 'reported',
          ts: Date.now() - 60_000,
          category: 'Structure Fire',
          severity: 4,
          lat: 37.7599,
          lon: -122.4148,
          title: 'Warehouse fire',
        },
      },
    ]);
    await waitFor({ timeoutMs: 30_000, what: 'incident cap-b1 stored' }, async () => {
      const { status } = await fetchJson(service.url, '/api/v1/incidents/cap-b1');
      return { done: status === 200, value: null, seen: `HTTP ${status}` };
    });
    await createUser(service.url, LEAD);
    // A page of its own: the lead's session, nothing cached from the admin's wall.
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAs(page, service.url, LEAD);
    await page.goto(`${service.url}/incidents?incident=cap-b1`);
    const panel = page.locator('[data-testid=public-alerts]');
    await panel.waitFor({ timeout: 60_000 }).catch(async (err) => {
      await page.screenshot({ path: 'test-results/cap-lead-detail.png' });
      throw err;
    });
    await panel.locator('[data-testid=issue-alert]').click();
    expect(await panel.locator('[data-testid=alert-area] option:checked').textContent()).toContain('Mission');
    await panel.locator('[data-testid=alert-urgency]').selectOption('Immediate');
    await panel.locator('[data-testid=alert-confirm]').click();
    const row = panel.locator('[data-testid=public-alert]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getAttribute('data-active')).toBe('true');
    expect(await row.textContent()).toContain('Mission');
    const feed = await (await fetch(`${service.url}/api/v1/alerts.cap`)).text();
    expect(feed).toContain('<urgency>Immediate</urgency>');
    expect(feed).toContain('<areaDesc>Mission</areaDesc>');
    // The timeline shows the note, like any other event.
    await expect
      .poll(() => page.locator('[data-testid=incident-detail]').textContent(), { timeout: 15_000 })
      .toContain('Public alert issued (CAP Alert, Severe, Mission)');

    await row.locator('[data-testid=cancel-alert]').click();
    await expect
      .poll(() => panel.locator('[data-testid=public-alert][data-active=false]').count(), { timeout: 15_000 })
      .toBe(2);
    const after = await (await fetch(`${service.url}/api/v1/alerts.cap`)).text();
    expect(after).toContain('<msgType>Cancel</msgType>');
    expect(after).not.toContain('<msgType>Alert</msgType>');
    expect(pageErrors).toEqual([]);
  });

  it('a lead draws the alert area on the map: four clicks make the CAP polygon', async () => {
    // The lead's page from the test above, on incident cap-b1 (Mission), its last alert cancelled.
    const panel = page.locator('[data-testid=public-alerts]');
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 60_000 });
    await panel.locator('[data-testid=issue-alert]').click();
    await panel.locator('[data-testid=alert-area]').selectOption({ label: 'Draw on the map' });
    const draw = panel.locator('[data-testid=alert-draw]');
    // NOTE: polled: React renders the drawing mode after the select's change, not within the same call.
    await expect.poll(() => draw.getAttribute('data-drawing'), { timeout: 10_000 }).toBe('true');
    await expect
      .poll(() => panel.locator('[data-testid=alert-draw-hint]').textContent(), { timeout: 10_000 })
      .toContain('Click on the map to add corners; 3 at least');
    expect(await panel.locator('[data-testid=alert-confirm]').isDisabled()).toBe(true);
    // The camera has glided to the incident; the corners are read back where they are clicked.
    await expect
      .poll(
        () =>
          page.evaluate(() => (globalThis as unknown as { __twinMap: MapHandle }).__twinMap.map.isMoving()),
        { timeout: 10_000 },
      )
      .toBe(false);
    // A square around the incident (37.7599, -122.4148); the first corner is on its dot, which must not open
    // anything while drawing.
    const places: [number, number][] = [
      [-122.4148, 37.7599],
      [-122.4088, 37.7599],
      [-122.4088, 37.7639],
      [-122.4148, 37.7639],
      [-122.4118, 37.7659],
    ];
    // The incident is shown beside the detail panel, not under it: the camera's glide keeps the panel's padding.
    const dot = await mapPixel(page, [-122.4148, 37.7599]);
    // NOTE: a string, evaluated in the page: this file is type-checked without the DOM's types.
    expect(await page.evaluate(`document.elementFromPoint(${dot.pageX}, ${dot.pageY})?.className`)).toBe(
      'maplibregl-canvas',
    );
    const clicked: [number, number][] = [];
    for (const place of places) {
      const at = await mapPixel(page, place);
      clicked.push(at.lonLat);
      await page.mouse.click(at.pageX, at.pageY);
      await expect
        .poll(() => draw.getAttribute('data-corners'), { timeout: 10_000 })
        .toBe(String(clicked.length));
      await page.waitForTimeout(350);
    }
    // The fifth was a slip: undone.
    await panel.locator('[data-testid=alert-draw-undo]').click();
    clicked.pop();
    expect(await draw.getAttribute('data-corners')).toBe('4');
    expect(page.url()).toContain('incident=cap-b1');
    await page.screenshot({ path: 'test-results/cap-drawn-area.png' });
    // Escape stops adding corners and keeps those drawn.
    await page.keyboard.press('Escape');
    expect(await draw.getAttribute('data-drawing')).toBe('false');
    expect(await draw.getAttribute('data-corners')).toBe('4');

    await panel.locator('[data-testid=alert-confirm]').click();
    const active = panel.locator('[data-testid=public-alert][data-active=true]');
    await expect.poll(() => active.count(), { timeout: 15_000 }).toBe(1);
    expect(await active.textContent()).toContain('Part of Mission');
    const id = await active.getAttribute('data-alert-id');
    const xml = await (await fetch(`${service.url}/api/v1/alerts/${id}.cap`)).text();
    const rings = capPolygons(xml);
    expect(rings).toHaveLength(1);
    const ring = rings[0] ?? [];
    // The four corners clicked, in order, and the first again to close the ring.
    expect(ring).toHaveLength(5);
    for (const [i, corner] of [...clicked, clicked[0] ?? [0, 0]].entries()) {
      expect(ring[i]?.[0]).toBeCloseTo(corner[0], 4);
      expect(ring[i]?.[1]).toBeCloseTo(corner[1], 4);
    }
    // The form closed; the drawing is gone from the map and map clicks open incidents again.
    expect(await panel.locator('[data-testid=alert-form]').count()).toBe(0);
    // The layers the map last handed to deck.gl (map-view.tsx).
    const drawnVisible = () =>
      page.evaluate(() => {
        const twin = (
          globalThis as unknown as {
            __twinMap: { layers(): { id: string; props: { visible: boolean } }[] };
          }
        ).__twinMap;
        return twin.layers().find((l) => l.id === 'alert-area-draw-corners')?.props.visible ?? null;
      });
    await expect.poll(drawnVisible, { timeout: 5_000 }).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
