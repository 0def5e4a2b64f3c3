/**
 * What the rules engine remembers across restarts (migration 14, `rule_state`): per (sensor rule, sensor) the
 * episode state machine (domain sensor-condition.ts), and the engine's position in the change log (which
 * sensors got readings since the last tick). Written after the tick's events are committed: a crash in
 * between repeats the same deterministic events, which storage drops as duplicates.
 */
import type { SensorRuleState } from '@twin/domain';
import type { Queryable } from './pool.js';

/** The row that holds the engine's change-log position. */
const ENGINE = { ruleId: '', key: 'position' };

export async function sensorRuleStates(
  db: Queryable,
  ruleId: string,
  sensorIds: readonly string[],
): Promise<Map<string, SensorRuleState>> {
  const { rows } = await db.query<{ key: string; state: SensorRuleState }>(
    'select key, state from rule_state where rule_id = $1 and key = any($2::text[])',
    [ruleId, sensorIds],
  );
  return new Map(rows.map((r) => [r.key, r.state]));
}

export async function saveSensorRuleStates(
  db: Queryable,
  ruleId: string,
  states: ReadonlyMap<string, SensorRuleState>,
): Promise<void> {
  if (states.size === 0) return;
  await db.query(
    `insert into rule_state (rule_id, key, state, updated_at)
     select $1, key, state, now() from unnest($2::text[], $3::jsonb[]) as u(key, state)
     on conflict (rule_id, key) do update set state = excluded.state, updated_at = now()`,
    [ruleId, [...states.keys()], [...states.values()].map((s) => JSON.stringify(s))],
  );
}

/** The change-log seq the engine has read up to; null before its first tick. */
export async function enginePosition(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ state: { seq: number } }>(
    'select state from rule_state where rule_id = $1 and key = $2',
    [ENGINE.ruleId, ENGINE.key],
  );
  return rows[0] ? Number(rows[0].state.seq) : null;
}

export async function saveEnginePosition(db: Queryable, seq: number): Promise<void> {
  await db.query(
    `insert into rule_state (rule_id, key, state, updated_at) values ($1, $2, $3, now())
     on conflict (rule_id, key) do update set state = excluded.state, updated_at = now()`,
    [ENGINE.ruleId, ENGINE.key, JSON.stringify({ seq })],
  );
}

/**
 * The sensors with new readings after change-log seq `after`, over at most `limit` log rows, and the seq
 * read up to (`after` when the log has nothing newer).
 */
export async function sensorsWithNewReadings(
  db: Queryable,
  after: number,
  limit: number,
): Promise<{ upTo: number; rows: number; sensorIds: string[] }> {
  const { rows } = await db.query<{ up_to: string | null; n: number; sensor_ids: string[] | null }>(
    `with c as (select seq, sensor_ids from change_log where seq > $1 order by seq limit $2)
     select (select max(seq) from c) as up_to, (select count(*)::int from c) as n,
            (select array_agg(distinct s) from c, unnest(c.sensor_ids) as s) as sensor_ids`,
    [after, limit],
  );
  const row = rows[0];
  return {
    upTo: row?.up_to ? Number(row.up_to) : after,
    rows: row?.n ?? 0,
    sensorIds: row?.sensor_ids ?? [],
  };
}
