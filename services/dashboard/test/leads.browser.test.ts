/**
 * The department leads' drill-down in a real Chromium against the real service (embedded broker and
 * database, no demo feed): the list is virtualized, most urgent first with urgent incidents marked in
 * words, searchable, and in sync with the map both ways; the detail shows a uPlot sparkline of a nearby
 * sensor, related incidents and a timeline with department names; actions follow the domain's rules for
 * the signed-in role, resolve waits out an undo window; a lead's inbox lists the help asked of it; a
 * command user picks the department it acts for, and the server records the action as that user's.
 *
 * The people are real users made through the admin API (analyst, two leads, command), each signed in
 * over POST /api/v1/session in a browser context of its own: the server decides who they are.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@twin/domain';
import {
  fetchJson,
  freePort,
  issueIntegrationCredential,
  publishJson,
  type ServiceProcess,
  startService,
  waitFor,
} from '@twin/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS } from '../src/lib/incident-actions.js';
import { haveChromium, launchChromium } from './chromium.js';
import { createUser, signInAs as signInContext, type TestUser } from './sign-in.js';

const BULK = 300;
const MIN = 60_000;
/** Far from the bulk incidents, so the map can point at it alone. */
const PRESIDIO = { lat: 37.7989, lon: -122.4662 };
const MISSION = { lat: 37.7599, lon: -122.4148 };
const ADMIN_TOKEN = `leads-test-${randomUUID()}`;

const ANALYST: TestUser = {
  username: 'a.analyst',
  displayName: 'Ana Lyst',
  role: 'analyst',
  department: null,
};
const FIRE_LEAD: TestUser = { username: 'f.lead', displayName: 'Fay Lead', role: 'lead', department: 'fire' };
const WORKS_LEAD: TestUser = {
  username: 'pw.lead',
  displayName: 'Paul Works',
  role: 'lead',
  department: 'public-works',
};
const COMMANDER: TestUser = {
  username: 'c.command',
  displayName: 'Cam Mander',
  role: 'command',
  department: null,
};

