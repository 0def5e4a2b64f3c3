/**
 * The jobs that keep years of data affordable, run by the maintenance leader (db/maintenance.ts): drop raw
 * readings past their retention, keep the 1-minute rollup longer, compress old TimescaleDB chunks, trim the
 * change log and dead letters. Deletes of single rows go in batches, each its own statement, so no long
 * transaction holds locks or bloats while ingest runs.
 */
import type { Dialect } from './dialect.js';
import { inTransaction, type Queryable } from './pool.js';
import { partitionsToDrop } from './retention-plan.js';

/** Rows per delete statement, and statements per round: the rest waits for the next round. */
export const DELETE_BATCH_ROWS = 10_000;
const MAX_BATCHES_PER_ROUND = 100;

/**
 * Runs a statement that deletes at most DELETE_BATCH_ROWS rows until it deletes fewer (or the round's budget
 * is spent). Returns how many rows went.
 */
async function deleteInBatches(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES_PER_ROUND; i++) {
    const { rowCount } = await db.query(sql, params);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < DELETE_BATCH_ROWS) break;
  }
  return total;
}

/**
 * Compresses the chunks of `readings` that end at or before `before` and are not (wholly) compressed: never
 * compressed, or partially compressed since late readings were inserted into them (their new rows sit
 * uncompressed beside the compressed ones; compress_chunk folds them in, checked on TimescaleDB 2.23).
 * NOTE: "partial" is bit 8 of the chunk's status in TimescaleDB's catalog; timescaledb_information.chunks
 * shows such a chunk as compressed.
 */
export async function compressOldChunks(db: Queryable, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ chunk: string }>(
    `select format('%I.%I', c.chunk_schema, c.chunk_name) as chunk
     from timescaledb_information.chunks c
     join _timescaledb_catalog.chunk k on k.schema_name = c.chunk_schema and k.table_name = c.chunk_name
     where c.hypertable_name = 'readings' and c.range_end <= $1 and (not c.is_compressed or k.status & 8 = 8)
     order by c.range_end`,
    [before],
  );
  // NOTE: one chunk per statement: a big backlog makes progress that survives a failure or a stop, and each
  // statement holds only its own chunk's locks.
  for (const { chunk } of rows)
    await db.query('select compress_chunk($1::regclass, if_not_compressed => true)', [chunk]);
  return rows.map((r) => r.chunk);
}

async function dropChunks(db: Queryable, relation: string, before: Date): Promise<number> {
  const { rows } = await db.query(`select * from drop_chunks('${relation}', older_than => $1::timestamptz)`, [
    before,
  ]);
  return rows.length;
}

/** The monthly partitions of a partitioned table (plain-PostgreSQL dialect). */
async function partitionsOf(db: Queryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = $1::regclass`,
    [table],
  );
  return rows.map((r) => r.name);
}

/**
 * Raw readings older than `before`. TimescaleDB: whole chunks (1 day) entirely older. Plain PostgreSQL:
 * whole monthly partitions entirely older (so up to a month more is kept), then rows of the default partition,
 * which can hold any month, in batches.
 */
export async function dropOldReadings(db: Queryable, dialect: Dialect, before: Date): Promise<number> {
  if (dialect === 'timescale') return dropChunks(db, 'readings', before);
  let dropped = 0;
  for (const name of partitionsToDrop('readings', await partitionsOf(db, 'readings'), before)) {
    // NOTE: dropping a partition locks its parent, which every insert needs: give up after a few seconds
    // rather than queue ingest behind a long query; the next round tries again.
    await inTransaction(db, async (tx) => {
      await tx.query("set local lock_timeout = '5s'");
      await tx.query(`drop table ${name}`);
    });
    dropped++;
  }
  await deleteInBatches(
    db,
    `delete from readings_default where ctid = any(array(
       select ctid from readings_default where ts < $1 limit ${DELETE_BATCH_ROWS}))`,
    [before],
  );
  return dropped;
}

/**
 * 1-minute and 1-hour aggregates older than `before`: continuous-aggregate chunks, or rollup rows in batches.
 * (The hours go first: on TimescaleDB they are an aggregate of the minutes.)
 */
export async function dropOldRollup(db: Queryable, dialect: Dialect, before: Date): Promise<number> {
  if (dialect === 'timescale')
    return (await dropChunks(db, 'readings_1h', before)) + (await dropChunks(db, 'readings_1m', before));
  let deleted = 0;
  for (const table of ['readings_1h_rollup', 'readings_1m_rollup'])
    deleted += await deleteInBatches(
      db,
      `delete from ${table} where ctid = any(array(
         select ctid from ${table} where bucket < $1 limit ${DELETE_BATCH_ROWS}))`,
      [before],
    );
  return deleted;
}

/**
 * Change-log rows written before `before`. NOTE: the newest row always stays, even when old: its seq is the
 * log's position, which a new live client's snapshot is taken at (db/queries.ts liveSnapshot).
 */
export async function trimChangeLog(db: Queryable, before: Date): Promise<number> {
  // Oldest first along the primary key: rows are appended in seq order, so old ones are found at once.
  return deleteInBatches(
    db,
    `delete from change_log where seq in (
       select seq from change_log where at < $1 and seq < (select max(seq) from change_log)
       order by seq limit ${DELETE_BATCH_ROWS})`,
    [before],
  );
}

export async function trimDeadLetters(db: Queryable, before: Date): Promise<number> {
  return deleteInBatches(
    db,
    `delete from dead_letters where id in (
       select id from dead_letters where received_at < $1 limit ${DELETE_BATCH_ROWS})`,
    [before],
  );
}
