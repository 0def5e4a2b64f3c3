/**
 * The embedded database: PGlite (WASM PostgreSQL 17) with the TimescaleDB extension, kept on disk in
 * DATA_DIR, exposed over the PostgreSQL wire protocol so the service uses the very same `pg` code path as
 * against a real server. It serves one connection at a time: the pool for it has size 1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.js';
import { installWireFraming } from './wire-framing.js';

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  installWireFraming();
  const dir = join(dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: dir, extensions: { timescaledb } });
    await loadTimescale(db);
  } catch (err) {
    await unlock();
    throw err;
  }
  // NOTE: port 0 lets the OS pick a free port: the socket is an internal detail, never a user setting.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, connectionQueueTimeout: 60_000 });
  await server.start();
  const { port } = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}

/**
 * NOTE: PGlite has no shared_preload_libraries. On a fresh folder `create extension` loads TimescaleDB's
 * library; on an existing folder nothing does, and then every insert into a hypertable with a continuous
 * aggregate fails ("… is not supported under the current "timescale" license", or "invalid INSERT on the
 * root table of hypertable"). PGlite is one backend for the life of the process, so loading the library
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