describe.skipIf(!haveChromium)('department leads’ drill-down in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `ld${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  const pageErrors: string[] = [];
  const now = Date.now();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-leads-'));
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `leads-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false', ADMIN_TOKEN },
    });
    // Sensor metadata needs a credential of the embedded broker (anonymous clients publish data only).
    const credentials = await issueIntegrationCredential(service.url, 'leads-test-publisher');
    const fire = topics.incidentEvents(topicRoot, 'fire');
    const reported = (
      incidentId: string,
      severity: number,
      ts: number,
      at: { lat: number; lon: number },
      title: string,
    ) => ({
      eventId: `${incidentId}-r`,
      incidentId,
      type: 'reported',
      ts,
      category: 'structure_fire',
      severity,
      title,
      ...at,
    });
    await publishJson(
      service.mqttUrl,
      [
        // A sensor beside the urgent incident, with six hours of readings (one every ten minutes).
        {
          topic: topics.sensorMeta(topicRoot, 'aq-mission'),
          payload: {
            name: 'Mission air',
            kind: 'air_quality',
            department: 'environment',
            ...MISSION,
            units: { pm25: 'µg/m³' },
          },
        },
        ...Array.from({ length: 36 }, (_, i) => ({
          topic: topics.sensorData(topicRoot, 'aq-mission'),
          payload: { ts: now - (36 - i) * 10 * MIN, values: { pm25: 10 + (i % 7) } },
        })),
        {
          topic: fire,
          payload: [
            reported('urgent-1', 5, now - 30 * MIN, MISSION, 'Warehouse fire, people inside'),
            reported('acked-5', 5, now - 90 * MIN, { lat: 37.75, lon: -122.43 }, 'Acknowledged blaze'),
            { eventId: 'acked-5-a', incidentId: 'acked-5', type: 'acknowledged', ts: now - 80 * MIN },
            reported('near-1', 2, now - 20 * MIN, { lat: 37.7605, lon: -122.415 }, 'Smoke next door'),
            reported('help-1', 3, now - 40 * MIN, { lat: 37.74, lon: -122.45 }, 'Collapsed awning'),
            {
              eventId: 'help-1-x',
              incidentId: 'help-1',
              type: 'assist_requested',
              ts: now - 35 * MIN,
              toDepartment: 'public-works',
              actor: 'j.doe',
            },
            // The least urgent of all: severity 1, opened last, so it sits at the very end of the list.
            reported('iso-1', 1, now - MIN, PRESIDIO, 'Presidio trail smoke'),
            ...Array.from({ length: BULK }, (_, i) =>
              reported(
                `bulk-${i}`,
                1 + (i % 2),
                now - 10 * MIN - i * 1000,
                { lat: 37.72 + (i % 20) * 0.001, lon: -122.4 + Math.floor(i / 20) * 0.001 },
                `Bulk incident ${i}`,
              ),
            ),
          ],
        },
      ],
      credentials,
    );
    await waitFor({ timeoutMs: 90_000, what: 'every incident and the sensor stored' }, async () => {
      const res = await fetchJson<{ total: number }>(service.url, '/api/v1/incidents?status=open&limit=1');
      const sensors = await fetchJson<unknown[]>(service.url, '/api/v1/sensors');
      return {
        done: res.body.total === BULK + 5 && sensors.body.length === 1,
        value: null,
        seen: `${res.body.total} open, ${sensors.body.length} sensors`,
      };
    });
    for (const user of [ANALYST, FIRE_LEAD, WORKS_LEAD, COMMANDER]) await createUser(service.url, user);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A page in a browser context of its own, signed in as `who` (a real session cookie). */
  async function signInAs(who: TestUser): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInContext(page, service.url, who);
    return page;
  }

  const row = (page: Page, id: string) =>
    page.locator(`[data-testid=incident-row][data-incident-id="${id}"]`);

  it('lists every incident virtualized, urgent first and marked in words, and finds one by search', async () => {
    const page = await signInAs(ANALYST);
    await page.goto(`${service.url}/incidents`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    await expect
      .poll(() => page.locator('[data-testid=incident-list-count]').textContent(), { timeout: 30_000 })
      .toBe(String(BULK + 5));
    // Only the rows in view (and a few more) are in the page.
    expect(await page.locator('[data-testid=incident-row]').count()).toBeLessThan(60);
    const first = page.locator('[data-testid=incident-row]').first();
    expect(await first.getAttribute('data-incident-id')).toBe('urgent-1');
    expect(await first.getAttribute('data-urgency')).toBe('urgent');
    expect(await first.locator('.urgency-badge').textContent()).toBe('Urgent');
    // Acknowledged, severity 5: below the unacknowledged one although it waited longer, and not marked.
    expect(await page.locator('[data-testid=incident-row]').nth(1).getAttribute('data-incident-id')).toBe(
      'acked-5',
    );
    expect(await row(page, 'acked-5').getAttribute('data-urgency')).toBeNull();

    await page.locator('[data-testid=incident-search]').fill('presidio smoke');
    await expect.poll(() => page.locator('[data-testid=incident-list-count]').textContent()).toBe('1');
    expect(await page.locator('[data-testid=incident-row]').getAttribute('data-incident-id')).toBe('iso-1');
    await page.locator('[data-testid=incident-search]').fill('public works');
    await expect.poll(() => page.locator('[data-testid=incident-list-count]').textContent()).toBe('1');
    expect(await page.locator('[data-testid=incident-row]').getAttribute('data-incident-id')).toBe('help-1');
    await page.close();
  });

  it('keeps the list and the map in sync: hover in one highlights in the other, a map click scrolls to the row', async () => {
    const page = await signInAs(ANALYST);
    await page.goto(`${service.url}/incidents`);
    await page.waitForSelector('[data-testid=map][data-map-loaded=true]', { timeout: 90_000 });
    await row(page, 'urgent-1').waitFor({ timeout: 30_000 });
    // The layers the map last handed to deck.gl (map-view.tsx).
    const hoverRing = () =>
      page.evaluate(() => {
        const twin = (
          globalThis as unknown as {
            __twinMap: { layers(): { id: string; props: { data: { incidentId: string }[] } }[] };
          }
        ).__twinMap;
        const layer = twin.layers().find((l) => l.id === 'incident-hover-ring');
        return layer?.props.data.map((i) => i.incidentId) ?? [];
      });
    await row(page, 'urgent-1').hover();
    await expect.poll(hoverRing).toEqual(['urgent-1']);

    // iso-1 is the last row: out of view until the map points at it.
    expect(await row(page, 'iso-1').count()).toBe(0);
    const point = await page.evaluate(({ lon, lat }) => {
      const twin = (
        globalThis as unknown as {
          __twinMap: {
            map: {
              project: (p: [number, number]) => { x: number; y: number };
              getContainer: () => { getBoundingClientRect(): { left: number; top: number } };
            };
          };
        }
      ).__twinMap;
      const p = twin.map.project([lon, lat]);
      const box = twin.map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, PRESIDIO);
    await page.mouse.move(point.x, point.y);
    await expect
      .poll(() => row(page, 'iso-1').getAttribute('class'), { timeout: 10_000 })
      .toContain('incident-row--hovered');
    await expect.poll(() => row(page, 'iso-1').isVisible()).toBe(true);
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('incident')).toBe('iso-1');
    expect(await row(page, 'iso-1').getAttribute('aria-current')).toBe('true');
    await page.close();
  });

  it('shows nearby sensors with a uPlot sparkline, related incidents, and a timeline with names', async () => {
    const page = await signInAs(ANALYST);
    await page.goto(`${service.url}/incidents?incident=urgent-1`);
    const detail = page.locator('[data-testid=incident-detail]');
    await detail.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=sensor-sparkline] canvas').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=sensor-sparkline]').getAttribute('aria-label')).toMatch(
      /pm25 over the last 6 h: min 10(\.0)?, max 16(\.0)? µg\/m³/,
    );
    await page
      .locator('[data-testid=related-incident][data-incident-id=near-1]')
      .waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=timeline-event]').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid=timeline-event]').first().textContent()).toContain(
      'Reported by Fire',
    );
    // Analysts read only: no action buttons.
    expect(await page.locator('[data-action]').count()).toBe(0);
    expect(await page.locator('[data-testid=actions-read-only]').textContent()).toMatch(/reads only/);
    await page.screenshot({ path: 'test-results/leads-detail.png' });
    await page.close();
  });

  it('offers a lead only what the rules allow, and lets a resolve be undone before it is sent', async () => {
    const page = await signInAs(FIRE_LEAD);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/actions')) sent.push(r.postData() ?? '');
    });
    await page.goto(`${service.url}/incidents?incident=acked-5`);
    await page.locator('[data-action=resolved]').waitFor({ timeout: 60_000 });
    // Already acknowledged: no second acknowledgement offered.
    expect(await page.locator('[data-action=acknowledged]').count()).toBe(0);
    // A lead has a department, not a choice: who acts, and for whom, in words (the server's own answer).
    expect(await page.locator('[data-testid=acting-department]').textContent()).toBe(
      'Acting as Fay Lead for Fire',
    );

    await page.locator('[data-action=resolved]').click();
    expect(await page.locator('[data-testid=action-confirm-text]').textContent()).toMatch(/seconds to undo/);
    // NOTE: forced clicks (no waiting for animation frames): software WebGL makes frames slow here, and
    // the undo must land inside its window for the test to say anything.
    const confirmedAt = Date.now();
    await page.locator('[data-testid=action-confirm]').click({ force: true });
    await page.locator('[data-testid=action-undo]').click({ force: true });
    expect(Date.now() - confirmedAt, 'the undo was clicked within the window').toBeLessThan(4_000);
    expect(await page.locator('[data-testid=action-undo-window]').count()).toBe(0);
    // NOTE: proving that nothing is sent takes waiting out the whole window (and a margin) on purpose.
    await page.waitForTimeout(UNDO_WINDOW_MS + 1_000);
    expect(sent).toEqual([]);
    const stored = await fetchJson<{ incident: { status: string } }>(
      service.url,
      '/api/v1/incidents/acked-5',
    );
    expect(stored.body.incident.status).toBe('acknowledged');

    // On an unacknowledged incident the lead is offered Acknowledge.
    await page.goto(`${service.url}/incidents?incident=urgent-1`);
    await page.locator('[data-action=acknowledged]').waitFor({ timeout: 90_000 });
    await page.close();
  });

  it('shows a lead the help asked of its department in its inbox, with a count', async () => {
    const page = await signInAs(WORKS_LEAD);
    await page.goto(`${service.url}/incidents`);
    await expect
      .poll(() => page.locator('[data-testid=inbox-count]').textContent(), { timeout: 60_000 })
      .toBe('1');
    await page.locator('[data-testid=inbox-tab]').click();
    const item = page.locator('[data-testid=inbox-item]');
    expect(await item.getAttribute('data-incident-id')).toBe('help-1');
    expect(await item.getAttribute('data-kind')).toBe('assistance');
    expect(await item.textContent()).toContain('by Fire');
    await page.close();
  });

  it('lets command choose the department it acts for, and the server records the action as its user', async () => {
    const page = await signInAs(COMMANDER);
    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/actions')) sent.push(r.postDataJSON());
    });
    await page.goto(`${service.url}/incidents?incident=near-1`);
    const acting = page.locator('select[data-testid=acting-department]');
    await acting.waitFor({ timeout: 60_000 });
    // The owner by default: the only department with a part in this incident.
    expect(await acting.inputValue()).toBe('fire');
    await page.locator('[data-action=acknowledged]').click();
    await expect.poll(() => sent.length, { timeout: 20_000 }).toBe(1);
    // Who acts is the session's: no actor in the body, only the department command acts for.
    expect(sent[0]).toEqual({ type: 'acknowledged', department: 'fire' });
    await page.locator('[data-action=acknowledged]').waitFor({ state: 'detached', timeout: 20_000 });
    const stored = await fetchJson<{
      incident: { status: string };
      timeline: { type: string; actor?: string }[];
    }>(service.url, '/api/v1/incidents/near-1');
    expect(stored.body.incident.status).toBe('acknowledged');
    expect(stored.body.timeline.find((e) => e.type === 'acknowledged')?.actor).toBe(COMMANDER.username);
    expect(await page.getByTestId('action-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
