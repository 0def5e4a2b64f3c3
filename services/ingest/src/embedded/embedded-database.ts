/**
 * The embedded database: PGlite (WASM PostgreSQL 17) with the TimescaleDB extension, kept on disk in
 * DATA_DIR, exposed over the PostgreSQL wire protocol so the service uses the very same `pg` code path as
 * against a real server. It runs on a thread of its own (database-worker.ts) and serves one connection at a
 * time: the pool for it has size 1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';
import type { WireConnectionState } from './wire-server.js';

/** The engine's thread answered: it is idle (it runs statements synchronously), and this is its connection. */
export interface EngineStatus {
  connection: WireConnectionState | null;
  /** Connections waiting for the served one to end. */
  queued: number;
}

export interface EmbeddedDatabase {
  url: string;
  /** The engine's status, or null when its thread does not answer within timeoutMs (a statement is running). */
  status(timeoutMs: number): Promise<EngineStatus | null>;
  /**
   * Ends the connection the engine serves (its client sees it end) and resets the engine's session (open
   * transaction rolled back); the pool's next connection gets a clean session. False when none was served.
   */
  dropConnection(reason: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The database thread died (the engine aborted): storage fails from now on, and says so. */
  onCrash?(err: Error): void;
}

export async function startEmbeddedDatabase(
  dataDir: string,
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  // NOTE: the thread starts from a JavaScript file that loads the TypeScript worker through tsx: a worker
  // thread does not inherit its process's `--import tsx` loader.
  const worker = new Worker(new URL('./database-worker-boot.mjs', import.meta.url), { workerData: { dir } });
  let closing = false;
  let port: number;
  // NOTE: the start-up listeners are taken off one by one: `worker.removeAllListeners()` also takes off the
  // listeners Node keeps on a Worker for its message port, after which no message from the thread arrives.
  let onStartMessage: ((m: { type: string; port?: number; message?: string }) => void) | undefined;
  let onStartError: ((err: Error) => void) | undefined;
  let onStartExit: ((code: number) => void) | undefined;
  try {
    port = await new Promise<number>((resolve, reject) => {
      onStartMessage = (m) => {
        if (m.type === 'ready') resolve(m.port!);
        else reject(new Error(m.message ?? 'the embedded database did not start'));
      };
      onStartError = reject;
      onStartExit = (code) =>
        reject(new Error(`the embedded database thread exited (${code}) while starting`));
      worker.once('message', onStartMessage);
      worker.once('error', onStartError);
      worker.once('exit', onStartExit);
    });
  } catch (err) {
    await worker.terminate();
    await unlock();
    throw err;
  } finally {
    if (onStartMessage) worker.off('message', onStartMessage);
    if (onStartError) worker.off('error', onStartError);
    if (onStartExit) worker.off('exit', onStartExit);
  }
  const crashed = (err: Error) => {
    if (!closing) options.onCrash?.(err);
  };
  worker.on('error', crashed);
  worker.on('exit', (code) => crashed(new Error(`the embedded database thread exited (${code})`)));
  let nextId = 1;
  const ask = <T>(message: Record<string, unknown>, timeoutMs: number): Promise<T | null> =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (m: { id?: number }) => {
        if (m.id !== id) return;
        done(m as T);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (value: T | null) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(value);
      };
      worker.on('message', onMessage);
      worker.postMessage({ ...message, id });
    });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    status: (timeoutMs) => ask<EngineStatus>({ type: 'status' }, timeoutMs),
    async dropConnection(reason) {
      // NOTE: the thread takes this message only between statements, so no statement is cut off mid-way.
      const answer = await ask<{ dropped: boolean }>({ type: 'drop-connection', reason }, 60_000);
      return answer?.dropped ?? false;
    },
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 30_000);
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'closed') {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
      await unlock();
    },
  };
}
