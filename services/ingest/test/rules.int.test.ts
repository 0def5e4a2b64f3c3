/**
 * The rules end to end against the real broker and database: a reading stream over MQTT crosses a threshold
 * → an incident reported by `rule:<id>`, resolved when it clears; an incident of a category → assistance
 * requested; an incident left unacknowledged → escalated once; no second firing across a restart or after a
 * crash between the write and the state update; the admin API and who may use it; a dry run over the
 * window gives the actions the engine took.
 */
import { randomUUID } from 'node:crypto';
import { type IncidentDetail, type RuleDryRun, type RuleList, type RuleView, topics } from '@twin/domain';
import { createScratchDatabase } from '@twin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  connectPublisher,
  describeEachTarget,
  describeOnExternalStack,
  eventually,
  publish,
  signIn,
  startStack,
  type TestStack,
  targets,
} from './harness.js';

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.headers ?? authHeaders(base)),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (204)
  }
  return { status: res.status, body: body as T, text };
}

const RULES_ENV = { RULES_INTERVAL_S: '1' };

const flood = {
  id: 'test-flood',
  description: 'Water level above 120 cm for 4 s opens a flooding incident',
  enabled: true,
  kind: 'sensor-condition',
  when: { sensorKind: 'water-level', metric: 'level_cm', op: '>', threshold: 120, forS: 4 },
  action: {
    department: 'water',
    category: 'Flooding',
    severity: 4,
    title: 'Flooding at {sensor}: {value} {unit}',
    clearForS: 4,
  },
};
const assist = {
  id: 'test-assist',
  description: 'A main break asks public works and transport to assist',
  enabled: true,
  kind: 'incident-condition',
  when: { categoryKeys: ['main-break'], departments: ['water'] },
  action: { requestAssistanceFrom: ['public-works', 'transport'] },
};
const ackTimer = {
  id: 'test-ack',
  description: 'A fire incident of severity 4 not acknowledged within 2 s is escalated',
  enabled: true,
  kind: 'timer',
  when: { notReached: 'acknowledged', withinS: 2, minSeverity: 4, departments: ['fire'] },
  action: { escalate: true },
};

