/**
 * DATABASE_READ_URL: the API's history reads go to the replica, while writes, actions and the live feed stay
 * on the primary. Here the "replica" is a second database holding different rows, so the test can tell which
 * one answered.
 */
import { foldIncident, type IncidentEvent, topics } from '@twin/domain';
import { createScratchDatabase } from '@twin/test-kit';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import {
  connectLive,
  connectPublisher,
  describeOnExternalStack,
  eventually,
  getJson,
  postJson,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

describeOnExternalStack('API reads from a read replica', (external) => {
  let replica: Awaited<ReturnType<typeof createScratchDatabase>>;
  let stack: TestStack;
  let pub: MqttClient;

  beforeAll(async () => {
    replica = await createScratchDatabase(external.databaseUrl!);
    const pool = createPool(replica.url, false);
    await migrate(pool);
    // A row only the replica has.
    const event = {
      eventId: 'r-1',
      incidentId: 'only-on-replica',
      type: 'reported',
      ts: Date.now() - 60_000,
      department: 'fire',
      category: 'test',
      severity: 2,
      title: 'replica',
      lat: 37.76,
      lon: -122.42,
    } as IncidentEvent;
    const state = { ...foldIncident([event])!, district: null, cell: null, outsideCity: false };
    await pool.query(
      `insert into incidents (incident_id, status, department, severity, category, lat, lon, opened_at, updated_at, state)
         values ($1, 'reported', 'fire', 2, 'test', 37.76, -122.42, now(), now(), $2)`,
      [state.incidentId, JSON.stringify(state)],
    );
    await pool.end();
    stack = await startStack(external, { env: { DATABASE_READ_URL: replica.url } });
    pub = await connectPublisher(stack);
  }, 120_000);

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
    await replica?.drop();
  });

  it('lists from the replica; stores, acts and streams on the primary', async () => {
    const base = stack.runtime.url;
    const live = await connectLive(base);
    await eventually(async () => live.messages.find((m) => m.type === 'snapshot'));
    await publish(pub, topics.incidentEvents(stack.topicRoot, 'police'), {
      eventId: 'p-1',
      incidentId: 'on-primary',
      type: 'reported',
      ts: Date.now() - 30_000,
      category: 'test',
      severity: 3,
      title: 'primary',
      lat: 37.76,
      lon: -122.42,
    });
    // The live feed reads the primary's change log: the new incident arrives.
    await eventually(async () =>
      live.messages.some((m) =>
        ((m.incidents ?? []) as { incidentId: string }[]).some((v) => v.incidentId === 'on-primary'),
      )
        ? true
        : null,
    );
    // The list comes from the replica: its row, and not (yet, here never) the primary's.
    const { body } = await getJson<{ incidents: { incidentId: string }[] }>(
      base,
      '/api/v1/incidents?status=all',
    );
    expect(body.incidents.map((i) => i.incidentId)).toEqual(['only-on-replica']);
    // An action reads and writes the primary: the replica's incident is unknown there.
    const action = await postJson(base, '/api/v1/incidents/on-primary/actions', {
      type: 'acknowledged',
      department: 'police',
    });
    expect(action.status).toBe(200);
    const missing = await postJson(base, '/api/v1/incidents/only-on-replica/actions', {
      type: 'acknowledged',
      department: 'fire',
    });
    expect(missing.status).toBe(404);
    live.close();
  });
});
