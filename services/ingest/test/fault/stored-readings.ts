/**
 * What the service stored, read directly from its database: the private PostgreSQL of the external stack, or
 * (service stopped first) the PGlite data folder of the embedded stack. Readings are mapped back to their
 * index in the test's key space.
 */
import { type DirectDb, openExternalDb, withDb } from '@twin/test-kit';
import { openEmbeddedDb } from './direct-db.js';
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

const CHUNK = 200_000;

async function readWith(db: DirectDb, space: KeySpace): Promise<Stored> {
  const stored = new Uint8Array(space.capacity);
  const [counts] = await db.query<{ total: number; distinct_keys: number }>(
    `select count(*)::int as total, count(distinct (sensor_id, metric, ts))::int as distinct_keys
     from readings where sensor_id like 'f-%'`,
  );
  let inRange = 0;
  let foreign = 0;
  for (let lo = 0; lo < space.capacity; lo += CHUNK) {
    const hi = Math.min(space.capacity, lo + CHUNK);
    const rows = await db.query<{ sensor_id: string; metric: string; offset_ms: number }>(
      `select sensor_id, metric, ((extract(epoch from ts) * 1000)::bigint - $1::bigint)::int as offset_ms
       from readings
       where sensor_id like 'f-%' and ts >= $2::timestamptz and ts < $3::timestamptz`,
      [space.baseTs, new Date(space.baseTs + lo).toISOString(), new Date(space.baseTs + hi).toISOString()],
    );
    for (const { sensor_id, metric, offset_ms } of rows) {
      inRange++;
      const n = space.indexOf(sensor_id, metric, space.baseTs + Number(offset_ms));
      if (n === null) foreign++;
      else stored[n] = 1;
    }
  }
  const total = Number(counts?.total ?? 0);
  foreign += total - inRange;
  const [letters] = await db.query<{ n: number }>('select count(*)::int as n from dead_letters');
  const reasons = await db.query<{ reason: string; n: number }>(
    'select left(reason, 200) as reason, count(*)::int as n from dead_letters group by 1 order by 2 desc limit 3',
  );
  return {
    stored,
    total,
    distinct: Number(counts?.distinct_keys ?? 0),
    foreign,
    deadLetters: Number(letters?.n ?? 0),
    deadLetterReasons: reasons.map(({ reason, n }) => ({ reason, n: Number(n) })),
  };
}

/** External stack: query the test's PostgreSQL database. */
export function readStoredExternal(databaseUrl: string, space: KeySpace): Promise<Stored> {
  return withDb(openExternalDb(databaseUrl), (db) => readWith(db, space));
}

/** Cheap progress probe: how many of the test's readings are stored. */
export function countStoredExternal(databaseUrl: string): Promise<number> {
  return withDb(openExternalDb(databaseUrl), async (db) => {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from readings where sensor_id like 'f-%'`,
    );
    return row?.n ?? 0;
  });
}

/** Embedded stack: the service must be stopped (PGlite holds its folder). Opens <dataDir>/pg in this process. */
export function readStoredEmbedded(dataDir: string, space: KeySpace): Promise<Stored> {
  return withDb(openEmbeddedDb(dataDir), (db) => readWith(db, space));
}
