/**
 * What the service stored, read directly from its database: the private PostgreSQL of the external stack, or
 * (service stopped first) the PGlite data folder of the embedded stack. Readings are mapped back to their
 * index in the test's key space.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import pg from 'pg';
import type { Flags, KeySpace } from './reading-keys.js';

export interface Stored {
  /** One flag per key-space index. */
  stored: Flags;
  /** count(*) of the test's rows (sensor_id like 'f-%'). */
  total: number;
  /** count(distinct (sensor_id, metric, ts)) of them. */
  distinct: number;
  /** Rows of ours that map to no index (wrong sensor for that ts, out of range). */
  foreign: number;
  deadLetters: number;
  /** The most frequent dead-letter reasons (first 200 characters), for failure messages. */
  deadLetterReasons: { reason: string; n: number }[];
}

type Query = (sql: string, params: unknown[]) => Promise<unknown[][]>;

const CHUNK = 200_000;

async function readWith(query: Query, space: KeySpace): Promise<Stored> {
  const stored = new Uint8Array(space.capacity);
  const [[total, distinct]] = (await query(
    `select count(*)::int, count(distinct (sensor_id, metric, ts))::int from readings where sensor_id like 'f-%'`,
    [],
  )) as [[number, number]];
  let inRange = 0;
  let foreign = 0;
  for (let lo = 0; lo < space.capacity; lo += CHUNK) {
    const hi = Math.min(space.capacity, lo + CHUNK);
    const rows = (await query(
      `select sensor_id, metric, ((extract(epoch from ts) * 1000)::bigint - $1::bigint)::int
       from readings
       where sensor_id like 'f-%' and ts >= $2::timestamptz and ts < $3::timestamptz`,
      [space.baseTs, new Date(space.baseTs + lo).toISOString(), new Date(space.baseTs + hi).toISOString()],
    )) as [string, string, number][];
    for (const [sensorId, metric, offset] of rows) {
      inRange++;
      const n = space.indexOf(sensorId, metric, space.baseTs + Number(offset));
      if (n === null) foreign++;
      else stored[n] = 1;
    }
  }
  foreign += Number(total) - inRange;
  const [[deadLetters]] = (await query('select count(*)::int from dead_letters', [])) as [[number]];
  const reasons = (await query(
    'select left(reason, 200), count(*)::int from dead_letters group by 1 order by 2 desc limit 3',
    [],
  )) as [string, number][];
  return {
    stored,
    total: Number(total),
    distinct: Number(distinct),
    foreign,
    deadLetters: Number(deadLetters),
    deadLetterReasons: reasons.map(([reason, n]) => ({ reason, n: Number(n) })),
  };
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** External stack: query the test's PostgreSQL database. */
export function readStoredExternal(databaseUrl: string, space: KeySpace): Promise<Stored> {
  return withPg(databaseUrl, (c) =>
    readWith(
      async (sql, params) => (await c.query({ text: sql, values: params, rowMode: 'array' })).rows,
      space,
    ),
  );
}

/** Cheap progress probe: how many of the test's readings are stored. */
export function countStoredExternal(databaseUrl: string): Promise<number> {
  return withPg(databaseUrl, async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `select count(*)::int as n from readings where sensor_id like 'f-%'`,
    );
    return rows[0]?.n ?? 0;
  });
}

export function deadLettersExternal(databaseUrl: string): Promise<number> {
  return withPg(databaseUrl, async (c) => {
    const { rows } = await c.query<{ n: number }>('select count(*)::int as n from dead_letters');
    return rows[0]?.n ?? 0;
  });
}

/**
 * Embedded stack: the service must be stopped (PGlite holds its folder). Opens <dataDir>/pg in this process.
 * NOTE: after a restart the TimescaleDB library must be loaded explicitly in the session (ENVIRONMENT.md).
 */
export async function readStoredEmbedded(dataDir: string, space: KeySpace): Promise<Stored> {
  const db = await PGlite.create({ dataDir: join(dataDir, 'pg'), extensions: { timescaledb } });
  try {
    await db.exec(`load 'timescaledb'`);
    return await readWith(
      async (sql, params) => (await db.query<unknown[]>(sql, params, { rowMode: 'array' })).rows,
      space,
    );
  } finally {
    await db.close();
  }
}
