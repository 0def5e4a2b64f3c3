import { type CityPack, loadCityPack } from '@twin/city/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './index.js';
import { SF_DIR } from './test-support.js';

let city: CityPack;
beforeAll(async () => {
  city = await loadCityPack(SF_DIR);
});

describe('startSimulator', () => {
  it('rejects nonsensical options before touching the network', async () => {
    const base = { mqttUrl: 'mqtt://127.0.0.1:1', city, fireCalls: [] };
    await expect(startSimulator({ ...base, timeScale: 0 })).rejects.toThrow(/timeScale/);
    await expect(startSimulator({ ...base, sensorCount: 2.5 })).rejects.toThrow(/sensorCount/);
    await expect(startSimulator({ ...base, incidentsPerMinute: -1 })).rejects.toThrow(/incidentsPerMinute/);
    await expect(startSimulator({ ...base, readingIntervalMs: 10 })).rejects.toThrow(/readingIntervalMs/);
  });

  it('gives up with a clear error when no broker answers', async () => {
    // NOTE: port 1 on loopback refuses connections, so this needs no broker and fails fast.
    await expect(
      startSimulator({ mqttUrl: 'mqtt://127.0.0.1:1', city, fireCalls: [], connectTimeoutMs: 300 }),
    ).rejects.toThrow(/could not connect to mqtt:\/\/127.0.0.1:1 within 300 ms/);
  });
});
