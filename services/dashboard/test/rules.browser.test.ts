/**
 * The rules page (issue 10, "linked") in a real Chromium against the real service (embedded broker and
 * database, no demo feed, no stubbed answers):
 *
 * 1. every signed-in role but a wall screen is offered the page (a kiosk link stays on the wall);
 * 2. the rules are listed with their summaries in words, each card saying what GET /api/v1/rules says;
 * 3. an admin switches a rule off and, after a reload, the list shows it off (and so does the API);
 * 4. a dry run over the last 24 h shows what the rule would have done with readings published over MQTT
 *    three hours ago (the same count as the API's own dry run), each incident linked to the incidents
 *    view; a window with no data says so instead of "nothing would have fired" (screenshots of the list and
 *    the dry run go to test-output/rules/, git-ignored);
 * 5. an admin's edit the server refuses shows the server's reason beside the editor, and the rule's earlier
 *    versions load into it;
 * 6. an analyst sees the rules and may dry-run them, but has no switch and no editor;
 * 7. an incident a rule opens from live readings carries the "Rule" badge, and its timeline says "by rule …".
 *
 * NOTE: the rules API is built on another branch (issue 10's server side). Where GET /api/v1/rules answers
 * 404, 2–7 are reported as skipped with that reason; 1 runs everywhere (the page then says the server has
 * no rules API, in words).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Department, type Rule, type RuleDryRun, type RuleList, topics } from '@twin/domain';
import { fetchJson, freePort, publishJson, type ServiceProcess, startService, waitFor } from '@twin/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleKindLabel, ruleSummary } from '../src/lib/rule-text.js';
import { haveChromium, launchChromium } from './chromium.js';
import { createUser, openWallWithKioskLink, signInAs, signInPage, type TestUser } from './sign-in.js';

const OUTPUT = new URL('../test-output/rules/', import.meta.url).pathname;
const MIN = 60_000;
const ANALYST: TestUser = { username: 'a.analyst', role: 'analyst', department: null };
const RULE_ID = 'e2e-flood-watch';
const SENSOR_ID = 'e2e-wl-1';
const LIVE_RULE_ID = 'e2e-live-flood';
const NO_RULES_API = 'GET /api/v1/rules answered 404: this build of the service has no rules API yet';

/** The test's own rule: water above 120 cm for 2 minutes opens a flooding incident for Water. */
const FLOOD_WATCH: Rule = {
  id: RULE_ID,
  description: 'Water above 1.2 m for 2 minutes opens a flooding incident for Water (browser test)',
  enabled: true,
  kind: 'sensor-condition',
  when: { sensorKind: 'water-level', metric: 'level_cm', op: '>', threshold: 120, forS: 120 },
  action: {
    department: 'water',
    category: 'Flooding',
    severity: 4,
    title: 'Water at {value} {unit} at {sensor}',
    clearForS: 300,
  },
};

