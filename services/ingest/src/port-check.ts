/**
 * Are the ports the service will listen on free? Checked before anything starts (the embedded database takes
 * seconds to open), so a clash is one plain line naming the port and the setting, not an error after a
 * long start.
 */
import { createServer } from 'node:net';
import type { Config } from './config.js';
import { PortInUseError } from './embedded/embedded-broker.js';

export interface PlannedPort {
  what: string;
  port: number;
  host: string;
  /** The setting that changes it. */
  setting: string;
}

/** The fixed ports this configuration listens on (port 0 = any free port, nothing to check). */
export function plannedPorts(config: Config): PlannedPort[] {
  const ports: PlannedPort[] = [];
  if (config.port !== 0) ports.push({ what: 'HTTP', port: config.port, host: config.host, setting: 'PORT' });
  if (config.mqttUrl === null && config.mqttPort !== 0)
    ports.push({ what: 'MQTT', port: config.mqttPort, host: config.mqttHost, setting: 'MQTT_PORT' });
  return ports;
}

function tryListen({ port, host }: PlannedPort): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

export function portInUseMessage(planned: PlannedPort): string {
  const extra =
    planned.setting === 'MQTT_PORT' ? ', or MQTT_URL to use the broker that is already there' : '';
  return `${planned.what} port ${planned.port} on ${planned.host} is already in use (another copy of the service, or another program). Stop it, or set ${planned.setting} to a free port${extra}.`;
}

export async function assertPortsFree(config: Config): Promise<void> {
  for (const planned of plannedPorts(config)) {
    const err = await tryListen(planned);
    if (!err) continue;
    if (err.code === 'EADDRINUSE') throw new PortInUseError(portInUseMessage(planned));
    if (err.code === 'EACCES')
      throw new PortInUseError(
        `${planned.what} port ${planned.port} needs more privileges than this process has. Set ${planned.setting} to a port above 1023.`,
      );
    if (err.code === 'EADDRNOTAVAIL')
      throw new PortInUseError(
        `${planned.what} cannot listen on ${planned.host}: no such address on this machine. Check ${planned.setting === 'PORT' ? 'HOST' : 'MQTT_HOST'}.`,
      );
  }
}
