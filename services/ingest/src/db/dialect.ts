import type { Queryable } from './pool.js';

/**
 * `timescale`: hypertables + continuous aggregate. `postgres`: native range partitions + a rollup table the
 * service maintains. Chosen once, at the first migration, and recorded, so a database never changes shape.
 */
export type Dialect = 'timescale' | 'postgres';

export async function detectDialect(db: Queryable): Promise<Dialect> {
  const { rows } = await db.query<{ available: boolean }>(
    "select exists (select 1 from pg_available_extensions where name = 'timescaledb') as available",
  );
  return rows[0]?.available ? 'timescale' : 'postgres';
}
