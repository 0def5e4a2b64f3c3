/**
 * The data's time as the store has it (domain data-time.ts): the newest reading (sensor_latest keeps each
 * series' newest) or incident change (incidents.updated_at, indexed by migration 9), and when the newest data
 * was stored (ingest_totals, every instance's writes together). Read from the database, so every instance
 * answers the same.
 */
import type { Queryable } from './pool.js';

export async function readDataTimes(
  db: Queryable,
): Promise<{ dataTime: number | null; storedAt: number | null }> {
  const { rows } = await db.query<{ data_time: string | null; stored_at: string | null }>(
    `select floor(extract(epoch from greatest((select max(ts) from sensor_latest),
                                              (select max(updated_at) from incidents))) * 1000) as data_time,
            floor(extract(epoch from (select last_ingest_at from ingest_totals where id = 1)) * 1000) as stored_at`,
  );
  const row = rows[0];
  const ms = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { dataTime: ms(row?.data_time), storedAt: ms(row?.stored_at) };
}

/** When a sensor's newest stored reading of a metric was taken (epoch ms), or null if it has none. */
export async function latestReadingAt(
  db: Queryable,
  sensorId: string,
  metric: string,
): Promise<number | null> {
  const { rows } = await db.query<{ ts: string }>(
    `select floor(extract(epoch from ts) * 1000) as ts from sensor_latest where sensor_id = $1 and metric = $2`,
    [sensorId, metric],
  );
  return rows[0] ? Number(rows[0].ts) : null;
}
