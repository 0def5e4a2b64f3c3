/**
 * The external stack of one test: a private PostgreSQL (with a database for the service), a private
 * Mosquitto, a data folder, and the service as a child process pointed at both. The service can be killed
 * and started again with the same environment (same INGEST_CLIENT_ID: the broker keeps its session).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OwnPostgres,
  type ServiceOptions,
  type ServiceProcess,
  startOwnPostgres,
  startService,
} from '@twin/test-kit';
import { type OwnMosquitto, startOwnMosquitto } from './own-mosquitto.js';

export interface ExternalStack {
  pg: OwnPostgres;
  broker: OwnMosquitto;
  databaseUrl: string;
  dbName: string;
  topicRoot: string;
  options: ServiceOptions;
  /** The current service process (replaced by restartService). */
  service: ServiceProcess;
  /** Starts a new service process with the same environment (the old one must be gone). */
  restartService(): Promise<ServiceProcess>;
  /** Service output, broker log and PostgreSQL log tails, for failure messages. */
  diagnostics(): Promise<string>;
  destroy(): Promise<void>;
}

export async function startExternalStack(
  name: string,
  env: Record<string, string> = {},
): Promise<ExternalStack> {
  const id = randomUUID().replaceAll('-', '').slice(0, 8);
  const cleanups: (() => Promise<void>)[] = [];
  const destroy = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const pg = await startOwnPostgres();
    cleanups.push(() => pg.destroy());
    const dbName = `twin_fault_${id}`;
    const databaseUrl = await pg.createDatabase(dbName);
    const broker = await startOwnMosquitto();
    cleanups.push(() => broker.destroy());
    const dataDir = await mkdtemp(join(tmpdir(), 'twin-fault-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const topicRoot = `f${name.replace(/[^A-Za-z0-9]/g, '')}${id}`;
    const options: ServiceOptions = {
      databaseUrl,
      mqttUrl: broker.url,
      dataDir,
      topicRoot,
      clientId: `fault-${name}-${id}`,
      env,
    };
    const stack: ExternalStack = {
      pg,
      broker,
      databaseUrl,
      dbName,
      topicRoot,
      options,
      service: await startService(options),
      async restartService() {
        if (stack.service.running()) throw new Error('restartService: the previous service is still running');
        stack.service = await startService(options);
        return stack.service;
      },
      async diagnostics() {
        return [
          `--- service (pid ${stack.service.pid}, running=${stack.service.running()}) output, last 3000 chars ---`,
          stack.service.output().slice(-3000),
          '--- mosquitto log, last 2000 chars ---',
          broker.log().slice(-2000),
          '--- postgres log, last 2000 chars ---',
          (await pg.log()).slice(-2000),
        ].join('\n');
      },
      destroy,
    };
    cleanups.splice(3, 0, async () => {
      if (stack.service.running()) await stack.service.kill9();
    });
    return stack;
  } catch (err) {
    await destroy();
    throw err;
  }
}
