/**
 * The embedded MQTT broker (Aedes, MQTT 3.1.1) for the zero-install default. Production points MQTT_URL
 * elsewhere.
 *
 * NOTE: Aedes acknowledges a QoS 1 PUBLISH to the device right after its `authorizePublish` hook and keeps
 * messages only in memory. Had the ingest subscribed like any client, a crash of this process (broker and
 * ingest die together) would lose what Aedes had acknowledged and the database had not committed. So the
 * hook itself hands each authorized message to the ingest and calls back only after the commit: the
 * device's PUBACK means "stored". Aedes handles the packets of one socket read concurrently, so a device
 * still has many messages in flight, and an outage simply leaves them unacknowledged at the device.
 */

import { createServer, type Server } from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';
import { StartupError } from '../startup-error.js';

export interface EmbeddedBroker {
  url: string;
  port: number;
  aedes: Aedes;
  close(): Promise<void>;
}

/** A port another program holds. */
export class PortInUseError extends StartupError {}

/** The hooks that authenticate, authorize and ingest (broker-auth/aedes-hooks.ts). */
export type BrokerHooks = Pick<
  AedesOptions,
  'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'
>;

export interface EmbeddedBrokerOptions {
  port: number;
  host: string;
  hooks: BrokerHooks;
}

/** Is this listen address reachable only from this machine? */
export function isLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ ...opts.hooks });
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new PortInUseError(
            `MQTT port ${opts.port} is already in use (another broker?). Set MQTT_PORT to a free port, or MQTT_URL to use that broker.`,
          ),
        );
      } else reject(err);
    });
    server.listen(opts.port, opts.host, () => resolveListen());
  });
  const actualPort = (server.address() as { port: number }).port;
  const urlHost = opts.host.includes(':')
    ? `[${opts.host}]`
    : opts.host === '0.0.0.0'
      ? '127.0.0.1'
      : opts.host;
  return {
    url: `mqtt://${urlHost}:${actualPort}`,
    port: actualPort,
    aedes,
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
