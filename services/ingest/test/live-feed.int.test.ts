/**
 * The change feed end to end: every kind of committed change reaches live clients through the store's
 * change log, in order and once; a client that reconnects gets exactly what it missed, or a snapshot when
 * that part of the log was pruned; filtered clients get only their part of the city; the heartbeat's
 * figures come from the store.
 */
import { topics } from '@twin/domain';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  authHeaders,
  connectLive,
  connectPublisher,
  describeEachTarget,
  eventually,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

type Message = { type: string; seq: number; [k: string]: unknown };
type Live = { messages: Message[]; close(): void };

const ids = (list: unknown, key: string) => ((list ?? []) as Record<string, unknown>[]).map((x) => x[key]);

/** Every incident state a client was sent, in order. */
function incidentsOf(live: Live): { incidentId: string; department: string; eventCount: number }[] {
  return live.messages.flatMap((m) =>
    m.type === 'changes'
      ? ((m.incidents ?? []) as { incidentId: string; department: string; eventCount: number }[])
      : [],
  );
}

function expectOrdered(live: Live): void {
  const changes = live.messages.filter((m) => m.type === 'changes').map((m) => m.seq);
  for (let i = 1; i < changes.length; i++) expect(changes[i]).toBeGreaterThan(changes[i - 1]!);
  const all = live.messages.map((m) => m.seq);
  for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThanOrEqual(all[i - 1]!);
}