describe.skipIf(!haveChromium)('the rules page in Chromium', () => {
  let service: ServiceProcess;
  let dataDir = '';
  const topicRoot = `ru${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let rulesApi = false;
  let admin: Page;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}/api/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${service.adminToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
      signal: AbortSignal.timeout(30_000),
    });

  async function newPage(width = 1600, height = 1000): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  const card = (page: Page, ruleId: string) => page.locator(`[data-testid=rule][data-rule-id="${ruleId}"]`);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-rules-'));
    await mkdir(OUTPUT, { recursive: true });
    service = await startService({
      dataDir,
      topicRoot,
      clientId: `rules-ingest-${randomUUID().slice(0, 8)}`,
      mqttPort: await freePort(),
      env: { SIMULATOR: 'false' },
    });
    await createUser(service.url, ANALYST);
    const probe = await api('/rules');
    rulesApi = probe.status !== 404;
    if (!rulesApi) console.warn(`rules browser test: ${NO_RULES_API}; the page is checked without rules`);
    if (rulesApi) {
      expect(probe.status, await probe.text()).toBe(200);
      const created = await api('/admin/rules', { method: 'POST', body: JSON.stringify(FLOOD_WATCH) });
      expect(created.status, await created.clone().text()).toBeLessThan(300);
      // Three hours ago: 10 minutes above the threshold, then 20 minutes well below it (one episode that
      // opens after 2 minutes and resolves after 5 minutes clear), one reading every 30 s.
      const start = Date.now() - 3 * 60 * MIN;
      // NOTE: a registration needs the sensor's own credentials (anonymous clients may only send data).
      const issued = await api('/admin/mqtt-credentials', {
        method: 'POST',
        body: JSON.stringify({ kind: 'sensor', scope: SENSOR_ID, description: 'rules browser test' }),
      });
      expect(issued.status, await issued.clone().text()).toBe(201);
      const credentials = (await issued.json()) as { username: string; password: string };
      await publishJson(
        service.mqttUrl,
        [
          {
            topic: topics.sensorMeta(topicRoot, SENSOR_ID),
            payload: {
              name: 'Browser-test water level, Mission Creek',
              kind: 'water-level',
              department: 'water',
              lat: 37.7706,
              lon: -122.3937,
              units: { level_cm: 'cm' },
            },
          },
          ...Array.from({ length: 60 }, (_, i) => ({
            topic: topics.sensorData(topicRoot, SENSOR_ID),
            payload: { ts: start + i * 30_000, values: { level_cm: i < 20 ? 150 + i : 40 } },
          })),
        ],
        credentials,
      );
      await waitFor({ timeoutMs: 60_000, what: 'the half hour of readings stored' }, async () => {
        const res = await fetchJson<{ buckets?: unknown[] }>(
          service.url,
          `/api/v1/sensors/${SENSOR_ID}/readings?metric=level_cm&bucket=60`,
        );
        const buckets = res.status === 200 ? (res.body.buckets?.length ?? 0) : 0;
        return {
          done: buckets >= 29,
          value: null,
          seen: `${buckets} one-minute buckets (HTTP ${res.status})`,
        };
      });
    }
    browser = await launchChromium();
    admin = await newPage();
    await signInPage(admin, service.url);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is offered to every signed-in role but a wall screen, and says so plainly when the server has no rules', async () => {
    await admin.goto(`${service.url}/`);
    const adminNav = admin.getByRole('navigation', { name: 'Views' });
    await adminNav.getByRole('link', { name: 'Rules' }).click();
    await admin.getByTestId('rules-panel').waitFor({ timeout: 60_000 });
    expect(new URL(admin.url()).pathname).toBe('/rules');
    if (rulesApi) {
      await admin.getByTestId('rules-count').waitFor({ timeout: 30_000 });
    } else {
      await expect
        .poll(() => admin.getByTestId('rules-error').textContent(), { timeout: 30_000 })
        .toContain('This server has no rules yet');
    }

    const analyst = await newPage();
    await signInAs(analyst, service.url, ANALYST);
    await analyst.goto(`${service.url}/`);
    await analyst
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Rules' })
      .waitFor({ timeout: 60_000 });

    // A wall screen has no navigation, and /rules opened on it goes back to the wall.
    const wall = await newPage(1920, 1080);
    await openWallWithKioskLink(wall, service.url, 'Rules test wall');
    expect(await wall.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    await wall.goto(`${service.url}/rules`);
    await wall.getByTestId('kiosk-badge').waitFor({ timeout: 60_000 });
    await expect.poll(() => new URL(wall.url()).pathname, { timeout: 20_000 }).toBe('/');
    expect(await wall.getByTestId('rules-panel').count()).toBe(0);
  });

  it('lists every rule with its kind, state, version and summary in words, as the API has them', async ({
    skip,
  }) => {
    skip(!rulesApi, NO_RULES_API);
    const { body: list } = await fetchJson<RuleList>(service.url, '/api/v1/rules');
    const { body: departments } = await fetchJson<Department[]>(service.url, '/api/v1/departments');
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const nameOf = (id: string) => names.get(id) ?? id;
    expect(list.rules.map((r) => r.rule.id)).toContain(RULE_ID);

    await admin.goto(`${service.url}/rules`);
    await expect.poll(() => admin.getByTestId('rule').count(), { timeout: 30_000 }).toBe(list.rules.length);
    for (const view of list.rules) {
      const c = card(admin, view.rule.id);
      expect(await c.getByTestId('rule-kind').textContent()).toBe(ruleKindLabel(view.rule.kind));
      expect(await c.getByTestId('rule-summary').textContent()).toBe(ruleSummary(view.rule, nameOf));
      expect(await c.getByTestId('rule-state').textContent()).toBe(view.rule.enabled ? 'On' : 'Off');
      expect(await c.getByTestId('rule-version').textContent()).toMatch(new RegExp(`^${view.version} · `));
      expect(await c.getByTestId('rule-fired-24h').textContent()).toBe(String(view.firedLast24h));
      expect(await c.textContent()).toContain(view.rule.description);
    }
    await admin.screenshot({ path: join(OUTPUT, 'rules-list.png') });
    // The test's own rule, word for word, with the department's name (not its id).
    expect(await card(admin, RULE_ID).getByTestId('rule-summary').textContent()).toBe(
      `level_cm > 120 for 2 min on water-level sensors in the whole city → opens a Flooding incident ` +
        `(severity 4) for ${nameOf('water')}; resolved after 5 min clear`,
    );
  });

  it('lets an admin switch a rule off, and the list shows it off after a reload', async ({ skip }) => {
    skip(!rulesApi, NO_RULES_API);
    await admin.goto(`${service.url}/rules`);
    const toggle = card(admin, RULE_ID).getByTestId('rule-toggle');
    await toggle.waitFor({ timeout: 30_000 });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    // With the keyboard, as a switch is used without a mouse.
    await toggle.focus();
    await admin.keyboard.press('Space');
    await expect
      .poll(() => admin.getByTestId('rules-done').textContent(), { timeout: 20_000 })
      .toBe(`Switched ${RULE_ID} off.`);

    await admin.reload();
    const after = card(admin, RULE_ID);
    await after.waitFor({ timeout: 30_000 });
    expect(await after.getAttribute('data-enabled')).toBe('false');
    expect(await after.getByTestId('rule-state').textContent()).toBe('Off');
    expect(await after.getByTestId('rule-toggle').getAttribute('aria-checked')).toBe('false');
    const { body } = await fetchJson<RuleList>(service.url, '/api/v1/rules');
    const view = body.rules.find((r) => r.rule.id === RULE_ID);
    expect(view?.rule.enabled).toBe(false);
    expect(view?.origin).toBe('admin');
  });

  it('dry-runs a rule over the last 24 h: the actions it would have taken, as the API counts them', async ({
    skip,
  }) => {
    skip(!rulesApi, NO_RULES_API);
    await admin.goto(`${service.url}/rules`);
    const c = card(admin, RULE_ID);
    await c.getByTestId('rule-dry-run-open').click();
    await c.getByTestId('dry-run-last-24h').click();
    const rows = c.getByTestId('dry-run-action');
    await rows.first().waitFor({ timeout: 60_000 });

    const to = new Date();
    const from = new Date(to.getTime() - 24 * 60 * MIN);
    const res = await api(`/rules/${RULE_ID}/dry-run?from=${from.toISOString()}&to=${to.toISOString()}`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(200);
    const expected = (await res.json()) as RuleDryRun;
    expect(expected.actions.map((a) => a.action)).toContain('opened');
    expect(Number(await c.getByTestId('dry-run-count').textContent())).toBe(expected.actions.length);
    expect(await rows.count()).toBe(expected.actions.length);
    expect(await rows.first().getAttribute('data-action')).toBe(expected.actions[0]?.action);
    const link = rows.first().getByTestId('dry-run-incident-link');
    expect(await link.textContent()).toBe(expected.actions[0]?.incidentId);
    const href = new URL(String(await link.getAttribute('href')), service.url);
    expect(href.pathname).toBe('/incidents');
    expect(href.searchParams.get('incident')).toBe(expected.actions[0]?.incidentId);
    expect(await rows.first().textContent()).toContain(expected.actions[0]?.summary ?? '—');
    await c.screenshot({ path: join(OUTPUT, 'rules-dry-run.png') });

    // Six days ago, before anything was stored: "no data", not "nothing would have fired". The range is
    // typed as the city's wall clock reads it, as a person would.
    const { body: city } = await fetchJson<{ timezone: string }>(service.url, '/api/v1/city');
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: city.timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
        .formatToParts(Date.now() - 6 * 24 * 60 * MIN)
        .map((x) => [x.type, x.value]),
    );
    const local = [
      `${parts.year}-${parts.month}-${parts.day}T01:00`,
      `${parts.year}-${parts.month}-${parts.day}T03:00`,
    ];
    await c.getByTestId('dry-run-from').fill(local[0] as string);
    await c.getByTestId('dry-run-to').fill(local[1] as string);
    await c.getByTestId('dry-run-custom').click();
    const empty = c.getByTestId('dry-run-empty');
    await empty.waitFor({ timeout: 60_000 });
    expect(await empty.getAttribute('data-examined')).toBe('none');
    expect(await empty.textContent()).toContain('No data in this window');
  });

  it('shows the server’s refusal of an admin’s edit beside the editor, in its words', async ({ skip }) => {
    skip(!rulesApi, NO_RULES_API);
    await admin.goto(`${service.url}/rules`);
    const c = card(admin, RULE_ID);
    await c.getByTestId('rule-edit').click();
    const text = c.getByTestId('rule-editor-text');
    const original = await text.inputValue();
    expect(JSON.parse(original)).toMatchObject({ id: RULE_ID, kind: 'sensor-condition' });

    // Not JSON: the page says where, before asking the server.
    await text.fill(original.replace('"enabled"', 'enabled'));
    await c.getByTestId('rule-editor-save').click();
    expect(await c.getByTestId('rule-editor-error').textContent()).toMatch(/not valid JSON near line \d+/);

    // JSON, but not a rule (severity 9): the server's 400 message is shown as the server words it.
    const refused = original.replace('"severity": 4', '"severity": 9');
    await text.fill(refused);
    await c.getByTestId('rule-editor-save').click();
    const direct = await api(`/admin/rules/${RULE_ID}`, { method: 'PUT', body: refused });
    expect(direct.status).toBe(400);
    const { message } = (await direct.json()) as { message: string };
    expect(message.length).toBeGreaterThan(5);
    await expect
      .poll(() => c.getByTestId('rule-editor-error').textContent(), { timeout: 20_000 })
      .toBe(message);
    const { body } = await fetchJson<RuleList>(service.url, '/api/v1/rules');
    expect(body.rules.find((r) => r.rule.id === RULE_ID)?.rule).toMatchObject({
      action: { severity: 4 },
    });

    // Its versions (created, then switched off above), newest first; loading one puts it in the editor.
    const { body: history } = await fetchJson<{ versions: Array<{ version: number }> }>(
      service.url,
      `/api/v1/rules/${RULE_ID}/versions`,
    );
    expect(history.versions.length).toBeGreaterThanOrEqual(2);
    await c.getByTestId('rule-versions').locator('summary').click();
    const entries = c.getByTestId('rule-versions').locator('li');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(history.versions.length);
    const oldest = history.versions[history.versions.length - 1]?.version;
    await c.locator(`[data-testid=rule-versions] li[data-version="${oldest}"] button`).click();
    expect(JSON.parse(await text.inputValue())).toMatchObject({ id: RULE_ID, enabled: true });
  });

  it('shows an analyst the rules and their dry runs, but no switch and no editor', async ({ skip }) => {
    skip(!rulesApi, NO_RULES_API);
    const analyst = await newPage();
    await signInAs(analyst, service.url, ANALYST);
    await analyst.goto(`${service.url}/rules`);
    const c = card(analyst, RULE_ID);
    await c.waitFor({ timeout: 60_000 });
    expect(await c.getByTestId('rule-summary').textContent()).toContain('level_cm > 120');
    expect(await c.getByTestId('rule-state').textContent()).toMatch(/^(On|Off)$/);
    expect(await analyst.getByTestId('rule-toggle').count()).toBe(0);
    expect(await analyst.getByTestId('rule-edit').count()).toBe(0);
    expect(await analyst.getByTestId('rule-editor').count()).toBe(0);
    expect(await c.getByTestId('rule-dry-run-open').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('badges an incident a rule opened and names the rule on its timeline, never the raw actor', async ({
    skip,
  }) => {
    skip(!rulesApi, NO_RULES_API);
    // A rule that fires on 30 s above the line, fed live readings (the engine acts on fresh data only).
    const live: Rule = {
      ...FLOOD_WATCH,
      id: LIVE_RULE_ID,
      description: 'Water above 1.2 m for 30 seconds (browser test, live)',
      when: { ...FLOOD_WATCH.when, forS: 30 },
    };
    const created = await api('/admin/rules', { method: 'POST', body: JSON.stringify(live) });
    expect(created.status, await created.clone().text()).toBe(201);
    const issued = await api('/admin/mqtt-credentials', {
      method: 'POST',
      body: JSON.stringify({ kind: 'sensor', scope: 'e2e-wl-live', description: 'rules browser test, live' }),
    });
    expect(issued.status).toBe(201);
    const credentials = (await issued.json()) as { username: string; password: string };
    const now = Date.now();
    await publishJson(
      service.mqttUrl,
      [
        {
          topic: topics.sensorMeta(topicRoot, 'e2e-wl-live'),
          payload: {
            name: 'Browser-test water level, live',
            kind: 'water-level',
            department: 'water',
            lat: 37.7651,
            lon: -122.4158,
            units: { level_cm: 'cm' },
          },
        },
        ...[60, 45, 30, 15, 0].map((ago) => ({
          topic: topics.sensorData(topicRoot, 'e2e-wl-live'),
          payload: { ts: now - ago * 1000, values: { level_cm: 180 } },
        })),
      ],
      credentials,
    );
    const incidentId = await waitFor(
      { timeoutMs: 90_000, what: 'an incident opened by the rule' },
      async () => {
        const res = await fetchJson<{ incidents: Array<{ incidentId: string; source: string }> }>(
          service.url,
          '/api/v1/incidents?status=open&department=water',
        );
        const opened = res.body.incidents?.find((incident) => incident.source === 'rule');
        return {
          done: Boolean(opened),
          value: opened?.incidentId ?? '',
          seen: `${res.body.incidents?.length} open`,
        };
      },
    );

    await admin.goto(`${service.url}/incidents?incident=${encodeURIComponent(incidentId)}`);
    const row = admin.locator(`[data-testid=incident-row][data-incident-id="${incidentId}"]`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('source-badge').textContent()).toBe('Rule');
    const detail = admin.getByTestId('incident-detail');
    await detail.getByTestId('timeline-event').first().waitFor({ timeout: 30_000 });
    expect(await detail.getByTestId('source-badge').textContent()).toBe('Rule');
    const { body: departments } = await fetchJson<Department[]>(service.url, '/api/v1/departments');
    const water = departments.find((d) => d.id === 'water')?.name ?? 'water';
    const timeline = await detail.getByTestId('timeline-event').allTextContents();
    expect(timeline[0]).toContain(`Reported by rule ${LIVE_RULE_ID} (${water})`);
    expect(timeline.join('\n')).not.toContain('rule:');
    expect(pageErrors).toEqual([]);
  });
});
