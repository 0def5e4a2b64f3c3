/**
 * `pnpm start`'s entry point as a real process: it prints the URL, answers, stops cleanly on Ctrl-C (SIGINT)
 * and a second start finds the data of the first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { topics } from '@twin/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPublisher, eventually, getJson, publish } from './harness.js';

const MAIN = resolve(import.meta.dirname, '../src/main.ts');

interface Started {
  child: ChildProcess;
  url: string;
  mqttUrl: string;
  output: () => string;
}

async function startMain(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      MQTT_PORT: '0',
      DATA_DIR: dataDir,
      SIMULATOR: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const banner = await eventually(
    async () => /open (http:\/\/\S+)\/\s[\s\S]*MQTT: (mqtt:\/\/\S+)/.exec(out),
    60_000,
  );
  return { child, url: banner[1]!, mqttUrl: banner[2]!, output: () => out };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('main process', () => {
  let dataDir = '';

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops cleanly on SIGINT and keeps its data for the next start', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-main-'));
    const first = await startMain(dataDir);
    expect((await getJson(first.url, '/readyz')).status).toBe(200);
    const pub = await connectPublisher(first.mqttUrl);
    await publish(pub, topics.incidentEvents('city', 'transport'), {
      eventId: 'main-1',
      incidentId: 'inc-main',
      type: 'reported',
      ts: Date.now(),
      category: 'signal_failure',
      severity: 2,
      lat: 37.78,
      lon: -122.41,
      title: 'Signal dark',
    });
    await pub.endAsync();
    await eventually(async () => (await getJson(first.url, '/api/v1/incidents/inc-main')).status === 200);

    const exited = exitOf(first.child);
    first.child.kill('SIGINT');
    expect(await exited).toBe(0);

    const second = await startMain(dataDir);
    try {
      const { status, body } = await getJson<{ incident: { title: string } }>(
        second.url,
        '/api/v1/incidents/inc-main',
      );
      expect(status).toBe(200);
      expect(body.incident.title).toBe('Signal dark');
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGINT');
      expect(await done).toBe(0);
    }
  });
});
