/**
 * The embedded database's own thread: PGlite (WASM PostgreSQL with TimescaleDB) and its wire-protocol server
 * run here, so the engine's work — half of the service's CPU when it ingests — uses the machine's second core
 * instead of the event loop that decodes messages and serves the API. The service talks to it over the
 * socket, exactly as to a real server.
 * Messages in: `{ type: 'close' }`, `{ type: 'status', id }`, `{ type: 'drop-connection', id, reason }`.
 * Out: `{ type: 'ready', port }`, `{ type: 'failed', message }`, `{ type: 'closed' }`,
 * `{ type: 'status', id, connection, queued }`, `{ type: 'dropped', id, dropped }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { startWireServer } from './wire-server.js';

const { dir } = workerData as { dir: string };
const port = parentPort!;

/**
 * NOTE: PGlite has no shared_preload_libraries. On a fresh folder `create extension` loads TimescaleDB's
 * library; on an existing folder nothing does, and then every insert into a hypertable with a continuous
 * aggregate fails ("… is not supported under the current "timescale" license", or "invalid INSERT on the
 * root table of hypertable"). PGlite is one backend for the life of the thread, so loading the library
 * once here puts it in force for every connection the wire server serves. A fresh folder has no
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
  const db = await PGlite.create({ dataDir: dir, extensions: { timescaledb } });
  await loadTimescale(db);
  // NOTE: after this, only the wire server talks to the engine (PGlite's own query API would interleave
  // with a client's transaction: one backend, one session).
  const server = await startWireServer(db);
  port.on('message', (message: { type: string; id?: number; reason?: string }) => {
    if (message.type === 'status') {
      // Answering at all says the engine is idle: it runs synchronously on this thread.
      port.postMessage({
        type: 'status',
        id: message.id,
        connection: server.connection(),
        queued: server.queued(),
      });
    } else if (message.type === 'drop-connection') {
      port.postMessage({
        type: 'dropped',
        id: message.id,
        dropped: server.dropConnection(message.reason ?? ''),
      });
    } else if (message.type === 'close') {
      void (async () => {
        await server.close();
        await db.close();
        port.postMessage({ type: 'closed' });
        port.close();
      })();
    }
  });
  port.postMessage({ type: 'ready', port: server.port });
}

start().catch((err: unknown) => {
  port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  port.close();
});