describeEachTarget('rules', (target) => {
  let stack: TestStack;
  /** Every stack started (a restart adds one): destroyed newest first, the first one last (its data). */
  const stacks: TestStack[] = [];
  let base: string;
  const started = Date.now();
  const sensorId = `wl-it-${randomUUID().slice(0, 6)}`;
  /** Data time of the first reading: within the engine's horizon (the present). */
  const t0 = Date.now() - 60_000;
  let floodIncidentId = '';

  const incident = async (id: string) => {
    const res = await call<IncidentDetail>(base, 'GET', `/api/v1/incidents/${id}`);
    return res.status === 200 ? res.body : null;
  };
  const readings = async (stackNow: TestStack, values: [number, number][]) => {
    const pub = await connectPublisher(stackNow);
    for (const [offsetS, value] of values)
      await publish(pub, topics.sensorData(stackNow.topicRoot, sensorId), {
        ts: t0 + offsetS * 1000,
        values: { level_cm: value },
      });
    await pub.endAsync();
  };

  beforeAll(async () => {
    stack = await startStack(target, { env: RULES_ENV });
    stacks.push(stack);
    base = stack.runtime.url;
    // The pack's own assist rule would race ours for the same incident: switched off (PATCH).
    const off = await call<RuleView>(base, 'PATCH', '/api/v1/admin/rules/main-break-assist', {
      body: { enabled: false },
    });
    expect(off.status, off.text).toBe(200);
    expect(off.body).toMatchObject({ origin: 'admin', version: 2, rule: { enabled: false } });
    for (const rule of [flood, assist, ackTimer]) {
      const res = await call<RuleView>(base, 'POST', '/api/v1/admin/rules', { body: rule });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        rule,
        version: 1,
        origin: 'admin',
        lastFiredAt: null,
        firedLast24h: 0,
      });
    }
    const pub = await connectPublisher(stack);
    await publish(pub, topics.sensorMeta(stack.topicRoot, sensorId), {
      name: 'Storm drain',
      kind: 'water-level',
      department: 'water',
      lat: 37.7599,
      lon: -122.4148,
      units: { level_cm: 'cm' },
    });
    await pub.endAsync();
    await eventually(async () => (await call(base, 'GET', `/api/v1/sensors/${sensorId}`)).status === 200);
  }, 120_000);

  afterAll(async () => {
    for (const s of stacks.reverse()) await s.destroy();
  });

  it('lists the city pack’s rules, inserted at the first start', async () => {
    const list = await call<RuleList>(base, 'GET', '/api/v1/rules');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.rules.map((r) => [r.rule.id, r]));
    expect(byId.get('flood-watch')).toMatchObject({ origin: 'pack', version: 1, updatedBy: 'city pack' });
    expect(byId.get('critical-not-on-scene')?.rule.kind).toBe('timer');
    expect(byId.get('test-flood')?.origin).toBe('admin');
    // Described in the OpenAPI document like every route.
    const openapi = await call<{ paths: Record<string, unknown> }>(base, 'GET', '/docs/json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/rules',
        '/api/v1/rules/{id}/dry-run',
        '/api/v1/rules/dry-run',
        '/api/v1/admin/rules/{id}',
      ]),
    );
  });

  it('a reading stream beyond the threshold opens one incident reported by the rule; a restart mid-episode does not open another; clearing resolves it', async () => {
    // 0 s … 6 s above 120: the span reaches 4 s at the reading of 4 s.
    await readings(stack, [
      [0, 130],
      [2, 131],
      [4, 135],
      [6, 133],
    ]);
    floodIncidentId = `rule.test-flood.${sensorId}.${t0}`;
    const opened = await eventually(() => incident(floodIncidentId));
    expect(opened.incident).toMatchObject({
      source: 'rule',
      department: 'water',
      severity: 4,
      status: 'reported',
      title: `Flooding at ${sensorId}: 135 cm`,
    });
    expect(opened.timeline).toHaveLength(1);
    expect(opened.timeline[0]).toMatchObject({
      type: 'reported',
      actor: 'rule:test-flood',
      eventId: `${floodIncidentId}:opened`,
      ts: t0 + 4000,
    });

    // Restart mid-episode: a new service on the same database; readings still beyond the threshold.
    await stack.stop();
    stack = await startStack(target, {
      env: RULES_ENV,
      dataDir: stack.dataDir,
      topicRoot: stack.topicRoot,
      ...(stack.config.databaseUrl && target.databaseUrl ? { databaseUrl: stack.config.databaseUrl } : {}),
    });
    stacks.push(stack);
    base = stack.runtime.url;
    // The restart inserted no pack rule again: the one an admin switched off stays as the admin left it.
    const kept = await call<RuleView>(base, 'GET', '/api/v1/rules/main-break-assist');
    expect(kept.body).toMatchObject({ origin: 'admin', version: 2, rule: { enabled: false } });
    await readings(stack, [
      [8, 140],
      [10, 100],
      [12, 100],
      [14, 100],
      [16, 100],
    ]);
    const resolved = await eventually(async () => {
      const d = await incident(floodIncidentId);
      return d?.incident.status === 'resolved' ? d : null;
    });
    expect(resolved.timeline.map((e) => [e.type, e.actor, e.ts])).toEqual([
      ['reported', 'rule:test-flood', t0 + 4000],
      ['resolved', 'rule:test-flood', t0 + 14_000],
    ]);
    const { rows } = await stack.runtime.pool.query(
      "select count(*)::int as n from incidents where incident_id like 'rule.test-flood.%'",
    );
    expect(rows[0].n).toBe(1);
  });

  it('a crash between the write and the state update writes nothing twice (storage drops the same ids)', async () => {
    const pool = stack.runtime.pool;
    const stored = async () =>
      (
        await pool.query<{ n: number }>(
          "select count(*)::int as n from incident_events where incident_id like 'rule.test-flood.%'",
        )
      ).rows[0]!.n;
    expect(await stored()).toBe(2);
    // As if the engine had died after writing: it remembers neither its state nor its firings.
    await pool.query("delete from rule_state where rule_id = 'test-flood'");
    await pool.query("delete from rule_firings where rule_id = 'test-flood'");
    await readings(stack, [[18, 100]]);
    await eventually(
      async () =>
        (await pool.query("select 1 from rule_firings where rule_id = 'test-flood' and action = 'resolved'"))
          .rows.length === 1,
    );
    expect(await stored()).toBe(2);
    const detail = await incident(floodIncidentId);
    expect(detail?.timeline).toHaveLength(2);
  });

  it('a tick that fails (its storage unusable) is counted and retried: the readings it missed are not skipped', async () => {
    const pool = stack.runtime.pool;
    const other = `${sensorId}-b`;
    const errors = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/^twin_rule_errors_total (\d+)/m.exec(text)?.[1] ?? 'NaN');
    };
    const before = await errors();
    const pub = await connectPublisher(stack);
    await publish(pub, topics.sensorMeta(stack.topicRoot, other), {
      name: 'Storm drain B',
      kind: 'water-level',
      department: 'water',
      lat: 37.7601,
      lon: -122.4149,
      units: { level_cm: 'cm' },
    });
    await pub.endAsync();
    await eventually(async () => (await call(base, 'GET', `/api/v1/sensors/${other}`)).status === 200);
    // The engine's memory becomes unusable: every tick fails before it has read anything.
    await pool.query('alter table rule_state rename to rule_state_away');
    try {
      const feed = await connectPublisher(stack);
      for (const [offsetS, value] of [
        [20, 150],
        [22, 150],
        [24, 150],
      ] as const)
        await publish(feed, topics.sensorData(stack.topicRoot, other), {
          ts: t0 + offsetS * 1000,
          values: { level_cm: value },
        });
      await feed.endAsync();
      await eventually(async () => (await errors()) >= before + 2);
      expect(await incident(`rule.test-flood.${other}.${t0 + 20_000}`)).toBeNull();
    } finally {
      await pool.query('alter table rule_state_away rename to rule_state');
    }
    const opened = await eventually(() => incident(`rule.test-flood.${other}.${t0 + 20_000}`));
    expect(opened.timeline.map((e) => [e.type, e.ts])).toEqual([['reported', t0 + 24_000]]);
  });

  it('an incident of the matched category asks each target department to assist, once', async () => {
    const id = `main-${randomUUID().slice(0, 6)}`;
    const pub = await connectPublisher(stack);
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'water'), {
      eventId: `${id}-r`,
      incidentId: id,
      type: 'reported',
      ts: Date.now() - 1000,
      category: 'main_break',
      severity: 3,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Water main break',
    });
    await pub.endAsync();
    const detail = await eventually(async () => {
      const d = await incident(id);
      return d && d.incident.assisting.length === 2 ? d : null;
    });
    expect(detail.incident.assisting.sort()).toEqual(['public-works', 'transport']);
    const asked = detail.timeline.filter((e) => e.type === 'assist_requested');
    expect(asked.map((e) => [e.eventId, e.department, e.actor, e.toDepartment])).toEqual([
      [`rule.test-assist.${id}:public-works`, 'water', 'rule:test-assist', 'public-works'],
      [`rule.test-assist.${id}:transport`, 'water', 'rule:test-assist', 'transport'],
    ]);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await incident(id))?.timeline).toHaveLength(3);
  });

  it('an incident left unacknowledged past withinS is escalated once, with a note for command', async () => {
    const id = `fire-${randomUUID().slice(0, 6)}`;
    const pub = await connectPublisher(stack);
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), {
      eventId: `${id}-r`,
      incidentId: id,
      type: 'reported',
      ts: Date.now(),
      category: 'Structure fire',
      severity: 4,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Smoke showing',
    });
    await pub.endAsync();
    const detail = await eventually(async () => {
      const d = await incident(id);
      return d?.incident.severity === 5 ? d : null;
    });
    const escalated = detail.timeline.filter((e) => e.type === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({
      eventId: `rule.test-ack.${id}:escalated`,
      actor: 'rule:test-ack',
      department: 'fire',
      severity: 5,
    });
    expect(escalated[0]?.note).toContain('not acknowledged within');
    expect(escalated[0]?.note).toContain('notify command');
    await new Promise((r) => setTimeout(r, 3000));
    expect((await incident(id))?.timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('twin_rule_actions_total{rule="test-ack",action="escalated"} 1');
    const view = await call<RuleView>(base, 'GET', '/api/v1/rules/test-ack');
    expect(view.body.firedLast24h).toBe(1);
    expect(view.body.lastFiredAt).toBeGreaterThanOrEqual(started);
  });

  it('a dry run over the window gives the actions the engine took', async () => {
    const from = t0 - 1000;
    const to = Date.now();
    for (const ruleId of ['test-flood', 'test-assist', 'test-ack']) {
      const run = await call<RuleDryRun>(
        base,
        'POST',
        `/api/v1/rules/${ruleId}/dry-run?from=${from}&to=${to}`,
      );
      expect(run.status, run.text).toBe(200);
      const { rows } = await stack.runtime.pool.query<{ event_id: string; action: string }>(
        'select event_id, action from rule_firings where rule_id = $1 order by event_id',
        [ruleId],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(
        run.body.actions
          .map((a) => ({ event_id: a.event.eventId, action: a.action }))
          .sort((a, b) => a.event_id.localeCompare(b.event_id)),
      ).toEqual(rows);
      expect(run.body.truncated).toBe(false);
    }
    const flooded = await call<RuleDryRun>(
      base,
      'POST',
      `/api/v1/rules/test-flood/dry-run?from=${from}&to=${to}`,
    );
    // 10 readings of the first drain, 3 of the second.
    expect(flooded.body.examined.readings).toBe(13);
    expect(flooded.body.actions[0]?.summary).toContain(`at sensor ${sensorId}`);
    // An edit tried before saving: a lower threshold fires earlier (at the same episode start).
    const tried = await call<RuleDryRun>(base, 'POST', '/api/v1/rules/dry-run', {
      body: { rule: { ...flood, when: { ...flood.when, forS: 2 } }, from, to },
    });
    expect(tried.status, tried.text).toBe(200);
    expect(tried.body.actions[0]).toMatchObject({ action: 'opened', at: t0 + 2000 });
    // Areas: a circle around the drains finds them; a district with no drain finds none.
    const areaRun = async (area: unknown) =>
      (
        await call<RuleDryRun>(base, 'POST', '/api/v1/rules/dry-run', {
          body: { rule: { ...flood, when: { ...flood.when, area } }, from, to },
        })
      ).body;
    const near = await areaRun({ near: { lat: 37.76, lon: -122.4148, radiusM: 100 } });
    expect(near.actions.map((a) => a.action)).toEqual(['opened', 'resolved', 'opened']);
    const elsewhere = await areaRun({ district: 'Presidio' });
    expect(elsewhere.actions).toEqual([]);
    expect(elsewhere.examined.readings).toBe(0);
    const tooLong = await call(base, 'POST', `/api/v1/rules/test-flood/dry-run?from=0&to=${8 * 86_400_000}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toContain('at most 7 days');
    const badBody = await call(base, 'POST', '/api/v1/rules/dry-run', {
      body: { rule: { ...flood, kind: 'nope' }, from: 'yesterday', to },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toContain('kind: must be one of');
    expect(badBody.body.message).toContain('from must be');
  });

  it('admins edit (a new version), switch off and delete rules; every problem is a 400 in plain words', async () => {
    const edited = await call<RuleView>(base, 'PUT', '/api/v1/admin/rules/test-flood', {
      body: { ...flood, description: 'Edited', when: { ...flood.when, threshold: 150 } },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, origin: 'admin', rule: { description: 'Edited' } });
    const versions = await call<{ versions: { version: number; updatedBy: string | null }[] }>(
      base,
      'GET',
      '/api/v1/rules/test-flood/versions',
    );
    expect(versions.body.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.body.versions[0]?.updatedBy).toBeTruthy();

    const again = await call(base, 'POST', '/api/v1/admin/rules', { body: flood });
    expect(again.status).toBe(409);
    const mismatch = await call(base, 'PUT', '/api/v1/admin/rules/test-flood', { body: assist });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toBe('id: must be the rule of the path, "test-flood" (got "test-assist")');
    const invalid = await call(base, 'POST', '/api/v1/admin/rules', {
      body: { ...flood, id: 'Bad Id', when: { ...flood.when, forS: 0 } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('id: must be lower-case letters');
    expect(invalid.body.message).toContain('when.forS: must be an integer from 1 to 604800 (got 0)');
    const unknownDept = await call(base, 'POST', '/api/v1/admin/rules', {
      body: { ...assist, id: 'aliens', action: { requestAssistanceFrom: ['aliens'] } },
    });
    expect(unknownDept.status).toBe(400);
    expect(unknownDept.body.message).toContain('department "aliens" is unknown');

    const off = await call<RuleView>(base, 'PATCH', '/api/v1/admin/rules/test-ack', {
      body: { enabled: false },
    });
    expect(off.body).toMatchObject({ version: 2, rule: { enabled: false } });
    const gone = await call(base, 'DELETE', '/api/v1/admin/rules/test-assist');
    expect(gone.status).toBe(204);
    expect((await call(base, 'GET', '/api/v1/rules/test-assist')).status).toBe(404);
    expect((await call(base, 'DELETE', '/api/v1/admin/rules/test-assist')).status).toBe(404);
    // Its history stays.
    expect((await call(base, 'GET', '/api/v1/rules/test-assist/versions')).status).toBe(200);
  });

  it('only admins change rules (403); everyone signed in reads them; nobody signed out (401)', async () => {
    const created = await call(base, 'POST', '/api/v1/admin/users', {
      body: {
        username: `analyst-${randomUUID().slice(0, 6)}`,
        role: 'analyst',
        password: 'a long enough password',
      },
    });
    expect(created.status, created.text).toBe(201);
    const cookie = await signIn(
      base,
      (created.body as { username: string }).username,
      'a long enough password',
    );
    const analyst = { cookie: `${cookie.name}=${cookie.value}` };
    expect((await call(base, 'GET', '/api/v1/rules', { headers: analyst })).status).toBe(200);
    const write = await call(base, 'POST', '/api/v1/admin/rules', {
      headers: analyst,
      body: { ...flood, id: 'analyst-rule' },
    });
    expect(write.status).toBe(403);
    expect((await call(base, 'GET', '/api/v1/rules', { headers: {} })).status).toBe(401);
    expect(
      (await call(base, 'PATCH', '/api/v1/admin/rules/test-flood', { headers: {}, body: { enabled: false } }))
        .status,
    ).toBe(401);
  });
});

describe('the demo’s storm and the San Francisco flood rule', () => {
  it('a storm raises one district’s water levels: the pack’s flood-watch rule opens incidents and resolves them', async () => {
    // Storms every minute (30 s each, 15 s rising, 15 s falling): the pack's rule wants 2 minutes above
    // 120 cm, so it is edited (as an admin would) to 5 s, and to clear after 5 s.
    const stack = await startStack(targets()[0]!, {
      feed: true,
      env: { ...RULES_ENV, SIM_STORM_EVERY_MIN: '1', SIM_INTERVAL_MS: '2000', SIM_INCIDENTS_PER_MIN: '0' },
    });
    try {
      const base = stack.runtime.url;
      const pack = await call<RuleView>(base, 'GET', '/api/v1/rules/flood-watch');
      expect(pack.body.origin).toBe('pack');
      const edited = await call(base, 'PUT', '/api/v1/admin/rules/flood-watch', {
        body: {
          ...pack.body.rule,
          when: { ...pack.body.rule.when, forS: 5 },
          action: { ...pack.body.rule.action, clearForS: 5 },
        },
      });
      expect(edited.status, edited.text).toBe(200);
      const resolved = await eventually(async () => {
        const { rows } = await stack.runtime.pool.query<{ incident_id: string; status: string }>(
          "select incident_id, status from incidents where incident_id like 'rule.flood-watch.%' and status = 'resolved'",
        );
        return rows[0];
      }, 150_000);
      const detail = await call<IncidentDetail>(base, 'GET', `/api/v1/incidents/${resolved.incident_id}`);
      expect(detail.body.incident).toMatchObject({
        source: 'rule',
        department: 'water',
        category: 'Flooding',
      });
      expect(detail.body.timeline.map((e) => [e.type, e.actor])).toEqual(
        expect.arrayContaining([
          ['reported', 'rule:flood-watch'],
          ['resolved', 'rule:flood-watch'],
        ]),
      );
    } finally {
      await stack.destroy();
    }
  }, 200_000);
});

describeOnExternalStack('rules with two instances on one database', (target) => {
  it('only the maintenance leader runs them: one escalation, counted by one instance', async () => {
    const scratch = await createScratchDatabase(target.databaseUrl!);
    const shared = {
      databaseUrl: scratch.url,
      topicRoot: `rl${randomUUID().slice(0, 8)}`,
      env: { ...RULES_ENV, INGEST_SHARE_GROUP: `g${randomUUID().slice(0, 6)}` },
    };
    const pair: TestStack[] = [];
    try {
      pair.push(await startStack(target, shared), await startStack(target, shared));
      const base = pair[0]!.runtime.url;
      const created = await call(base, 'POST', '/api/v1/admin/rules', { body: ackTimer });
      expect(created.status, created.text).toBe(201);
      const id = `fire-${randomUUID().slice(0, 6)}`;
      const pub = await connectPublisher(target.mqttUrl!);
      await publish(pub, topics.incidentEvents(shared.topicRoot, 'fire'), {
        eventId: `${id}-r`,
        incidentId: id,
        type: 'reported',
        ts: Date.now(),
        category: 'Structure fire',
        severity: 4,
        lat: 37.7599,
        lon: -122.4148,
        title: 'Smoke showing',
      });
      await pub.endAsync();
      await eventually(async () => {
        const d = await call<IncidentDetail>(base, 'GET', `/api/v1/incidents/${id}`);
        return d.status === 200 && d.body.incident.severity === 5;
      });
      await new Promise((r) => setTimeout(r, 3000));
      const counted = await Promise.all(
        pair.map(async (s) => {
          const text = await (await fetch(`${s.runtime.url}/metrics`)).text();
          const leader = /^twin_maintenance_leader (\d+)/m.exec(text)?.[1];
          const actions = /^twin_rule_actions_total\{rule="test-ack",action="escalated"\} (\d+)/m.exec(
            text,
          )?.[1];
          return [Number(leader), Number(actions ?? 0)];
        }),
      );
      // Exactly one leads, and it alone escalated.
      expect(counted.map(([leader]) => leader).sort()).toEqual([0, 1]);
      expect(counted.find(([leader]) => leader === 1)?.[1]).toBe(1);
      expect(counted.find(([leader]) => leader === 0)?.[1]).toBe(0);
      const { rows } = await pair[0]!.runtime.pool.query(
        "select count(*)::int as n from incident_events where incident_id = $1 and type = 'escalated'",
        [id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      for (const s of pair) await s.stop();
      await scratch.drop();
    }
  }, 120_000);
});
