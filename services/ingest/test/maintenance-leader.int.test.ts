/**
 * Several instances on one PostgreSQL database: exactly one runs the maintenance jobs (holds the leader
 * lock on a connection of its own); when its connection is terminated or it stops, another takes over
 * within the retry interval, and nobody crashes.
 */
import { createScratchDatabase } from '@twin/test-kit';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCK_NAMESPACE, MAINTENANCE_LEADER_LOCK } from '../src/db/lock-keys.js';
import { type MaintenanceJob, startMaintenance } from '../src/db/maintenance.js';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import { eventually } from './harness.js';
import { describeOnPostgres } from './postgres-only.js';

const RETRY_MS = 500;
const SETTINGS = {
  readingsRetentionDays: 0,
  rollupRetentionDays: 0,
  compressAfterHours: 0,
  changeLogRetentionHours: 24,
  deadLetterRetentionDays: 30,
};

interface Instance {
  name: string;
  pool: pg.Pool;
  registry: Registry;
  warnings: string[];
  maintenance: MaintenanceJob;
}

describeOnPostgres('maintenance leader', (adminUrl) => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let admin: pg.Pool;
  const instances: Instance[] = [];

  const start = async (name: string): Promise<Instance> => {
    const pool = createPool(scratch.url, false);
    const registry = new Registry();
    const warnings: string[] = [];
    const maintenance = await startMaintenance(
      pool,
      'postgres',
      { info: () => {}, warn: (_obj, msg) => warnings.push(msg) },
      { ...SETTINGS, embedded: false, registry, leaderRetryMs: RETRY_MS, instanceName: name },
    );
    const instance = { name, pool, registry, warnings, maintenance };
    instances.push(instance);
    return instance;
  };
  const leaders = () => instances.filter((i) => i.maintenance.isLeader).map((i) => i.name);
  const gauge = async (i: Instance) =>
    (await i.registry.getSingleMetric('twin_maintenance_leader')!.get()).values[0]?.value;
  /** The backend holding the leader lock, as docs/operations.md tells an operator to find it. */
  const lockHolder = async () => {
    const { rows } = await admin.query<{ pid: number; application_name: string }>(
      `select a.pid, a.application_name from pg_locks l join pg_stat_activity a using (pid)
       where l.locktype = 'advisory' and l.classid = $1 and l.objid = $2 and l.objsubid = 2 and l.granted
         and l.database = (select oid from pg_database where datname = current_database())`,
      [LOCK_NAMESPACE, MAINTENANCE_LEADER_LOCK],
    );
    return rows;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl);
    admin = new pg.Pool({ connectionString: scratch.url, max: 2 });
    await migrate(admin);
  });

  afterAll(async () => {
    for (const i of instances) {
      await i.maintenance.stop();
      await i.pool.end();
    }
    await admin?.end();
    await scratch?.drop();
  });

  it('two instances: exactly one leads, shows it on its gauge and in pg_locks, and only it runs the jobs', async () => {
    const a = await start('instance-a');
    const b = await start('instance-b');
    expect(leaders()).toEqual(['instance-a']);
    expect(await gauge(a)).toBe(1);
    expect(await gauge(b)).toBe(0);
    const holders = await lockHolder();
    expect(holders.map((h) => h.application_name)).toEqual(['twin-maintenance instance-a']);
    // A few retry intervals later the follower still has not taken it.
    await new Promise((r) => setTimeout(r, RETRY_MS * 3));
    expect(leaders()).toEqual(['instance-a']);
    expect(await b.maintenance.runJobs()).toEqual([]);
    const outcomes = await a.maintenance.runJobs();
    expect(outcomes.map((o) => [o.job, o.ok])).toEqual([
      ['partitions', true],
      ['rollup', true],
      ['change_log_retention', true],
      ['dead_letter_retention', true],
    ]);
    const lastSuccess = await a.registry.getSingleMetric('twin_maintenance_last_success_seconds')!.get();
    expect(lastSuccess.values.map((v) => v.labels.job).sort()).toEqual([
      'change_log_retention',
      'dead_letter_retention',
      'partitions',
      'rollup',
    ]);
    expect(lastSuccess.values.every((v) => Math.abs(v.value - Date.now() / 1000) < 60)).toBe(true);
  });

  it("the leader's backend is terminated: the other takes over within the retry interval, nothing crashes", async () => {
    const [holder] = await lockHolder();
    expect(holder?.application_name).toBe('twin-maintenance instance-a');
    const killedAt = Date.now();
    await admin.query('select pg_terminate_backend($1)', [holder!.pid]);
    await eventually(async () => leaders().includes('instance-b'), RETRY_MS + 2_000);
    expect(Date.now() - killedAt).toBeLessThan(RETRY_MS + 2_000);
    expect(instances[0]!.warnings).toContain('lost the maintenance lead: its database connection went');
    // The old leader reconnects and retries, but stays a follower.
    await new Promise((r) => setTimeout(r, RETRY_MS * 3));
    expect(leaders()).toEqual(['instance-b']);
    expect(await gauge(instances[0]!)).toBe(0);
    expect((await lockHolder()).map((h) => h.application_name)).toEqual(['twin-maintenance instance-b']);
  });

  it('the leader stops: it gives the lock back and the other takes over', async () => {
    await instances[1]!.maintenance.stop();
    await eventually(async () => leaders().includes('instance-a'), RETRY_MS + 2_000);
    expect(leaders()).toEqual(['instance-a']);
    expect((await lockHolder()).map((h) => h.application_name)).toEqual(['twin-maintenance instance-a']);
  });
});
