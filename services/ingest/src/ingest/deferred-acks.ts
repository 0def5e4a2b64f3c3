/**
 * Acknowledge each QoS 1 message to the broker only after its commit, while many messages are in flight.
 *
 * NOTE: mqtt.js (5.16, pinned by test/deferred-acks.int.test.ts) handles incoming packets one at a time:
 * `handlePublish` calls `client.handleMessage(packet, cb)`; `cb()` sends the PUBACK and only then lets the
 * client process the next packet, while `cb(err)` skips the PUBACK and still moves on. Calling back after
 * the commit would allow one message per commit (~50 msg/s). So `handleMessage` submits the message and
 * answers `cb(DEFERRED)` at once, the client reads on, and the PUBACKs are written later on the client's
 * stream, in arrival order, once their commit has settled: all acks that settle together as one write
 * (see puback-frames.ts).
 * How many messages may wait unacknowledged is the broker's in-flight window: MQTT 5's receive maximum
 * (we ask for 65535), or the broker's setting for MQTT 3.1.1 (Mosquitto `max_inflight_messages 0`).
 *
 * A PUBACK belongs to one connection: when it drops, unsent acks are discarded and the broker delivers
 * those messages again on the resumed session; the writer is idempotent, so they count as duplicates.
 * Memory: while the writer holds more than its cap, `handleMessage` does not call back, mqtt.js stops
 * reading, and TCP pushes back on the broker.
 */

import type { MqttClient } from 'mqtt';
import { Fifo } from './fifo.js';
import { pubackFrames } from './puback-frames.js';

/** Passed to mqtt.js's handleMessage callback: "do not acknowledge now". */
const DEFERRED = Object.freeze(new Error('PUBACK deferred until the message is committed'));

/** Told once whether a message was committed (BatchWriter's Settlement fits). */
export interface AckSettlement {
  settled(outcome?: unknown): void;
  failed(err: Error): void;
}

/** What is done with a settled message: its ack is queued for the next flush. */
interface AckQueue {
  scheduleFlush(): void;
  log: { warn(obj: unknown, msg?: string): void };
}

/**
 * A QoS 1 message waiting for its commit, and the settlement the writer tells: one object per message
 * instead of a promise with its reactions (the single-reading hot path).
 */
class InFlight implements AckSettlement {
  done = false;
  committed = false;
  constructor(
    readonly messageId: number,
    readonly connection: number,
    private readonly topic: string,
    private readonly acks: AckQueue,
  ) {}

  settled(): void {
    this.committed = true;
    this.done = true;
    this.acks.scheduleFlush();
  }

  failed(err: Error): void {
    this.acks.log.warn({ err: err.message, topic: this.topic }, 'message not committed; not acknowledged');
    this.done = true;
    this.acks.scheduleFlush();
  }
}

/** QoS 0 messages are never acknowledged: nothing to do once they settle. */
const UNACKNOWLEDGED: AckSettlement = { settled() {}, failed() {} };

export interface DeferredAckOptions {
  /** Stores the message and tells `to` after its commit (or that it was not committed). */
  handle(topic: string, payload: Uint8Array | string, to: AckSettlement): void;
  /** A promise to wait for before reading the next packet (memory cap), or null to read on. */
  backpressure(): Promise<void> | null;
  log: { warn(obj: unknown, msg?: string): void };
}

export interface DeferredAcks {
  /** Messages received and not yet acknowledged. */
  inFlight(): number;
  /** Stops taking new messages: they stay unacknowledged and the broker keeps them. */
  pause(): void;
  /** Waits (at most timeoutMs) until every message taken has settled and its PUBACK is written. */
  drain(timeoutMs: number): Promise<void>;
}

export function installDeferredAcks(client: MqttClient, opts: DeferredAckOptions): DeferredAcks {
  const queue = new Fifo<InFlight>();
  let connection = 0;
  let paused = false;
  const drainWaiters: (() => void)[] = [];

  // NOTE: every (re)connection starts a new generation; acks of the previous one are never sent on it.
  client.on('connect', () => {
    connection++;
  });
  client.on('close', () => {
    connection++;
  });

  let flushScheduled = false;
  // NOTE: a batch's messages settle one by one in the same run; flushing once after that run writes all
  // their acks in one buffer instead of one write per message.
  const ackQueue: AckQueue = {
    scheduleFlush() {
      if (flushScheduled) return;
      flushScheduled = true;
      process.nextTick(flush);
    },
    log: opts.log,
  };
  const flush = () => {
    flushScheduled = false;
    const acks: number[] = [];
    while (queue.peek()?.done) {
      const head = queue.shift()!;
      if (head.committed && head.connection === connection) acks.push(head.messageId);
    }
    // NOTE: `connection` changes on close, so these acks all belong to the stream that is open now.
    if (acks.length > 0 && client.connected && client.stream.writable)
      client.stream.write(pubackFrames(acks));
    if (queue.length === 0) for (const wake of drainWaiters.splice(0)) wake();
  };

  client.handleMessage = (packet, callback) => {
    if (paused) return; // NOTE: never calling back stops the client reading: the broker keeps the rest.
    if (packet.qos === 1 && packet.messageId !== undefined) {
      const entry = new InFlight(packet.messageId, connection, packet.topic, ackQueue);
      queue.push(entry);
      opts.handle(packet.topic, packet.payload, entry);
    } else {
      opts.handle(packet.topic, packet.payload, UNACKNOWLEDGED);
    }
    const answer = packet.qos === 1 ? DEFERRED : undefined;
    const wait = opts.backpressure();
    if (!wait) return callback(answer);
    const proceed = () => callback(answer);
    wait.then(proceed, proceed);
  };

  return {
    inFlight: () => queue.length,
    pause: () => {
      paused = true;
    },
    drain: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (queue.length === 0) return resolve();
        const timer = setTimeout(resolve, timeoutMs);
        drainWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
