/**
 * Pins the mqtt.js behaviour that acknowledging after commit relies on (ingest/deferred-acks.ts): many
 * messages in flight while none is acknowledged, a PUBACK only once the message's commit settles, nothing
 * acknowledged on a later connection, and reading stopped while the writer is over its memory cap.
 * "Not acknowledged" is observed the way it matters: the broker delivers the message again to the resumed
 * session. Runs against Aedes (MQTT 3.1.1, in-process) and, when MQTT_URL is set, that broker over MQTT 5.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDeferredAcks } from '../src/ingest/deferred-acks.js';
import { eventually } from './harness.js';

interface Broker {
  name: string;
  url: string;
  protocolVersion: 4 | 5;
  close(): Promise<void>;
}

async function startAedes(): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    name: 'Aedes (MQTT 3.1.1)',
    url: `mqtt://127.0.0.1:${port}`,
    protocolVersion: 4,
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const log = { warn: () => {} };
const silent = () => {};

/** A subscriber whose commits the test controls: `release(i)` commits message i. */
async function subscriber(
  broker: Broker,
  clientId: string,
  root: string,
  opts: { autoCommit?: boolean; cap?: () => Promise<void> | null } = {},
) {
  const client = mqtt.connect(broker.url, {
    clientId,
    clean: false,
    protocolVersion: broker.protocolVersion,
    ...(broker.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: 600, receiveMaximum: 65535 } }
      : {}),
    reconnectPeriod: 200,
  });
  client.on('error', silent);
  const seen: number[] = [];
  const gates = new Map<number, () => void>();
  installDeferredAcks(client, {
    handle: (_topic, payload, to) => {
      const i = Number(Buffer.from(payload).toString());
      seen.push(i);
      if (opts.autoCommit) queueMicrotask(() => to.settled());
      else gates.set(i, () => to.settled());
    },
    backpressure: opts.cap ?? (() => null),
    log,
  });
  await new Promise<void>((r) => client.once('connect', () => r()));
  await client.subscribeAsync(`${root}/#`, { qos: 1 });
  return {
    client,
    seen,
    release: (i: number) => gates.get(i)?.(),
    async end(force = false) {
      await new Promise<void>((r) => client.end(force, {}, () => r()));
    },
  };
}

async function publishAll(broker: Broker, root: string, count: number): Promise<void> {
  const pub: MqttClient = await mqtt.connectAsync(broker.url, {
    clientId: `pub-${randomUUID().slice(0, 8)}`,
  });
  await Promise.all(
    Array.from({ length: count }, (_, i) => pub.publishAsync(`${root}/m`, String(i), { qos: 1 })),
  );
  await pub.endAsync();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function brokers(): { name: string; start?: () => Promise<Broker>; skip?: string }[] {
  const list: { name: string; start?: () => Promise<Broker>; skip?: string }[] = [
    { name: 'Aedes (MQTT 3.1.1)', start: startAedes },
  ];
  const url = process.env.MQTT_URL;
  if (url)
    list.push({
      name: 'the MQTT_URL broker (MQTT 5)',
      start: async () => ({ name: 'MQTT_URL', url, protocolVersion: 5, close: async () => {} }),
    });
  else if (process.env.CI === 'true') throw new Error('CI=true but MQTT_URL is not set');
  else list.push({ name: 'an MQTT 5 broker', skip: 'set MQTT_URL to run against a real MQTT 5 broker' });
  return list;
}

for (const spec of brokers()) {
  describe.skipIf(spec.skip !== undefined)(
    `deferred PUBACKs on ${spec.name}${spec.skip ? ` (skipped: ${spec.skip})` : ''}`,
    () => {
      let broker: Broker;
      beforeAll(async () => {
        broker = await spec.start!();
      });
      afterAll(async () => {
        await broker?.close();
      });

      it('keeps many messages in flight and acknowledges only those whose commit settled', async () => {
        const root = `da${randomUUID().slice(0, 8)}`;
        const id = `da-sub-${randomUUID().slice(0, 8)}`;
        const first = await subscriber(broker, id, root);
        await publishAll(broker, root, 200);
        // every message reaches the writer while none is committed: they are all in flight at once
        await eventually(async () => first.seen.length === 200, 20_000);
        for (let i = 0; i < 100; i++) first.release(i);
        await sleep(500); // the PUBACKs of 0..99 go out
        await first.end(true);

        // the resumed session gets exactly the messages that were never committed
        const second = await subscriber(broker, id, root, { autoCommit: true });
        await eventually(async () => second.seen.length >= 100, 20_000);
        await sleep(500);
        expect([...second.seen].sort((a, b) => a - b)).toEqual(
          Array.from({ length: 100 }, (_, i) => 100 + i),
        );
        await second.end();

        // and once those are committed and acknowledged, nothing is left
        const third = await subscriber(broker, id, root, { autoCommit: true });
        await sleep(1000);
        expect(third.seen).toEqual([]);
        await third.end();
      });

      it('never sends a PUBACK of an earlier connection on a later one', async () => {
        const root = `da${randomUUID().slice(0, 8)}`;
        const id = `da-sub-${randomUUID().slice(0, 8)}`;
        const sub = await subscriber(broker, id, root);
        await publishAll(broker, root, 20);
        await eventually(async () => sub.seen.length === 20, 20_000);
        // drop the connection under mqtt.js's feet: it reconnects the same client and the session resumes
        const reconnected = new Promise<void>((r) => sub.client.once('connect', () => r()));
        (sub.client as unknown as { stream: { destroy(): void } }).stream.destroy();
        await reconnected;
        await eventually(async () => sub.seen.length >= 40, 20_000); // all 20 delivered again
        // commits of the first delivery settle now: their acks belong to the dead connection and are dropped
        for (let i = 0; i < 20; i++) sub.release(i);
        await sleep(500);
        await sub.end(true);
        const check = await subscriber(broker, id, root, { autoCommit: true });
        await eventually(async () => check.seen.length >= 20, 20_000);
        expect(new Set(check.seen).size).toBe(20);
        await check.end();
      });

      it('stops reading while the writer is over its memory cap, and reads on when it is not', async () => {
        const root = `da${randomUUID().slice(0, 8)}`;
        let open: (() => void) | null = null;
        const capReached = new Promise<void>((r) => {
          open = r;
        });
        let handled = 0;
        const sub = await subscriber(broker, `da-sub-${randomUUID().slice(0, 8)}`, root, {
          autoCommit: true,
          cap: () => (++handled >= 10 && open ? capReached : null),
        });
        await publishAll(broker, root, 100);
        await sleep(1000);
        expect(sub.seen.length).toBe(10);
        open!();
        open = null;
        await eventually(async () => sub.seen.length === 100, 20_000);
        await sub.end();
      });
    },
  );
}
