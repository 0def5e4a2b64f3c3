/**
 * Throw-away databases on the external PostgreSQL server (DATABASE_URL names the server and a database
 * to connect to for CREATE/DROP DATABASE): runs never see each other's rows, and the shared server's
 * configuration is never touched.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(adminUrl: string, purpose: string): Promise<ScratchDatabase> {
  const name = `twin_bench_${purpose}_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  await onServer(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      onServer(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** Rows of `readings` per run tag (the sensor id's part before the first '-'). */
export async function countReadingsByTag(databaseUrl: string): Promise<Map<string, number>> {
  return onServer(databaseUrl, async (c) => {
    const { rows } = await c.query<{ tag: string; n: number }>(
      "select split_part(sensor_id, '-', 1) as tag, count(*)::int as n from readings group by 1",
    );
    return new Map(rows.map((r) => [r.tag, r.n]));
  });
}
