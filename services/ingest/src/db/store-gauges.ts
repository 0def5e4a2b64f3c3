/** The gauges /metrics reads from the store (so every instance reports the same), in one round trip. */
import { OPEN_STATUSES } from '@twin/domain';
import { OUTSIDE_CITY_SQL } from './area-counts.js';
import type { Queryable } from './pool.js';

export interface StoreGauges {
  /** Open incidents whose position is in no district of the city. */
  openIncidentsOutsideCity: number;
  /** Incidents whose reported event has not arrived yet, open or not. */
  incidentsAwaitingReport: number;
}

export async function readStoreGauges(db: Queryable): Promise<StoreGauges> {
  // NOTE: two scalar subqueries, so each count uses its own index (the awaiting one is partial).
  const { rows } = await db.query<{ outside: string; awaiting: string }>(
    `select (select count(*) from incidents where status = any($1::text[]) and ${OUTSIDE_CITY_SQL}) as outside,
            (select count(*) from incidents where awaiting_report) as awaiting`,
    [OPEN_STATUSES],
  );
  return {
    openIncidentsOutsideCity: Number(rows[0]?.outside ?? 0),
    incidentsAwaitingReport: Number(rows[0]?.awaiting ?? 0),
  };
}
