/**
 * A QoS 1 load publisher (mqtt.js 5) for fault tests. Publishes readings first … first+count-1 of a key
 * space, as single-reading messages on `{root}/v1/sensors/{id}/data` (perMessage 1) or as gateway messages
 * of perMessage readings on `{root}/v1/gateways/{gw}/data`, with at most maxInFlight unacknowledged messages.
 * It records, per reading, that it was handed to the client (published) and that the broker acknowledged
 * it (PUBACK).
 *
 * It survives broker restarts and service kills: mqtt.js reconnects, and (checked for 5.16.0, pinned by
 * mqttjs-resend.fault.test.ts) re-sends the unacknowledged QoS 1 publishes of its outgoing store on every
 * reconnect, whatever `clean` is. As a safety net a message still unacknowledged republishAfterMs after a
 * reconnect is published again (counted in stats.republished): duplicates are harmless, the service is
 * idempotent on (sensor, metric, ts).
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '@twin/test-kit';
import mqtt, { type MqttClient } from 'mqtt';
import type { Flags, KeySpace } from './reading-keys.js';
import { countFlags } from './reading-keys.js';

export interface LoadOptions {
  url: string;
  topicRoot: string;
  space: KeySpace;
  first?: number;
  count: number;
  /** 1 = one reading per message on the sensor topic; more = gateway messages. */
  perMessage?: number;
  /** Pad each gateway message with whitespace between items up to about this many bytes. */
  messageBytes?: number;
  maxInFlight?: number;
  /** Messages per second (default: as fast as acks allow). */
  rate?: number;
  /** Shared flag maps, so several loads of one test add to one record. */
  published?: Flags;
  acked?: Flags;
  republishAfterMs?: number;
  /** Start paused (call resume()). */
  paused?: boolean;
}

export interface LoadStats {
  messages: number;
  ackedMessages: number;
  bytes: number;
  connects: number;
  closes: number;
  republished: number;
  errors: string[];
}

export interface Load {
  client: MqttClient;
  published: Flags;
  acked: Flags;
  stats: LoadStats;
  /** Resolves when every message was handed to the client. */
  sent: Promise<void>;
  /** Resolves when every message was acknowledged (never rejects: use waitAcked for a bounded wait). */
  done: Promise<void>;
  publishedCount(): number;
  ackedCount(): number;
  pause(): void;
  resume(): void;
  waitAcked(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

interface InFlight {
  topic: string;
  payload: Buffer;
  first: number;
  n: number;
  sentAt: number;
  done: boolean;
}

export function buildPayload(
  space: KeySpace,
  first: number,
  n: number,
  perMessage: number,
  messageBytes: number,
  topicRoot: string,
): { topic: string; payload: Buffer } {
  const value = (i: number) => (i % 1000) + 0.25;
  if (perMessage === 1) {
    return {
      topic: `${topicRoot}/v1/sensors/${space.sensorOf(first)}/data`,
      payload: Buffer.from(JSON.stringify({ ts: space.tsOf(first), values: { v: value(first) } })),
    };
  }
  const items: string[] = [];
  for (let i = first; i < first + n; i++)
    items.push(JSON.stringify({ sensorId: space.sensorOf(i), ts: space.tsOf(i), values: { v: value(i) } }));
  const bare = items.reduce((s, x) => s + x.length, 2 + Math.max(0, items.length - 1));
  const padEach = items.length > 1 ? Math.max(0, Math.floor((messageBytes - bare) / (items.length - 1))) : 0;
  const text = `[${items.join(`,${' '.repeat(padEach)}`)}]`;
  return {
    topic: `${topicRoot}/v1/gateways/fgw-${Math.floor(first / n) % 50}/data`,
    payload: Buffer.from(text),
  };
}

export function startLoad(opts: LoadOptions): Load {
  const space = opts.space;
  const first = opts.first ?? 0;
  const perMessage = opts.perMessage ?? 1;
  const maxInFlight = opts.maxInFlight ?? 500;
  const republishAfterMs = opts.republishAfterMs ?? 20_000;
  if (first + opts.count > space.capacity) throw new Error('load exceeds the key space');
  const published = opts.published ?? new Uint8Array(space.capacity);
  const acked = opts.acked ?? new Uint8Array(space.capacity);
  const stats: LoadStats = {
    messages: 0,
    ackedMessages: 0,
    bytes: 0,
    connects: 0,
    closes: 0,
    republished: 0,
    errors: [],
  };
  const client = mqtt.connect(opts.url, {
    clientId: `fault-pub-${randomUUID().slice(0, 8)}`,
    clean: true,
    reconnectPeriod: 500,
    connectTimeout: 5_000,
    keepalive: 30,
  });
  let lastConnectAt = 0;
  client.on('connect', () => {
    stats.connects++;
    lastConnectAt = Date.now();
  });
  client.on('close', () => {
    stats.closes++;
  });
  client.on('error', (err) => {
    if (stats.errors.length < 20) stats.errors.push(err.message);
  });

  const inFlight = new Map<number, InFlight>();
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  let paused = opts.paused ?? false;
  let closed = false;
  let allAckedResolve: () => void = () => {};
  const done = new Promise<void>((r) => {
    allAckedResolve = r;
  });
  const totalMessages = Math.ceil(opts.count / perMessage);
  let sentAll = false;

  const send = (m: InFlight) => {
    m.sentAt = Date.now();
    client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
      if (err) {
        // A QoS 1 publish stays in the outgoing store across reconnects; an error here means the client was
        // ended (or the store failed). The republish timer below picks the message up again.
        if (stats.errors.length < 20) stats.errors.push(`publish: ${err.message}`);
        return;
      }
      if (m.done) return;
      m.done = true;
      for (let i = m.first; i < m.first + m.n; i++) acked[i] = 1;
      stats.ackedMessages++;
      inFlight.delete(m.first);
      notify();
      if (sentAll && inFlight.size === 0) allAckedResolve();
    });
  };