describeEachTarget('live change feed', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  let root: string;
  const t0 = Date.now() - 120_000;
  const place = { lat: 37.7599, lon: -122.4148 };

  const report = (incidentId: string, department: string, extra: Record<string, unknown> = {}) =>
    publish(pub, topics.incidentEvents(root, department), {
      eventId: `${incidentId}-r`,
      incidentId,
      type: 'reported',
      ts: t0,
      category: 'test',
      severity: 3,
      title: incidentId,
      ...place,
      ...extra,
    });

  beforeAll(async () => {
    stack = await startStack(target);
    base = stack.runtime.url;
    root = stack.topicRoot;
    pub = await connectPublisher(stack);
  });

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('sends every kind of change in log order, once; filtered clients get their part of the city', async () => {
    const whole = (await connectLive(base)) as Live;
    const police = (await connectLive(base, 'departments=police&readings=none')) as Live;
    const boxed = (await connectLive(base, 'bbox=-122.5,37.70,-122.35,37.80&readings=all')) as Live;
    for (const c of [whole, police, boxed])
      await eventually(async () => c.messages.find((m) => m.type === 'snapshot'));

    await publish(
      pub,
      topics.sensorMeta(root, 'lf-1'),
      { name: 'Air', kind: 'air_quality', department: 'environment', ...place, units: {} },
      true,
    );
    await publish(pub, topics.sensorData(root, 'lf-1'), { ts: t0, values: { pm25: 1 }, seq: 1 });
    // seq 3 after 1: one reading lost upstream, counted in the store.
    await publish(pub, topics.sensorData(root, 'lf-1'), { ts: t0 + 1000, values: { pm25: 2 }, seq: 3 });
    await report('lf-fire', 'fire');
    await report('lf-police', 'police');
    await report('lf-far', 'police', { lat: 37.0, lon: -121.0 });
    await publish(pub, topics.incidentEvents(root, 'fire'), {
      eventId: 'lf-fire-h',
      incidentId: 'lf-fire',
      type: 'handed_off',
      ts: t0 + 2000,
      toDepartment: 'police',
    });
    await publish(pub, topics.sensorData(root, 'lf-1'), '{"not json');

    await eventually(async () => {
      const seen = incidentsOf(whole);
      return seen.some((v) => v.incidentId === 'lf-fire' && v.department === 'police') &&
        whole.messages.some((m) => (m.deadLetters as unknown[] | undefined)?.length)
        ? true
        : null;
    });
    await eventually(async () =>
      incidentsOf(police).some((v) => v.incidentId === 'lf-fire' && v.department === 'police') ? true : null,
    );

    // Whole city: the sensor, its readings, every incident state, the dead letter.
    const changes = whole.messages.filter((m) => m.type === 'changes');
    expect(changes.flatMap((m) => ids(m.sensors, 'sensorId'))).toContain('lf-1');
    const pm25 = changes
      .flatMap((m) => (m.readings ?? []) as { sensorId: string; values: { pm25?: { value: number } } }[])
      .filter((r) => r.sensorId === 'lf-1')
      .map((r) => r.values.pm25?.value);
    expect(pm25).toContain(2);
    const states = incidentsOf(whole).map((v) => `${v.incidentId}:${v.eventCount}`);
    // NOTE: changes read from the log together are sent in one message, holding each incident once with its
    // newest state: the report of lf-fire may arrive already handed over (its timeline has both).
    expect(states).toEqual(expect.arrayContaining(['lf-fire:2', 'lf-police:1', 'lf-far:1']));
    expect(new Set(states).size).toBe(states.length); // each state once
    expect(changes.flatMap((m) => ids(m.deadLetters, 'topic'))).toContain(topics.sensorData(root, 'lf-1'));
    expectOrdered(whole);

    // Police, no readings: its own incidents, and the fire incident once it was handed over; nothing else.
    const policeStates = incidentsOf(police).map((v) => `${v.incidentId}:${v.department}`);
    expect(policeStates).toEqual(
      expect.arrayContaining(['lf-police:police', 'lf-far:police', 'lf-fire:police']),
    );
    expect(policeStates).not.toContain('lf-fire:fire');
    const policeChanges = police.messages.filter((m) => m.type === 'changes');
    expect(policeChanges.flatMap((m) => (m.readings ?? []) as unknown[])).toEqual([]);
    expect(policeChanges.flatMap((m) => (m.deadLetters ?? []) as unknown[])).toEqual([]);
    expect(policeChanges.flatMap((m) => ids(m.sensors, 'sensorId'))).not.toContain('lf-1');
    expectOrdered(police);

    // The box: the incidents inside it, not the far one; readings of the sensor inside it.
    await eventually(async () => (incidentsOf(boxed).some((v) => v.incidentId === 'lf-fire') ? true : null));
    expect(incidentsOf(boxed).map((v) => v.incidentId)).not.toContain('lf-far');
    await eventually(async () =>
      boxed.messages.some((m) => ids(m.readings, 'sensorId').includes('lf-1')) ? true : null,
    );

    // The heartbeat's figures are the store's: the seq gap, the accounting, the last ingest time.
    const beat = await eventually(async () => {
      const live = (await connectLive(base)) as Live;
      const hb = await eventually(async () => live.messages.find((m) => m.type === 'heartbeat'));
      live.close();
      const counters = hb.counters as { [k: string]: number };
      return counters.seqGaps === 1 && (counters.rejected ?? 0) >= 1 ? hb : null;
    });
    const n = beat.counters as {
      received: number;
      stored: number;
      duplicates: number;
      rejected: number;
      pending: number;
    };
    expect(n.received).toBe(n.stored + n.duplicates + n.rejected + n.pending);
    expect(beat.lastIngestAt).toBeGreaterThan(Date.now() - 60_000);
    for (const c of [whole, police, boxed]) c.close();
  });

  it('a client that reconnects with the last seq it saw gets exactly what it missed', async () => {
    const first = (await connectLive(base)) as Live;
    const snapshot = await eventually(async () => first.messages.find((m) => m.type === 'snapshot'));
    await report('rs-1', 'ems');
    const seen = await eventually(async () =>
      first.messages.find((m) => ids(m.incidents, 'incidentId').includes('rs-1')),
    );
    expect(seen.seq).toBeGreaterThan(snapshot.seq);
    first.close();

    await report('rs-2', 'ems');
    await report('rs-3', 'water');
    await eventually(async () => {
      const { rows } = await stack.runtime.pool.query(
        "select count(*)::int as n from change_log where kind = 'incident' and body->>'incidentId' in ('rs-2', 'rs-3')",
      );
      return rows[0].n === 2 ? true : null;
    });

    const again = (await connectLive(base, `since=${seen.seq}`)) as Live;
    await eventually(async () =>
      incidentsOf(again).filter((v) => v.incidentId.startsWith('rs-')).length >= 2 ? true : null,
    );
    expect(again.messages[0]).toMatchObject({ type: 'resumed', seq: seen.seq });
    expect(again.messages.some((m) => m.type === 'snapshot')).toBe(false);
    expect(
      incidentsOf(again)
        .map((v) => v.incidentId)
        .filter((id) => id.startsWith('rs-')),
    ).toEqual(['rs-2', 'rs-3']);
    expectOrdered(again);
    const last = Math.max(...again.messages.map((m) => m.seq));
    again.close();

    // Up to date: resumed, and nothing replayed.
    const current = (await connectLive(base, `since=${last}`)) as Live;
    await eventually(async () => current.messages.find((m) => m.type === 'heartbeat'));
    expect(current.messages[0]).toMatchObject({ type: 'resumed', seq: last });
    expect(incidentsOf(current).filter((v) => v.incidentId.startsWith('rs-'))).toEqual([]);
    current.close();

    // Pruned past the client's position: a fresh snapshot instead.
    await stack.runtime.pool.query(
      'delete from change_log where seq <= $1 and seq < (select max(seq) from change_log)',
      [seen.seq + 1],
    );
    const pruned = (await connectLive(base, `since=${seen.seq}`)) as Live;
    const snap = await eventually(async () => pruned.messages.find((m) => m.type === 'snapshot'));
    expect(ids(snap.incidents, 'incidentId')).toEqual(expect.arrayContaining(['rs-1', 'rs-2', 'rs-3']));
    pruned.close();

    // A position the log never reached (another database, a client from the future): a snapshot.
    const future = (await connectLive(base, `since=${last + 1_000_000}`)) as Live;
    expect((await eventually(async () => future.messages[0])).type).toBe('snapshot');
    future.close();
  });

  describe('bad subscriptions are refused before the upgrade, with the reason', () => {
    it.each([
      ['since=-1', 'since'],
      ['since=abc', 'since'],
      ['departments=Fire', 'Fire'],
      ['bbox=1,2,3', 'bbox'],
      ['readings=some', 'readings'],
      ['colour=blue', 'colour'],
    ])('%s', async (query, mentioned) => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live?${query}`, {
        headers: authHeaders(base),
      });
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        ws.on('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.on('open', () => reject(new Error('upgraded')));
        ws.on('error', () => {});
      });
      expect(status).toBe(400);
      expect(body).toContain(mentioned);
    });
  });
});
