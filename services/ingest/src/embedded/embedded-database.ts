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

export interface EmbeddedDatabase {
  url: string;
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
  try {
    port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (m: { type: string; port?: number; message?: string }) => {
        if (m.type === 'ready') resolve(m.port!);
        else reject(new Error(m.message ?? 'the embedded database did not start'));
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the embedded database thread exited (${code}) while starting`)),
      );
    });
  } catch (err) {
    await worker.terminate();
    await unlock();
    throw err;
  }
  worker.removeAllListeners();
  const crashed = (err: Error) => {
    if (!closing) options.onCrash?.(err);
  };
  worker.on('error', crashed);
  worker.on('exit', (code) => crashed(new Error(`the embedded database thread exited (${code})`)));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
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
