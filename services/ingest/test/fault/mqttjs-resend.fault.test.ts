/**
 * Pins the mqtt.js behaviour the fault tests' publisher relies on (mqtt 5.16.0): QoS 1 publishes that were
 * written to the socket but never acknowledged are re-sent from the outgoing store after a reconnect, with
 * clean sessions as well as persistent ones, and their callbacks fire once the new connection acknowledges.
 * Set-up: the broker is frozen (SIGSTOP) so it reads nothing, the messages are published, then the broker is
 * killed (its state is lost) and started again.
 */
import { randomUUID } from 'node:crypto';
import { describeWith, sleep, waitFor } from '@twin/test-kit';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OwnMosquitto, startOwnMosquitto } from './own-mosquitto.js';

const MESSAGES = 200;

describeWith(
  ['mosquitto'],
  'mqtt.js 5.16.0 re-sends unacknowledged QoS 1 publishes after a reconnect',
  () => {
    let broker: OwnMosquitto | undefined;
    const clients: MqttClient[] = [];

    beforeAll(async () => {
      broker = await startOwnMosquitto();
    });

    afterAll(async () => {
      for (const c of clients) await c.endAsync(true).catch(() => {});
      await broker?.destroy();
    });

    it.each([
      { clean: true, version: 4 as const },
      { clean: false, version: 4 as const },
      { clean: true, version: 5 as const },
    ])('clean=$clean, MQTT protocol $version', async ({ clean, version }) => {
      const b = broker!;
      const root = `resend${randomUUID().slice(0, 8)}`;
      const pub = mqtt.connect(b.url, {
        clientId: `fault-resend-${randomUUID().slice(0, 8)}`,
        clean,
        protocolVersion: version,
        reconnectPeriod: 300,
        connectTimeout: 3_000,
        keepalive: 60,
      });
      clients.push(pub);
      await new Promise<void>((r, j) => {
        pub.once('connect', () => r());
        pub.once('error', j);
      });

      b.pause();
      let acked = 0;
      const errors: string[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        pub.publish(`${root}/m/${i}`, `payload ${i}`, { qos: 1, retain: true }, (err) => {
          if (err) errors.push(err.message);
          else acked++;
        });
      }
      await sleep(700);
      expect(acked, 'a frozen broker acknowledged nothing').toBe(0);

      // The broker dies without saving anything: the publishes exist only in the client's outgoing store.
      await b.kill9();
      await b.start();
      await waitFor(
        { what: `all ${MESSAGES} publishes acknowledged by the restarted broker`, timeoutMs: 30_000 },
        async () => ({
          done: acked === MESSAGES,
          value: undefined,
          seen: `${acked} acknowledged, errors: ${errors.slice(0, 3).join(' | ') || 'none'}, connected=${pub.connected}`,
        }),
      );
      expect(errors).toEqual([]);

      // …and they really reached the new broker: every topic has its retained message.
      const sub = mqtt.connect(b.url, {
        clientId: `fault-resend-sub-${randomUUID().slice(0, 8)}`,
        clean: true,
      });
      clients.push(sub);
      const topicsSeen = new Set<string>();
      sub.on('message', (topic) => topicsSeen.add(topic));
      await new Promise<void>((r) => sub.once('connect', () => r()));
      await sub.subscribeAsync(`${root}/#`, { qos: 1 });
      await waitFor(
        { what: `${MESSAGES} retained messages at the restarted broker`, timeoutMs: 10_000 },
        async () => ({
          done: topicsSeen.size === MESSAGES,
          value: undefined,
          seen: `${topicsSeen.size} topics`,
        }),
      );
      await pub.endAsync();
      await sub.endAsync();
    });
  },
);
