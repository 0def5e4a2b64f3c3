/**
 * End to end over real sockets: an MQTT client publishes → the service stores → the HTTP API answers and the
 * live WebSocket pushes. Runs against the embedded stack, and against PostgreSQL + Mosquitto when
 * DATABASE_URL / MQTT_URL are set.
 */
import { topics } from '@twin/domain';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  connectLive,
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

interface SensorBody {
  sensorId: string;
  district: string | null;
  simulated: boolean;
  latest: Record<string, { value: number; ts: number }>;
}
interface IncidentBody {
  incident: {
    status: string;
    department: string;
    assisting: string[];
    district: string | null;
    eventCount: number;
  };
  timeline: { eventId: string; type: string }[];
}
interface DeadLetterBody {
  total: number;
  items: { topic: string; reason: string; payload: string }[];
}

describeEachTarget('pipeline', (target) => {
  let stack: TestStack;
  let pub: MqttClient;
  let base: string;
  let root: string;
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    stack = await startStack(target, { env: { MAX_PAYLOAD_BYTES: '4096' } });
    base = stack.runtime.url;
    root = stack.topicRoot;
    pub = await connectPublisher(stack);
  });

  afterAll(async () => {
    await pub?.endAsync();
    await stack?.destroy();
  });

  it('stores readings and incident events from MQTT, serves them over HTTP and pushes them live', async () => {
    const live = await connectLive(base);
    await eventually(async () => live.messages.find((m) => m.type === 'snapshot'));

    await publish(
      pub,
      topics.sensorMeta(root, 'aq-1'),
      {
        name: 'Air 1',
        kind: 'air_quality',
        department: 'environment',
        lat: 37.7599,
        lon: -122.4148,
        units: { pm25: 'µg/m³' },
        simulated: true,
      },
      true,
    );
    await publish(pub, topics.sensorData(root, 'aq-1'), { ts: t0, values: { pm25: 11.5, no2: 20 }, seq: 1 });
    await publish(pub, topics.gatewayData(root, 'gw-1'), [
      { sensorId: 'aq-1', ts: t0 + 1000, values: { pm25: 12.5 }, seq: 2 },
      { sensorId: 'aq-1', ts: t0 + 2000, values: { pm25: 13.5 }, seq: 3 },
    ]);
    await publish(pub, topics.incidentEvents(root, 'fire'), {
      eventId: 'e-1',
      incidentId: 'inc-1',
      type: 'reported',
      ts: t0,
      category: 'structure_fire',
      severity: 4,
      lat: 37.7599,
      lon: -122.4148,
      title: 'Smoke from a roof',
    });
    await publish(pub, topics.incidentEvents(root, 'fire'), [
      { eventId: 'e-2', incidentId: 'inc-1', type: 'acknowledged', ts: t0 + 5000 },
      { eventId: 'e-3', incidentId: 'inc-1', type: 'assist_requested', ts: t0 + 6000, toDepartment: 'ems' },
    ]);

    const sensor = await eventually(async () => {
      const { body } = await getJson<SensorBody[]>(base, '/api/v1/sensors');
      const s = body.find((x) => x.sensorId === 'aq-1');
      return s?.latest.pm25?.value === 13.5 ? s : null;
    });
    expect(sensor.district).toBe('Mission');
    expect(sensor.simulated).toBe(true);
    expect(sensor.latest.no2?.value).toBe(20);

    const detail = await eventually(async () => {
      const { body } = await getJson<IncidentBody>(base, '/api/v1/incidents/inc-1');
      return body.incident?.eventCount === 3 ? body : null;
    });
    expect(detail.incident.status).toBe('acknowledged');
    expect(detail.incident.assisting).toEqual(['ems']);
    expect(detail.incident.district).toBe('Mission');
    expect(detail.timeline.map((e) => e.type)).toEqual(['reported', 'acknowledged', 'assist_requested']);

    // NOTE: t0 is a minute before the suite started; on a loaded machine the rollup job may claim t0's minute
    // between the first message's commit and the gateway's, and then the gateway's readings are late rows, in
    // the hourly buckets once the next rollup step has run, seconds later (docs/operations.md, late
    // readings). Seen in CI: 2 of 3 read at once.
    const buckets = await eventually(async () => {
      const { body } = await getJson<{ buckets: { count: number; avg: number }[] }>(
        base,
        `/api/v1/sensors/aq-1/readings?metric=pm25&from=${t0 - 60_000}&to=${t0 + 120_000}&bucket=3600`,
      );
      return body.buckets.reduce((n, b) => n + b.count, 0) === 3 ? body : null;
    });
    expect(buckets.buckets.reduce((n, b) => n + b.count, 0)).toBe(3);

    const pushedIncident = await eventually(async () =>
      live.messages.find(
        (m) =>
          m.type === 'changes' &&
          ((m.incidents ?? []) as { incidentId: string; status: string }[]).some(
            (i) => i.incidentId === 'inc-1',
          ),
      ),
    );
    expect(pushedIncident.v).toBe(2);
    const pushedReading = await eventually(async () =>
      live.messages.find(
        (m) =>
          m.type === 'changes' &&
          ((m.readings ?? []) as { sensorId: string }[]).some((r) => r.sensorId === 'aq-1'),
      ),
    );
    expect(pushedReading.v).toBe(2);
    // Every message carries its log position, and positions never go back.
    const seqs = live.messages.map((m) => m.seq as number);
    expect(seqs.every((seq, i) => Number.isSafeInteger(seq) && (i === 0 || seq >= seqs[i - 1]!))).toBe(true);
    live.close();
  });

  it('folds events that arrive out of order into the same state', async () => {
    await publish(pub, topics.incidentEvents(root, 'police'), [
      { eventId: 'o-3', incidentId: 'inc-ooo', type: 'handed_off', ts: t0 + 3000, toDepartment: 'transport' },
      { eventId: 'o-4', incidentId: 'inc-ooo', type: 'resolved', ts: t0 + 4000 },
    ]);
    await publish(pub, topics.incidentEvents(root, 'police'), {
      eventId: 'o-1',
      incidentId: 'inc-ooo',
      type: 'reported',
      ts: t0,
      category: 'collision',
      severity: 3,
      lat: 37.79,
      lon: -122.41,
      title: 'Two cars',
    });
    const detail = await eventually(async () => {
      const { body } = await getJson<IncidentBody>(base, '/api/v1/incidents/inc-ooo');
      return body.incident?.eventCount === 3 ? body : null;
    });
    expect(detail.incident.status).toBe('resolved');
    expect(detail.incident.department).toBe('transport');
    expect(detail.timeline.map((e) => e.eventId)).toEqual(['o-1', 'o-3', 'o-4']);
  });

  it('stores a replayed event id or reading once', async () => {
    const event = {
      eventId: 'dup-1',
      incidentId: 'inc-dup',
      type: 'reported',
      ts: t0,
      category: 'pothole',
      severity: 2,
      lat: 37.77,
      lon: -122.44,
      title: 'Hole',
    };
    const reading = { ts: t0 + 42_000, values: { pm25: 99 } };
    for (let i = 0; i < 3; i++) {
      await publish(pub, topics.incidentEvents(root, 'public-works'), event);
      await publish(pub, topics.sensorData(root, 'aq-dup'), reading);
    }
    await publish(pub, topics.incidentEvents(root, 'public-works'), {
      eventId: 'dup-2',
      incidentId: 'inc-dup',
      type: 'acknowledged',
      ts: t0 + 1,
    });
    const detail = await eventually(async () => {
      const { body } = await getJson<IncidentBody>(base, '/api/v1/incidents/inc-dup');
      return body.incident?.status === 'acknowledged' ? body : null;
    });
    expect(detail.timeline.map((e) => e.eventId)).toEqual(['dup-1', 'dup-2']);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_incident_events_duplicate_total [2-9]/);
    expect(metrics).toMatch(/twin_readings_duplicate_total [2-9]/);
  });

  it('dead-letters bad input with the reason and keeps storing the good message right after it', async () => {
    const before = (await getJson<DeadLetterBody>(base, '/api/v1/dead-letters')).body.total;
    await publish(pub, topics.sensorData(root, 'bad-1'), '{"ts": 1, "values": ');
    await publish(pub, topics.sensorData(root, 'good-1'), { ts: t0, values: { level: 1 } });
    await publish(pub, topics.sensorData(root, 'bad-2'), { ts: t0, values: { level: 'high' } });
    await publish(pub, topics.incidentEvents(root, 'fire'), {
      eventId: 'x',
      incidentId: 'y',
      type: 'dispatched',
      ts: t0,
    });
    await publish(pub, `${root}/v1/sensors/a/b/c`, { ts: t0, values: { a: 1 } });
    await publish(
      pub,
      topics.sensorData(root, 'big-1'),
      JSON.stringify({ ts: t0, values: { a: 1 }, pad: 'x'.repeat(5000) }),
    );
    await publish(pub, topics.sensorData(root, 'good-2'), { ts: t0, values: { level: 2 } });

    const letters = await eventually(async () => {
      const { body } = await getJson<DeadLetterBody>(base, '/api/v1/dead-letters');
      return body.total - before >= 5 ? body : null;
    });
    const reasons = letters.items.slice(0, 5).map((d) => d.reason);
    expect(reasons.some((r) => r.startsWith('payload: malformed JSON'))).toBe(true);
    expect(reasons.some((r) => r.includes('values.level: must be a number (got a string)'))).toBe(true);
    expect(reasons.some((r) => r.includes('unit: missing (a dispatched event needs it)'))).toBe(true);
    expect(reasons.some((r) => r.startsWith(`topic: must be ${root}/v1/sensors/{id}/data|meta|status`))).toBe(
      true,
    );
    expect(reasons.some((r) => r.includes('more than the limit of 4096 bytes'))).toBe(true);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/twin_messages_rejected_total [5-9]/);
    // The good messages around the bad ones were stored: register the sensors and read their latest values.
    for (const id of ['good-1', 'good-2']) {
      await publish(pub, topics.sensorMeta(root, id), {
        name: id,
        kind: 'level',
        department: 'water',
        lat: 37.78,
        lon: -122.4,
      });
    }
    const good = await eventually(async () => {
      const { body } = await getJson<SensorBody[]>(base, '/api/v1/sensors?department=water');
      return body.filter((s) => s.latest.level).length === 2 ? body : null;
    });
    expect(good.map((s) => s.latest.level?.value).sort()).toEqual([1, 2]);
  });
});
