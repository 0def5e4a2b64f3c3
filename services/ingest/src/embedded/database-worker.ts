/**
 * The embedded database's own thread: PGlite (WASM PostgreSQL with TimescaleDB) and its wire-protocol socket
 * run here, so the engine's work — half of the service's CPU when it ingests — uses the machine's second core
 * instead of the event loop that decodes messages and serves the API. The service talks to it over the
 * socket, exactly as to a real server. Messages: in, `{ type: 'close' }`; out, `{ type: 'ready', port }`,
 * `{ type: 'failed', message }`, `{ type: 'closed' }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { installWireFraming } from './wire-framing.js';

const { dir } = workerData as { dir: string };
const port = parentPort!;

/**
 * NOTE: PGlite has no shared_preload_libraries. On a fresh folder `create extension` loads TimescaleDB's
 * library; on an existing folder nothing does, and then every insert into a hypertable with a continuous
 * aggregate fails ("… is not supported under the current "timescale" license", or "invalid INSERT on the
 * root table of hypertable"). PGlite is one backend for the life of the thread, so loading the library
 * once here puts it in force for every connection the socket server hands out. A fresh folder has no
 * extension yet: then `load` is harmless and the migration's `create extension` does the rest.
 */
async function loadTimescale(db: PGlite): Promise<void> {
  await db.exec("load 'timescaledb'");
  const { rows } = await db.query<{ installed: boolean; license: string | null }>(
    `select exists (select 1 from pg_extension where extname = 'timescaledb') as installed,
            current_setting('timescaledb.license', true) as license`,
  );
  if (rows[0]?.installed && rows[0].license !== 'timescale') {
    throw new Error(
      `the embedded TimescaleDB runs under the "${rows[0]?.license}" licence; continuous aggregates need "timescale"`,
    );
  }
}

async function start(): Promise<void> {
  installWireFraming();
  const db = await PGlite.create({ dataDir: dir, extensions: { timescaledb } });
  await loadTimescale(db);
  // NOTE: port 0 lets the OS pick a free port: the socket is an internal detail, never a user setting.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, connectionQueueTimeout: 60_000 });
  await server.start();
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'close') return;
    void (async () => {
      await server.stop();
      await db.close();
      port.postMessage({ type: 'closed' });
      port.close();
    })();
  });
  port.postMessage({ type: 'ready', port: address.port });
}

start().catch((err: unknown) => {
  port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  port.close();
});
