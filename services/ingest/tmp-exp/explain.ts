import pg from 'pg';
import { createScratchDatabase } from '../bench/scratch-db.js';
import { migrate } from '../src/db/migrations.js';
const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'exp');
const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
try {
  await migrate(pool);
  const c = await pool.connect();
  const FROM = (col: string) => `(timestamptz 'epoch' + ${col} * interval '1 millisecond')`;
  const INPUT = `input as (select sensor_id, metric, ${FROM('ms')} as ts, value, ord from unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) with ordinality as u(sensor_id, metric, ms, value, ord))`;
  const sql = process.env.SQL === 'only' ? `explain (analyze, buffers) with ${INPUT} insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing` : `explain (analyze) with ${INPUT}, inserted as (insert into readings (sensor_id, metric, ts, value) select sensor_id, metric, ts, value from input on conflict do nothing returning sensor_id, metric, ts) select array(select i.ord::int from input i where not exists (select 1 from inserted n where n.sensor_id = i.sensor_id and n.metric = i.metric and n.ts = i.ts)) as d`;
  let t0 = Date.UTC(2026, 11, 1);
  for (let b = 0; b < 6; b++) {
    const s: string[] = [], m: string[] = [], ms: number[] = [], v: number[] = [];
    for (let i = 0; i < 10000; i++) { s.push(`bench-sensor-${(i % 2000).toString().padStart(5, '0')}`); m.push('temperature'); ms.push(t0 + Math.floor(i / 2000)); v.push(Math.random() * 30); }
    t0 += 1000;
    const r = await c.query(sql, [s, m, ms, v]);
    if (b === 5) console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
  }
  c.release();
} finally { await pool.end(); await scratch.drop(); }
