/** The simulator's only network IO: one mqtt.js client publishing at QoS 1, with counters of what was acked. */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { OutMessage } from './messages.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface PublisherCounters {
  messagesPublished: number;
  readingsPublished: number;
  incidentEventsPublished: number;
  failed: number;
}

export interface Publisher {
  publish(message: OutMessage): Promise<void>;
  /** Waits (up to `graceMs`) for unacknowledged publishes, then disconnects. */
  end(graceMs?: number): Promise<void>;
  readonly counters: PublisherCounters;
  /** Messages not yet acknowledged by the broker: handed to the client, or waiting their turn. */
  inFlight(): number;
}

export interface PublisherOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  connectTimeoutMs: number;
  logger: Logger;
}

/** Publishes handed to mqtt.js at once: well below the 65,535 QoS 1 packet ids an MQTT session has. */
export const MAX_OUTSTANDING = 10_000;

/** Resolves once connected; mqtt.js keeps reconnecting after that and queues QoS 1 publishes meanwhile. */
export async function connectPublisher(opts: PublisherOptions): Promise<Publisher> {
  const clientOptions: IClientOptions = {
    clientId: opts.clientId,
    ...(opts.username !== undefined ? { username: opts.username } : {}),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: Math.min(opts.connectTimeoutMs, 30_000),
  };
  const client: MqttClient = mqtt.connect(opts.url, clientOptions);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      client.end(true);
      reject(new Error(`could not connect to ${opts.url} within ${opts.connectTimeoutMs} ms`));
    }, opts.connectTimeoutMs);
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => opts.logger.warn(`mqtt: ${err.message}`);
    const cleanup = () => {
      clearTimeout(timer);
      client.off('connect', onConnect);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
  });
  let connected = true;
  client.on('offline', () => {
    if (connected) opts.logger.warn(`mqtt: lost the connection to ${opts.url}, reconnecting`);
    connected = false;
  });
  client.on('connect', () => {
    if (!connected) opts.logger.info(`mqtt: reconnected to ${opts.url}`);
    connected = true;
  });

  const counters: PublisherCounters = {
    messagesPublished: 0,
    readingsPublished: 0,
    incidentEventsPublished: 0,
    failed: 0,
  };
  const pending = new Set<Promise<void>>();
  // NOTE: at most MAX_OUTSTANDING publishes are handed to mqtt.js at a time; the rest wait here in order.
  // QoS 1 packet ids are 16-bit: past 65,535 unacknowledged publishes mqtt.js hands out an id still in use,
  // and the first publish's promise never settles — with 50,000 sensors the start-up burst (a registration
  // and a status each) left ~35,000 promises pending for good, and the feed shed every reading from then on.
  const waiting: Array<() => void> = [];
  let waitingHead = 0;
  let outstanding = 0;
  const release = () => {
    outstanding -= 1;
    if (waitingHead < waiting.length) {
      const next = waiting[waitingHead]!;
      waiting[waitingHead++] = () => undefined; // let it be collected
      if (waitingHead === waiting.length) {
        waiting.length = 0;
        waitingHead = 0;
      }
      next();
    }
  };
  const send = (message: OutMessage): Promise<void> => {
    outstanding += 1;
    return client
      .publishAsync(message.topic, message.payload, { qos: 1, retain: message.retain })
      .then(() => {
        // Counted on PUBACK, so the stats say what the broker accepted, not what we meant to send.
        counters.messagesPublished += 1;
        if (message.kind === 'readings') counters.readingsPublished += message.items;
        if (message.kind === 'incident-events') counters.incidentEventsPublished += message.items;
      })
      .catch((err: Error) => {
        counters.failed += 1;
        opts.logger.warn(`mqtt: publish to ${message.topic} failed: ${err.message}`);
      })
      .finally(release);
  };

  const publish = (message: OutMessage): Promise<void> => {
    const p =
      outstanding < MAX_OUTSTANDING
        ? send(message)
        : new Promise<void>((resolve) => waiting.push(() => void send(message).then(resolve)));
    const tracked = p.finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  };

  const end = async (graceMs = 5000): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...pending]).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut)
      opts.logger.warn(`mqtt: ${pending.size} publishes still unacknowledged at stop; dropping them`);
    await client.endAsync(timedOut);
  };

  return { publish, end, counters, inFlight: () => pending.size };
}
