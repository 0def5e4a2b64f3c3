/**
 * The demo feed's publisher against a real broker: every publish settles, however many are asked for at once.
 * MQTT gives a session 65,535 QoS 1 packet ids; the feed used to hand mqtt.js every message at once, and past
 * that many unacknowledged ones the client reused ids still in use, so some publishes never settled. With
 * 50,000 sensors the start-up burst (a registration and a status each) did exactly that, and the feed then
 * shed every reading for good because its count of unacknowledged publishes never fell.
 */
import { randomUUID } from 'node:crypto';
import { connectPublisher, MAX_OUTSTANDING } from '@twin/demo-feed';
import { describe, expect, it } from 'vitest';

const url = process.env.MQTT_URL;
const MESSAGES = 70_000; // more than the 65,535 packet ids of one MQTT session

(url ? describe : describe.skip)(
  url ? 'the demo feed publisher' : 'the demo feed publisher (skipped: set MQTT_URL to a real broker)',
  () => {
    it(`settles all of ${MESSAGES} publishes asked for at once, with at most ${MAX_OUTSTANDING} handed to the client`, async () => {
      const warnings: string[] = [];
      const publisher = await connectPublisher({
        url: url!,
        clientId: `demo-publisher-test-${randomUUID().slice(0, 8)}`,
        connectTimeoutMs: 10_000,
        logger: { info: () => undefined, warn: (m) => warnings.push(m) },
      });
      try {
        // Nobody subscribes to this root: the broker acknowledges and discards.
        const topic = `publisher-test-${randomUUID().slice(0, 8)}/v1/readings/s1`;
        const all = Array.from({ length: MESSAGES }, (_, i) =>
          publisher.publish({ topic, payload: `{"i":${i}}`, retain: false, kind: 'readings', items: 1 }),
        );
        expect(publisher.inFlight()).toBe(MESSAGES);
        await Promise.all(all);
        expect(publisher.counters.messagesPublished).toBe(MESSAGES);
        expect(publisher.counters.readingsPublished).toBe(MESSAGES);
        expect(publisher.counters.failed).toBe(0);
        expect(publisher.inFlight()).toBe(0);
        expect(warnings).toEqual([]);
      } finally {
        await publisher.end();
      }
    }, 180_000);
  },
);
