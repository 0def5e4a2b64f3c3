/**
 * Ingest from an external broker (MQTT_URL): only IO. Subscribes to contract v1 at QoS 1 with a persistent
 * session (optionally as a shared subscription so several instances split the stream) and acknowledges
 * each message only after its commit (deferred-acks.ts). The embedded broker does not use this: it hands
 * messages over in-process (embedded/embedded-broker.ts).
 */
import { topics } from '@twin/domain';
import mqtt, { type MqttClient } from 'mqtt';
import { type AckSettlement, installDeferredAcks } from './deferred-acks.js';

export interface MqttIngestOptions {
  url: string;
  topicRoot: string;
  shareGroup: string | null;
  clientId: string;
  username: string | null;
  password: string | null;
  /** 5 (default: receive maximum, session expiry) or 4 for MQTT 3.1.1-only brokers. */
  protocolVersion: 4 | 5;
  /** How long the broker keeps our session (and the messages queued for it) while we are away. */
  sessionExpiryS: number;
  /** Stores the message and tells `to` after its commit (deferred-acks.ts). */
  handle(topic: string, payload: Uint8Array | string, to: AckSettlement): void;
  backpressure(): Promise<void> | null;
  log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export interface MqttIngest {
  client: MqttClient;
  connected(): boolean;
  /** Stops taking messages, acknowledges what commits within graceMs, then disconnects. */
  close(graceMs?: number): Promise<void>;
}

/** The largest in-flight window MQTT 5 allows: the broker may send this many before our PUBACKs. */
const RECEIVE_MAXIMUM = 65_535;

export async function startMqttIngest(opts: MqttIngestOptions): Promise<MqttIngest> {
  const filter = opts.shareGroup
    ? `$share/${opts.shareGroup}/${topics.all(opts.topicRoot)}`
    : topics.all(opts.topicRoot);
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    ...(opts.username !== null ? { username: opts.username } : {}),
    ...(opts.password !== null ? { password: opts.password } : {}),
    // NOTE: a persistent session keeps QoS 1 messages queued at the broker while we restart.
    clean: false,
    protocolVersion: opts.protocolVersion,
    ...(opts.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: opts.sessionExpiryS, receiveMaximum: RECEIVE_MAXIMUM } }
      : {}),
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    // NOTE: mqtt.js would otherwise re-send our own queued packets (none: we only subscribe) and could
    // replay a PUBACK of an old connection on a new one; deferred-acks.ts sends acks only when connected.
    queueQoSZero: false,
    // NOTE: mqtt.js logs about ten lines per received packet through `debug`; each costs a call even when
    // switched off (~1 % of the service's time in the single-reading bench). DEBUG=mqttjs* still shows them.
    ...(process.env.DEBUG?.includes('mqttjs') ? {} : { log: () => {} }),
  });
  const acks = installDeferredAcks(client, {
    handle: opts.handle,
    backpressure: opts.backpressure,
    log: opts.log,
  });
  client.on('error', (err) => opts.log.warn({ err: err.message }, 'mqtt error'));
  client.on('reconnect', () => opts.log.info({ url: opts.url }, 'mqtt reconnecting'));
  const subscribe = () =>
    new Promise<void>((resolve) => {
      client.subscribe(filter, { qos: 1 }, (err, granted) => {
        if (err) opts.log.warn({ err: err.message }, 'mqtt subscribe failed');
        else if (granted?.some((g) => g.qos !== 1))
          opts.log.warn({ filter, granted }, 'the broker refused the ingest subscription (check its ACL)');
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
    async close(graceMs = 10_000) {
      acks.pause();
      await acks.drain(graceMs);
      await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}
