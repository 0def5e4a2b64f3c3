/**
 * What the 1-minute (db/rollup.ts) and 1-hour (db/rollup-hours.ts) plain-PostgreSQL rollups share: they run
 * in short transactions, one step at a time, and an aggregate they compute replaces the stored one, never
 * adds to it (a late reading's bucket is computed again from all its rows).
 */
import { inTransaction, type Queryable } from './pool.js';

/** Steps per call: the rest waits for the next round. */
const MAX_STEPS = 200;

/** The `on conflict` clause of an aggregate insert: the new aggregate replaces the stored one. */
export const REPLACE_AGGREGATE = `on conflict (sensor_id, metric, bucket) do update set
      sum = excluded.sum, count = excluded.count, min = excluded.min, max = excluded.max`;

/** Runs `step` in a transaction of its own until it says nothing is left (true), at most MAX_STEPS times. */
export async function inSteps(db: Queryable, step: (tx: Queryable) => Promise<boolean>): Promise<void> {
  for (let n = 0; n < MAX_STEPS; n++) if (await inTransaction(db, step)) return;
}
