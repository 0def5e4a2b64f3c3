/**
 * Rules in the store (migration 14): the current definition of each rule, every version ever saved, and what
 * the rules did (rule_firings). The city pack's rules are inserted when the store has never seen them; an
 * admin's change (origin `admin`) is never overwritten by the pack. The engine's memory is in rule-state.ts.
 */
import type { Rule, RuleAction, RuleView } from '@twin/domain';
import type pg from 'pg';
import { type Queryable, withTransaction } from './pool.js';

export type RuleOrigin = 'pack' | 'admin';

export interface RuleVersion {
  version: number;
  rule: Rule;
  origin: RuleOrigin;
  updatedAt: number;
  updatedBy: string | null;
}

const VIEW_SQL = `
  select r.definition, r.version, r.origin, floor(extract(epoch from r.updated_at) * 1000)::float8 as updated_at,
         r.updated_by,
         (select floor(extract(epoch from max(f.at)) * 1000)::float8 from rule_firings f where f.rule_id = r.id)
           as last_fired_at,
         (select count(*)::int from rule_firings f where f.rule_id = r.id and f.at > now() - interval '24 hours')
           as fired_24h
  from rules r`;

interface ViewRow {
  definition: Rule;
  version: number;
  origin: RuleOrigin;
  updated_at: number;
  updated_by: string | null;
  last_fired_at: number | null;
  fired_24h: number;
}

const toView = (r: ViewRow): RuleView => ({
  rule: r.definition,
  version: r.version,
  origin: r.origin,
  updatedAt: Number(r.updated_at),
  updatedBy: r.updated_by,
  lastFiredAt: r.last_fired_at === null ? null : Number(r.last_fired_at),
  firedLast24h: r.fired_24h,
});

export async function listRuleViews(db: Queryable): Promise<RuleView[]> {
  const { rows } = await db.query<ViewRow>(`${VIEW_SQL} order by r.id`);
  return rows.map(toView);
}

export async function getRuleView(db: Queryable, id: string): Promise<RuleView | null> {
  const { rows } = await db.query<ViewRow>(`${VIEW_SQL} where r.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : null;
}

/** The definitions the engine runs (enabled ones only). */
export async function enabledRules(db: Queryable): Promise<Rule[]> {
  const { rows } = await db.query<{ definition: Rule }>(
    'select definition from rules where enabled order by id',
  );
  return rows.map((r) => r.definition);
}

export async function ruleVersions(db: Queryable, id: string): Promise<RuleVersion[]> {
  const { rows } = await db.query<{
    version: number;
    definition: Rule;
    origin: RuleOrigin;
    updated_at: number;
    updated_by: string | null;
  }>(
    `select version, definition, origin, floor(extract(epoch from updated_at) * 1000)::float8 as updated_at,
            updated_by
     from rule_versions where rule_id = $1 order by version desc`,
    [id],
  );
  return rows.map((r) => ({
    version: r.version,
    rule: r.definition,
    origin: r.origin,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by,
  }));
}

/**
 * Inserts the pack's rules the store has never seen (no version of that id, so a rule an admin deleted does
 * not come back either), as version 1 with origin `pack`. Safe at every start and from several instances.
 * Returns the ids inserted.
 */
export async function seedPackRules(pool: pg.Pool, rules: readonly Rule[]): Promise<string[]> {
  if (rules.length === 0) return [];
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into rules (id, definition, version, origin, enabled, updated_by)
       select d->>'id', d, 1, 'pack', (d->>'enabled')::boolean, 'city pack'
       from unnest($1::jsonb[]) as u(d)
       where not exists (select 1 from rule_versions v where v.rule_id = d->>'id')
       on conflict (id) do nothing
       returning id`,
      [rules.map((r) => JSON.stringify(r))],
    );
    await copyVersions(
      client,
      rows.map((r) => r.id),
    );
    return rows.map((r) => r.id);
  });
}

async function copyVersions(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `insert into rule_versions (rule_id, version, definition, origin, updated_at, updated_by)
     select id, version, definition, origin, updated_at, updated_by from rules where id = any($1::text[])`,
    [ids],
  );
}

/**
 * Creates an admin's rule; false when the id is taken. A deleted rule's id may be used again: its numbering
 * continues after its last version.
 */
export async function createRule(pool: pg.Pool, rule: Rule, by: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into rules (id, definition, version, origin, enabled, updated_by)
       values ($1, $2, coalesce((select max(version) from rule_versions where rule_id = $1), 0) + 1,
               'admin', $3, $4)
       on conflict (id) do nothing returning id`,
      [rule.id, JSON.stringify(rule), rule.enabled, by],
    );
    await copyVersions(
      client,
      rows.map((r) => r.id),
    );
    return rows.length === 1;
  });
}

/** Replaces a rule's definition: a new version, origin `admin`. False when there is no such rule. */
export async function replaceRule(pool: pg.Pool, rule: Rule, by: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `update rules set definition = $2, enabled = $3, version = version + 1, origin = 'admin',
              updated_at = now(), updated_by = $4
       where id = $1 returning id`,
      [rule.id, JSON.stringify(rule), rule.enabled, by],
    );
    await copyVersions(
      client,
      rows.map((r) => r.id),
    );
    // NOTE: a changed condition starts its episodes afresh; an episode already open keeps its incident,
    // which people can resolve.
    if (rows.length === 1) await client.query('delete from rule_state where rule_id = $1', [rule.id]);
    return rows.length === 1;
  });
}

/** Switches a rule on or off (a new version, origin `admin`). False when there is no such rule. */
export async function setRuleEnabled(
  pool: pg.Pool,
  id: string,
  enabled: boolean,
  by: string,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `update rules set enabled = $2, definition = jsonb_set(definition, '{enabled}', to_jsonb($2::boolean)),
              version = version + 1, origin = 'admin', updated_at = now(), updated_by = $3
       where id = $1 returning id`,
      [id, enabled, by],
    );
    await copyVersions(
      client,
      rows.map((r) => r.id),
    );
    return rows.length === 1;
  });
}

/**
 * Deletes a rule: it stops acting at once; its versions and firings stay as history, and the city pack does
 * not bring it back. False when there is no such rule.
 */
export async function deleteRule(pool: pg.Pool, id: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query('delete from rules where id = $1', [id]);
    await client.query('delete from rule_state where rule_id = $1', [id]);
    return rowCount === 1;
  });
}

/** Which of these event ids a rule has already written (the engine never writes one twice). */
export async function firedEventIds(db: Queryable, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await db.query<{ event_id: string }>(
    'select event_id from rule_firings where event_id = any($1::text[])',
    [eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Records actions once their events are committed (a repeat of the same event id changes nothing). */
export async function recordFirings(db: Queryable, actions: readonly RuleAction[]): Promise<void> {
  if (actions.length === 0) return;
  await db.query(
    `insert into rule_firings (event_id, rule_id, at, action, incident_id)
     select event_id, rule_id, to_timestamp(at_ms / 1000.0), action, incident_id
     from unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[])
       as u(event_id, rule_id, at_ms, action, incident_id)
     on conflict (event_id) do nothing`,
    [
      actions.map((a) => a.event.eventId),
      actions.map((a) => a.ruleId),
      actions.map((a) => a.at),
      actions.map((a) => a.action),
      actions.map((a) => a.incidentId),
    ],
  );
}
