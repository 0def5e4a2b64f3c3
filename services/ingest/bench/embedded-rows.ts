/**
 * Counts what the embedded service really stored: its PGlite serves one connection, which the service's
 * pool holds, so the rows are counted after the service has stopped, by opening its data folder here.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';

/** Rows of `readings` per run tag (the sensor id's part before the first '-'). */
export async function countEmbeddedReadingsByTag(dataDir: string): Promise<Map<string, number>> {
  const db = await PGlite.create({ dataDir: join(dataDir, 'pg'), extensions: { timescaledb } });
  try {
    // NOTE: as the service does at start (embedded-database.ts): the extension's library must be loaded.
    await db.exec("load 'timescaledb'");
    const { rows } = await db.query<{ tag: string; n: number }>(
      "select split_part(sensor_id, '-', 1) as tag, count(*)::int as n from readings group by 1",
    );
    return new Map(rows.map((r) => [r.tag, r.n]));
  } finally {
    await db.close();
  }
}
