/**
 * One MQTT 3.1.1 publish over a plain TCP socket, byte for byte: for what a well-behaved client library
 * refuses to send (a topic that is not valid UTF-8, a NUL or a wildcard in a topic). Packets are built with
 * `mqtt-packet` (`generate`) and answers read with its parser. mqtt-packet is not a dependency of this
 * package but of `mqtt` (same version Aedes uses, 9.0.2 here): it is resolved from mqtt's own location, so
 * nothing is added to package.json.
 *
 * Every call is a fresh, throw-away connection: CONNECT, wait for CONNACK, PUBLISH, then wait for the PUBACK
 * (QoS 1) or, for QoS 0, for the PINGRESP to a PINGREQ sent right after it, or for the broker to close the
 * connection. The outcome says which happened; nothing is retried.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { connect as netConnect } from 'node:net';

/** The parts of mqtt-packet used here (its own types are not resolvable from this package). */
interface MqttPacketModule {
  generate(packet: Record<string, unknown>, opts?: { protocolVersion: number }): Buffer;
  parser(opts?: { protocolVersion: number }): {
    parse(chunk: Buffer): number;
    on(event: 'packet', fn: (packet: { cmd: string; returnCode?: number; messageId?: number }) => void): void;
    on(event: 'error', fn: (err: Error) => void): void;
  };
}

const requireHere = createRequire(import.meta.url);
const mqttPacket = createRequire(requireHere.resolve('mqtt'))('mqtt-packet') as MqttPacketModule;

export interface RawPublish {
  host?: string;
  port: number;
  /** At most 23 characters (Aedes's default limit); a random one by default. */
  clientId?: string;
  username?: string;
  password?: string;
  /** A string is sent as UTF-8; a Buffer exactly as it is. */
  topic: string | Buffer;
  payload: Buffer;
  qos: 0 | 1;
  retain?: boolean;
  /** For the CONNACK and for the answer to the publish. Default 20 s. */
  timeoutMs?: number;
}

export type RawOutcomeKind =
  /** QoS 1: the broker acknowledged the publish. QoS 0: it answered the PINGREQ sent after it. */
  | 'acked'
  /** The broker closed the connection after the publish, without acknowledging it. */
  | 'closed'
  /** The broker refused the CONNECT (connack holds the return code) or closed before the CONNACK. */
  | 'connect-refused'
  | 'timeout';

export interface RawOutcome {
  kind: RawOutcomeKind;
  connack: number | null;
  ms: number;
  /** Socket or parser error, if any. */
  error: string | null;
}

const MESSAGE_ID = 1;

export function rawPublish(opts: RawPublish): Promise<RawOutcome> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 20_000;
  return new Promise<RawOutcome>((resolve) => {
    const socket = netConnect({ host: opts.host ?? '127.0.0.1', port: opts.port });
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let connack: number | null = null;
    let published = false;
    let error: string | null = null;
    let settled = false;
    const finish = (kind: RawOutcomeKind) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ kind, connack, ms: Date.now() - started, error });
      socket.destroy();
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);

    parser.on('packet', (packet) => {
      if (packet.cmd === 'connack') {
        connack = packet.returnCode ?? null;
        if (connack !== 0) {
          finish('connect-refused');
          return;
        }
        published = true;
        const publish = mqttPacket.generate({
          cmd: 'publish',
          topic: opts.topic,
          payload: opts.payload,
          qos: opts.qos,
          retain: opts.retain === true,
          dup: false,
          ...(opts.qos > 0 ? { messageId: MESSAGE_ID } : {}),
        });
        socket.write(publish);
        if (opts.qos === 0) socket.write(mqttPacket.generate({ cmd: 'pingreq' }));
        return;
      }
      if (packet.cmd === 'puback' && packet.messageId === MESSAGE_ID && opts.qos === 1) finish('acked');
      if (packet.cmd === 'pingresp' && opts.qos === 0) finish('acked');
    });
    parser.on('error', (err) => {
      error = `parser: ${err.message}`;
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('error', (err) => {
      error = err.message;
    });
    socket.on('close', () => finish(published ? 'closed' : 'connect-refused'));
    socket.on('connect', () => {
      socket.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: true,
          clientId: opts.clientId ?? `raw-${randomUUID().slice(0, 8)}`,
          keepalive: 30,
          ...(opts.username !== undefined ? { username: opts.username } : {}),
          ...(opts.password !== undefined ? { password: Buffer.from(opts.password) } : {}),
        }),
      );
    });
  });
}