  const republisher = setInterval(() => {
    if (closed || !client.connected) return;
    const now = Date.now();
    for (const m of inFlight.values()) {
      if (!m.done && m.sentAt < lastConnectAt && now - lastConnectAt > republishAfterMs) {
        stats.republished++;
        send(m);
      }
    }
  }, 2_000);

  const sent = (async () => {
    const started = Date.now();
    for (let k = 0; k < totalMessages && !closed; k++) {
      while (!closed && (paused || inFlight.size >= maxInFlight)) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 200);
        });
      }
      if (closed) break;
      if (opts.rate) {
        const due = started + (k * 1000) / opts.rate;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      const start = first + k * perMessage;
      const n = Math.min(perMessage, first + opts.count - start);
      const { topic, payload } = buildPayload(
        space,
        start,
        n,
        perMessage,
        opts.messageBytes ?? 0,
        opts.topicRoot,
      );
      const m: InFlight = { topic, payload, first: start, n, sentAt: 0, done: false };
      inFlight.set(start, m);
      for (let i = start; i < start + n; i++) published[i] = 1;
      stats.messages++;
      stats.bytes += payload.length;
      send(m);
      // Let the event loop breathe (acks, sockets) every few messages.
      if (k % 64 === 63) await new Promise<void>((r) => setImmediate(r));
    }
    sentAll = true;
    if (inFlight.size === 0) allAckedResolve();
  })();

  const countRange = (flags: Flags) => countFlags(flags.subarray(first, first + opts.count));

  return {
    client,
    published,
    acked,
    stats,
    sent,
    done,
    publishedCount: () => countRange(published),
    ackedCount: () => countRange(acked),
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      notify();
    },
    async waitAcked(timeoutMs) {
      const ok = await Promise.race([done.then(() => true), sleep(timeoutMs).then(() => false)]);
      if (!ok) {
        throw new Error(
          `publisher: ${countRange(acked)} of ${opts.count} readings acknowledged after ${timeoutMs} ms ` +
            `(${stats.messages} of ${totalMessages} messages sent, ${inFlight.size} unacknowledged, connected=${client.connected}, ` +
            `connects=${stats.connects}, republished=${stats.republished}, errors: ${stats.errors.slice(-3).join(' | ') || 'none'})`,
        );
      }
    },
    async close() {
      closed = true;
      clearInterval(republisher);
      notify();
      await sent.catch(() => {});
      await new Promise<void>((r) => client.end(true, {}, () => r()));
    },
  };
}
