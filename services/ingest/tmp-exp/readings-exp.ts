import pg from 'pg';
import { createScratchDatabase } from '../bench/scratch-db.js';
import { migrate } from '../src/db/migrations.js';

const BATCH = Number(process.env.B ?? 10000);
const BATCHES = Number(process.env.N ?? 30);
const SENSORS = 2000;
const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'exp');
const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
try {
  await migrate(pool);
  const c = await pool.connect();
  await c.query(`create table readings_c (sensor_id text collate "C" not null, metric text collate "C" not null, ts timestamptz not null, value float8 not null, primary key (sensor_id, metric, ts)) partition by range (ts)`);
  await c.query(`create table readings_c_default partition of readings_c default`);
  await c.query(`create table readings_d_default partition of readings for values from ('2026-11-01') to ('2027-01-01')`);
  await c.query(`create table readings_c_m partition of readings_c for values from ('2026-11-01') to ('2027-01-01')`);
  const FROM = (col: string) => `(timestamptz 'epoch' + ${col} * interval '1 millisecond')`;
  const INPUT = `input as (select sensor_id, metric, ${FROM('ms')} as ts, value, ord from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) with ordinality as u(sensor_id, metric, ms, value, ord))`;
  const variants: Record<string, string> = {
    insert_only: `with ${INPUT} insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing`,
    insert_dup: `with ${INPUT}, inserted as (insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing returning sensor_id, metric, ts) select array(select i.ord::int from input i where not exists (select 1 from inserted n where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as d`,
    insert_dup_rollup: `with ${INPUT}, inserted as (insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing returning sensor_id, metric, ts, value), rolled as (
    insert into readings_1m_rollup (bucket, sensor_id, metric, sum, count, min, max)
    select date_trunc('minute', ts), sensor_id, metric, sum(value), count(*), min(value), max(value)
    from inserted group by 1, 2, 3 order by 2, 3, 1
    on conflict (sensor_id, metric, bucket) do update set sum = readings_1m_rollup.sum + excluded.sum, count = readings_1m_rollup.count + excluded.count, min = least(readings_1m_rollup.min, excluded.min), max = greatest(readings_1m_rollup.max, excluded.max) returning 1) select array(select i.ord::int from input i where not exists (select 1 from inserted n where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as d`,
    c_insert_only: `with ${INPUT} insert into readings_c (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing`,
    c_insert_dup: `with ${INPUT}, inserted as (insert into readings_c (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing returning sensor_id, metric, ts) select array(select i.ord::int from input i where not exists (select 1 from inserted n where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as d`,
    insert_count: `with ${INPUT}, inserted as (insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing returning 1) select count(*) from inserted`,
  };
  let t0 = Date.UTC(2026, 11, 1);
  const names = (process.env.V ?? Object.keys(variants).join(',')).split(',');
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let b = 0; b < BATCHES; b++) {
    t0 += 1000;
    for (const name of names) {
    const s: string[] = [], m: string[] = [], ms: number[] = [], v: number[] = [];
    for (let i = 0; i < BATCH; i++) { s.push(`${name}-sensor-${(i % SENSORS).toString().padStart(5, '0')}`); m.push('temperature'); ms.push(t0 + Math.floor(i / SENSORS)); v.push(Math.random() * 30); }
      const t = performance.now();
      await c.query(variants[name]!, [s, m, ms, v]);
      times[name]!.push(performance.now() - t);
    }
  }
  for (const name of names) {
    const x = times[name]!.slice(3).sort((a, b) => a - b);
    console.log(`${name.padEnd(18)} min ${x[0]!.toFixed(1)} p25 ${x[x.length >> 2]!.toFixed(1)} median ${x[x.length >> 1]!.toFixed(1)} ms/batch  (median ${Math.round(BATCH / x[x.length >> 1]! * 1000)} rows/s)`);
  }
  c.release();
} finally {
  await pool.end();
  await scratch.drop();
}
