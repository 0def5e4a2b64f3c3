import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { assertPortsFree, plannedPorts } from './port-check.js';

describe('port check', () => {
  it("checks the HTTP port and the embedded broker's, not an external broker's or port 0", () => {
    expect(plannedPorts(loadConfig({})).map((p) => `${p.what}:${p.port}:${p.setting}`)).toEqual([
      'HTTP:8080:PORT',
      'MQTT:1883:MQTT_PORT',
    ]);
    expect(plannedPorts(loadConfig({ PORT: '0', MQTT_URL: 'mqtt://broker:1883' }))).toEqual([]);
  });

  it('names the port and the setting when one is taken', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      await expect(assertPortsFree(loadConfig({ PORT: '0', MQTT_PORT: String(port) }))).rejects.toThrow(
        `MQTT port ${port} on 127.0.0.1 is already in use (another copy of the service, or another program). Stop it, or set MQTT_PORT to a free port, or MQTT_URL to use the broker that is already there.`,
      );
    } finally {
      server.close();
    }
    await expect(
      assertPortsFree(loadConfig({ PORT: '0', MQTT_PORT: String(port) })),
    ).resolves.toBeUndefined();
  });
});
