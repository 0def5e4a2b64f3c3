/**
 * The embedded engine's wire protocol with the real `pg` driver over its socket (embedded/wire-server.ts):
 * the pipelines that stalled ingest for good (issue 6) — a Parse/Bind/Describe whose bytes end exactly at
 * PGlite's 8 KiB receive-buffer boundary, the Execute and Sync after it dropped — and a client that goes
 * away inside a transaction.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/embedded/embedded-database.js';
import { ENGINE_RECEIVE_BUFFER_BYTES } from '../src/embedded/wire-messages.js';

const SQL = 'select length($1::text) as n';
/**
 * Bytes pg 8 sends for SQL with one text parameter of `length` ASCII characters before Execute: Parse
 * (type, length, empty name, SQL, its 0, no parameter types), Bind (type, length, empty portal and statement,
 * one format code, one value with its length, one result format) and Describe portal.
 */
function bytesBeforeExecute(length: number): number {
  const parse = 1 + 4 + 1 + SQL.length + 1 + 2;
  const bind = 1 + 4 + 1 + 1 + 2 + 2 + 2 + 4 + length + 2 + 2;
  const describe = 1 + 4 + 1 + 1;
  return parse + bind + describe;
}

describe('embedded database wire protocol', () => {
  let dir: string;
  let db: EmbeddedDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-wire-'));
    db = await startEmbeddedDatabase(dir);
  });

  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers pipelines that end at every byte around the 8 KiB receive-buffer boundary', async () => {
    const exact = ENGINE_RECEIVE_BUFFER_BYTES - bytesBeforeExecute(0);
    // NOTE: query_timeout turns a lost answer into a failed query instead of a hung test.
    const client = new pg.Client({ connectionString: db.url, query_timeout: 10_000 });
    await client.connect();
    try {
      // Around one boundary and two (a Bind larger than the buffer is read by several refills).
      for (const base of [exact, exact + ENGINE_RECEIVE_BUFFER_BYTES])
        for (let length = base - 16; length <= base + 16; length++) {
          const { rows } = await client.query<{ n: number }>(SQL, ['x'.repeat(length)]);
          expect(rows[0]!.n).toBe(length);
        }
    } finally {
      await client.end();
    }
  });

  it('gives the next client a clean session when one leaves inside a transaction', async () => {
    const first = new pg.Client({ connectionString: db.url, query_timeout: 10_000 });
    await first.connect();
    await first.query('create table if not exists wire_left (n int)');
    await first.query('begin');
    await first.query('insert into wire_left values (1)');
    // Leaves without COMMIT or Terminate, as a dropped connection does.
    first.on('error', () => {});
    first.connection.stream.destroy();
    await new Promise((resolve) => first.once('end', resolve));

    const second = new pg.Client({ connectionString: db.url, query_timeout: 10_000 });
    await second.connect();
    try {
      const { rows } = await second.query<{ n: number; in_tx: boolean }>(
        `select (select count(*)::int from wire_left) as n,
                now() <> statement_timestamp() as in_tx`,
      );
      expect(rows[0]).toEqual({ n: 0, in_tx: false });
    } finally {
      await second.end();
    }
  });
});
