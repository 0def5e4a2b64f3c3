/**
 * Child process: the baselines' subscriber, on the same broker as the service's publisher would use.
 * - `count`: only counts messages (QoS 1, acknowledged as mqtt.js does by default): what the broker alone
 *   passes through;
 * - `naive`: one plain INSERT of one row per message, the message acknowledged after that INSERT's
 *   (autocommit) commit — the straightforward ingest the batched write path must beat.
 *
 * For `naive` the PUBACK is deferred with the service's own helper (ingest/deferred-acks.ts): mqtt.js's
 * handleMessage callback style alone would allow one message per commit; deferring lets up to a pool of
 * 10 INSERTs run at once, which is the "pool of 10" baseline of docs/benchmarks.md.
 *
 * IPC: {type:'run', mode, url, filter, expected, protocolVersion, naive?} → {type:'subscribed'} →
 * {type:'done', count, lastAt}; for naive also {rows} counted in its table at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import mqtt from 'mqtt';
import pg from 'pg';
import { installDeferredAcks } from '../src/ingest/deferred-acks.js';
import { onCommand, reply } from './child.js';

export interface SinkCommand {
  type: 'run';
  mode: 'count' | 'naive';
  url: string;
  filter: string;
  expected: number;
  /** 5 gives the subscriber a receive maximum of 65,535 (Mosquitto); Aedes speaks 3.1.1 (4). */
  protocolVersion: 4 | 5;
  /** naive: a scratch PostgreSQL database, or null for an in-process PGlite in a temporary folder. */
  databaseUrl?: string | null;
}

const wall = () => performance.timeOrigin + performance.now();
const TABLE = `create table if not exists readings (
  sensor_id text not null, metric text not null, ts timestamptz not null, value double precision not null,
  primary key (sensor_id, metric, ts))`;
const INSERT = 'insert into readings (sensor_id, metric, ts, value) values ($1, $2, $3, $4)';

interface Store {
  insert(params: unknown[]): Promise<unknown>;
  count(): Promise<number>;
  close(): Promise<void>;
}

async function openStore(databaseUrl: string | null | undefined): Promise<Store> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    await pool.query(TABLE);
    // The scratch database serves every naive run of the session: each starts empty.
    await pool.query('truncate readings');
    return {
      insert: (params) => pool.query(INSERT, params),
      count: async () => Number((await pool.query('select count(*)::int as n from readings')).rows[0].n),
      close: () => pool.end(),
    };
  }
  // NOTE: the embedded stack's naive baseline: PGlite in this process, plain table, no TimescaleDB.
  const dir = await mkdtemp(join(tmpdir(), 'twin-bench-naive-'));
  const db = await PGlite.create({ dataDir: dir });
  await db.exec(TABLE);
  return {
    insert: (params) => db.query(INSERT, params),
    count: async () => (await db.query<{ n: number }>('select count(*)::int as n from readings')).rows[0]!.n,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function run(cmd: SinkCommand): Promise<void> {
  const store = cmd.mode === 'naive' ? await openStore(cmd.databaseUrl) : null;
  const client = mqtt.connect(cmd.url, {
    clientId: `bench-sink-${process.pid}`,
    protocolVersion: cmd.protocolVersion,
    ...(cmd.protocolVersion === 5 ? { properties: { receiveMaximum: 65_535 } } : {}),
    reconnectPeriod: 0,
  });
  let count = 0;
  let lastAt = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const counted = () => {
    lastAt = wall();
    if (++count === cmd.expected) finish();
  };
  if (store) {
    installDeferredAcks(client, {
      handle(topic, payload, to) {
        const sensorId = topic.split('/')[3]!;
        const body = JSON.parse(String(payload)) as { ts: number; values: Record<string, number> };
        const [metric, value] = Object.entries(body.values)[0]!;
        store.insert([sensorId, metric, new Date(body.ts).toISOString(), value]).then(
          () => {
            counted();
            to.settled();
          },
          (err: Error) => to.failed(err),
        );
      },
      backpressure: () => null,
      log: { warn: (obj, msg) => process.stderr.write(`naive sink: ${msg ?? ''} ${JSON.stringify(obj)}\n`) },
    });
  } else {
    client.on('message', counted);
  }
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(cmd.filter, { qos: 1 });
  reply({ type: 'subscribed' });
  await finished;
  const rows = store ? await store.count() : null;
  reply({ type: 'done', count, lastAt, rows });
  await client.endAsync();
  await store?.close();
}

onCommand(async (m) => {
  if (m.type === 'run') await run(m as unknown as SinkCommand);
});
reply({ type: 'ready' });
