/**
 * The service as one Fastify instance of named plugins (src/runtime.ts, src/plugins/): which plugins a
 * stack registers, the order their shutdown hooks run in on a started runtime (acknowledged messages must
 * never be lost: docs/ingestion.md), and that a start that fails part-way stops what had started and
 * reports the StartupError unchanged.
 *
 * The order is read from the service's own log: every shutdown hook logs `{ shutdownStep }` when it
 * starts (plugins/shutdown.ts); the HTTP server's 'close' event is recorded in the same list.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@twin/test-kit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PortInUseError } from '../src/embedded/embedded-broker.js';
import { StartupError } from '../src/startup-error.js';
import { describeEachTarget, eventually, startStack, type Target, targets } from './harness.js';

interface Recording {
  log: pino.Logger;
  /** The shutdown steps (and 'http server') in the order they started. */
  steps: string[];
  /** Steps that failed. */
  failures: string[];
}

function recordingLogger(): Recording {
  const steps: string[] = [];
  const failures: string[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { shutdownStep?: string; msg?: string };
        if (entry.shutdownStep === undefined) return;
        if (entry.msg === 'error while shutting down') failures.push(entry.shutdownStep);
        else steps.push(entry.shutdownStep);
      },
    },
  );
  return { log, steps, failures };
}

function expectedOrder(target: Target): string[] {
  return target.name === 'embedded'
    ? [
        'demo feed',
        'embedded broker: commit what devices wait for',
        'embedded broker',
        'live',
        'http server',
        'CAP ingest',
        'rules',
        'maintenance',
        'writer',
        'pool',
        'embedded database',
      ]
    : [
        'demo feed',
        'mqtt ingest',
        'live',
        'http server',
        'CAP ingest',
        'rules',
        'maintenance',
        'writer',
        'pool',
      ];
}

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

describeEachTarget('the service as Fastify plugins', (target) => {
  it('registers the plugins of its stack and stops them in the order acknowledged messages need', async () => {
    const rec = recordingLogger();
    // The rules engine on (the harness keeps it off), so its shutdown step is pinned too.
    const stack = await startStack(target, { feed: true, log: rec.log, env: { RULES_INTERVAL_S: '60' } });
    try {
      const { app } = stack.runtime;
      for (const name of [
        'twin-config',
        'twin-database',
        'twin-writer',
        'twin-maintenance',
        'twin-rules',
        'twin-cap-ingest',
        'twin-demo-feed',
      ])
        expect(app.hasPlugin(name), name).toBe(true);
      for (const name of ['twin-live', 'twin-auth', 'twin-routes'])
        expect(app.hasPlugin(name), name).toBe(true);
      expect(app.hasPlugin('twin-broker')).toBe(target.name === 'embedded');
      expect(app.hasPlugin('twin-mqtt-ingest')).toBe(target.name === 'external');
      expect(stack.runtime.mqttUrl).toBe(app.mqtt.url);

      // The feed's messages are being stored: the shutdown below has work in flight to finish.
      await eventually(async () => {
        const { rows } = await stack.runtime.pool.query<{ n: number }>(
          'select count(*)::int as n from readings',
        );
        return rows[0]!.n > 0;
      }, 60_000);

      app.server.once('close', () => rec.steps.push('http server'));
      expect(rec.steps).toEqual([]);
      await stack.stop();
      expect(rec.steps).toEqual(expectedOrder(target));
      expect(rec.failures).toEqual([]);
    } finally {
      await stack.destroy();
    }
  });

  it('stops what started when the HTTP port is in use, and reports PortInUseError', async () => {
    const httpPort = await freePort();
    const blocker = await occupy(httpPort);
    const dataDir = await mkdtemp(join(tmpdir(), 'twin-it-'));
    const mqttPort = String(await freePort());
    try {
      const rec = recordingLogger();
      const failed = startStack(target, {
        dataDir,
        log: rec.log,
        env: { PORT: String(httpPort), MQTT_PORT: mqttPort, RULES_INTERVAL_S: '60' },
      });
      await expect(failed).rejects.toBeInstanceOf(PortInUseError);
      await expect(failed).rejects.toThrow(`HTTP port ${httpPort} is already in use`);
      const started = expectedOrder(target).filter((s) => s !== 'demo feed' && s !== 'http server');
      expect(rec.steps).toEqual(started);
      expect(rec.failures).toEqual([]);

      // Everything was released: the same data folder (embedded lock) and MQTT port start again.
      const again = await startStack(target, { dataDir, env: { MQTT_PORT: mqttPort } });
      await again.destroy();
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

const embedded = targets().find((t) => t.name === 'embedded')!;

describe('a plugin that fails to start on the embedded stack', () => {
  it('closes the plugins that started before it; its StartupError reaches the caller unchanged', async () => {
    const mqttPort = await freePort();
    const blocker = await occupy(mqttPort);
    const dataDir = await mkdtemp(join(tmpdir(), 'twin-it-'));
    try {
      const rec = recordingLogger();
      const failed = startStack(embedded, { dataDir, log: rec.log, env: { MQTT_PORT: String(mqttPort) } });
      await expect(failed).rejects.toBeInstanceOf(PortInUseError);
      await expect(failed).rejects.toBeInstanceOf(StartupError);
      await expect(failed).rejects.toThrow(`MQTT port ${mqttPort} is already in use`);
      // twin-broker failed: database, writer, maintenance and CAP ingest had started and are stopped, last first.
      expect(rec.steps).toEqual(['CAP ingest', 'maintenance', 'writer', 'pool', 'embedded database']);
      expect(rec.failures).toEqual([]);

      blocker.close();
      const again = await startStack(embedded, { dataDir, env: { MQTT_PORT: String(mqttPort) } });
      await again.destroy();
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
