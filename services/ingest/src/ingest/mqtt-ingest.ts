/**
 * The MQTT side of ingestion: only IO. Subscribes to contract v1 with QoS 1 (optionally as a shared
 * subscription so several instances split the stream) and passes every message to the handler.
 *
 * NOTE: mqtt.js acks a QoS 1 message when handleMessage calls back, and processes the next packet only
 * after that. We call back right after the message is queued (not after commit) so batching works; when
 * the writer's queue is above the high-water mark we wait for the commit, which slows the broker down
 * instead of growing memory without bound. Acking strictly after commit is roadmap item 1.
 */
import { topics } from '@twin/domain';
import mqtt, { type MqttClient } from 'mqtt';

export interface MqttIngestOptions {
  url: string;
  topicRoot: string;
  shareGroup: string | null;
  clientId: string;
  /** 5 for real brokers (receive maximum, session expiry); Aedes, the embedded broker, speaks only 3.1.1 (4). */
  protocolVersion: 4 | 5;
  handle(topic: string, payload: Uint8Array): Promise<void>;
  pendingRecords(): number;
  highWaterRecords: number;
  log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export interface MqttIngest {
  client: MqttClient;
  connected(): boolean;
  close(): Promise<void>;
}

export async function startMqttIngest(opts: MqttIngestOptions): Promise<MqttIngest> {
  const filter = opts.shareGroup
    ? `$share/${opts.shareGroup}/${topics.all(opts.topicRoot)}`
    : topics.all(opts.topicRoot);
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    // NOTE: a persistent session keeps QoS 1 messages queued at the broker while we restart.
    clean: false,
    protocolVersion: opts.protocolVersion,
    ...(opts.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: 3600, receiveMaximum: 65535 } }
      : {}),
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  client.handleMessage = (packet, done) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const committed = opts.handle(packet.topic, payload);
    if (opts.pendingRecords() > opts.highWaterRecords) {
      committed.then(() => done(), done);
    } else {
      // The writer never rejects except on shutdown; the promise is observed to avoid an unhandled rejection.
      committed.catch(() => {});
      done();
    }
  };
  client.on('error', (err) => opts.log.warn({ err: err.message }, 'mqtt error'));
  client.on('reconnect', () => opts.log.info({ url: opts.url }, 'mqtt reconnecting'));
  const subscribe = () =>
    new Promise<void>((resolve) => {
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) opts.log.warn({ err: err.message }, 'mqtt subscribe failed');
        resolve();
      });
    });
  // A resumed session keeps its subscription; subscribing again on every connect is harmless and covers a
  // broker that lost its state.
  client.on('connect', () => {
    opts.log.info({ filter }, 'mqtt connected');
    void subscribe();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(new Error(`could not connect to MQTT broker ${opts.url} within 15 s`));
    }, 15_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  // Start returns only once the subscription is acknowledged, so nothing published after start is missed.
  await subscribe();
  return {
    client,
    connected: () => client.connected,
    close: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}
