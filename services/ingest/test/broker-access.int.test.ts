/**
 * Who may publish and subscribe, through the real service (runtime.ts) and its embedded broker: the admin
 * API issues credentials, a refused publish is dead-lettered with its reason and acknowledged (never
 * routed, and never a reason for the device to be stuck re-sending it), anonymous clients are limited to
 * data and incident events on a loopback broker and refused on any other address.
 */
import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectPublisher,
  eventually,
  getJson,
  publish,
  startStack,
  type TestStack,
  targets,
} from './harness.js';

interface DeadLetters {
  items: { topic: string; reason: string }[];
}

async function admin<T>(stack: TestStack, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.runtime.url}/api/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.runtime.adminToken.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

function connect(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, ...options });
    client.once('connect', () => resolve(client));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
  });
}

async function deadLetterFor(stack: TestStack, topic: string) {
  return eventually(async () => {
    const { body } = await getJson<DeadLetters>(stack.runtime.url, '/api/v1/dead-letters?limit=1000');
    return body.items.find((d) => d.topic === topic);
  });
}

describe('broker access through the service (embedded broker on loopback)', () => {
  let stack: TestStack;
  let root: string;

  beforeAll(async () => {
    stack = await startStack(targets()[0]!);
    root = stack.topicRoot;
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('lets anonymous clients publish data, acknowledged once stored', async () => {
    const anon = await connect(stack.runtime.mqttUrl);
    await anon.publishAsync(
      topics.sensorData(root, 'anon-1'),
      JSON.stringify({ ts: Date.now(), values: { v: 7 } }),
      {
        qos: 1,
      },
    );
    // NOTE: the PUBACK came after the commit, so the reading is there already, without waiting.
    const { rows } = await stack.runtime.pool.query("select value from readings where sensor_id = 'anon-1'");
    expect(rows.map((r) => r.value)).toEqual([7]);
    await anon.endAsync();
  });

  it('dead-letters an anonymous retained registration instead of moving the sensor, and the client goes on', async () => {
    const anon = await connect(stack.runtime.mqttUrl);
    const topic = topics.sensorMeta(root, 'anon-meta');
    await anon.publishAsync(
      topic,
      JSON.stringify({
        name: 'forged',
        kind: 'air_quality',
        department: 'environment',
        lat: 37.7,
        lon: -122.4,
      }),
      { qos: 1, retain: true },
    );
    const letter = await deadLetterFor(stack, topic);
    expect(letter.reason).toMatch(
      /^refused by the broker: anonymous clients may not publish retained messages/,
    );
    expect((await getJson(stack.runtime.url, '/api/v1/sensors/anon-meta')).status).toBe(404);
    // the same connection is still usable: nothing is stuck behind the refused message
    await anon.publishAsync(
      topics.sensorData(root, 'anon-2'),
      JSON.stringify({ ts: Date.now(), values: { v: 1 } }),
      {
        qos: 1,
      },
    );
    expect(anon.connected).toBe(true);
    await anon.endAsync();
  });

  it('refuses anonymous subscriptions and the reserved ingest client id', async () => {
    const anon = await connect(stack.runtime.mqttUrl);
    const granted = await anon.subscribeAsync(`${root}/v1/#`, { qos: 1 }).catch((err) => err.packet?.granted);
    expect(JSON.stringify(granted)).toContain('128');
    await anon.endAsync();
    await expect(connect(stack.runtime.mqttUrl, { clientId: stack.config.ingestClientId })).rejects.toThrow(
      /Identifier rejected/i,
    );
    await expect(connect(stack.runtime.mqttUrl, { clientId: 'twin-ingest-anything' })).rejects.toThrow(
      /Identifier rejected/i,
    );
  });

  it('issues credentials through the admin API, and a sensor may publish only its own topics', async () => {
    expect((await fetch(`${stack.runtime.url}/api/v1/admin/mqtt-credentials`)).status).toBe(401);
    const id = `acl-${randomUUID().slice(0, 6)}`;
    const issued = await admin<{ username: string; password: string }>(stack, 'POST', '/mqtt-credentials', {
      kind: 'sensor',
      scope: id,
    });
    expect(issued.status).toBe(201);
    const sensor = await connectPublisher(stack.runtime.mqttUrl, issued.body);
    await publish(
      sensor,
      topics.sensorMeta(root, id),
      { name: 'Own', kind: 'water_level', department: 'water', lat: 37.77, lon: -122.42 },
      true,
    );
    await publish(sensor, topics.sensorData(root, id), { ts: Date.now(), values: { level: 1.1 } });
    const other = topics.sensorData(root, `${id}-other`);
    await publish(sensor, other, { ts: Date.now(), values: { level: 9 } });
    const letter = await deadLetterFor(stack, other);
    expect(letter.reason).toContain(`sensor "${id}" may only publish to ${root}/v1/sensors/${id}/data`);
    const own = await getJson<{ latest: Record<string, { value: number }> }>(
      stack.runtime.url,
      `/api/v1/sensors/${id}`,
    );
    expect(own.body.latest.level?.value).toBe(1.1);
    expect((await getJson(stack.runtime.url, `/api/v1/sensors/${id}-other`)).status).toBe(404);

    // revoked: the open connection is closed and the password no longer works
    const closed = new Promise<void>((r) => sensor.once('close', () => r()));
    expect(
      (await admin(stack, 'DELETE', `/mqtt-credentials/${encodeURIComponent(issued.body.username)}`)).status,
    ).toBe(204);
    await closed;
    sensor.end(true);
    await expect(connect(stack.runtime.mqttUrl, issued.body)).rejects.toThrow(/Bad username or password/i);
  });

  it('counts refusals and every received message adds up', async () => {
    const text = await (await fetch(`${stack.runtime.url}/metrics`)).text();
    const sum = (name: string) =>
      [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce(
        (s, m) => s + Number(m[1]),
        0,
      );
    expect(sum('twin_mqtt_refused_total')).toBeGreaterThanOrEqual(3);
    expect(sum('twin_messages_received_total')).toBe(
      sum('twin_messages_stored_total') +
        sum('twin_messages_duplicate_total') +
        sum('twin_messages_rejected_total') +
        sum('twin_messages_pending'),
    );
  });
});

describe('an embedded broker that listens beyond this machine', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack(targets()[0]!, { env: { MQTT_HOST: '0.0.0.0' } });
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('refuses anonymous clients, and accepts credentials', async () => {
    await expect(connect(stack.runtime.mqttUrl)).rejects.toThrow(/Not authorized/i);
    const client = await connect(stack.runtime.mqttUrl, stack.credentials!);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });
});
