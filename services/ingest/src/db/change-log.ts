/**
 * The change log: every committed change (incident states, sensor registrations and statuses, reading
 * summaries, dead letters) appended in the writing transaction, with a sequence `seq` whose order is
 * commit order. Every instance's live hub tails it (live/change-feed.ts), so every browser on every
 * instance sees every change, in order, once.
 *
 * Why commit order: `seq` comes from an identity column, and two transactions can take numbers in one order
 * and commit in the other; a tailer that had read past the later number would then skip the earlier one for
 * good. So the append runs under a transaction-level advisory lock: a transaction takes its numbers only
 * once the previous appender has committed and released the lock (PostgreSQL makes a commit visible before
 * it releases locks). Only the last statement of a transaction waits for the lock, not its inserts.
 */
import type { DeadLetterNotice, IncidentView } from '@twin/domain';
import type { PoolClient } from 'pg';
import { CHANGE_LOG_APPEND_LOCK, LOCK_NAMESPACE } from './lock-keys.js';
import type { Queryable } from './pool.js';
import { SENSOR_VIEW_JSON } from './sensor-view-sql.js';

/** The channel a commit notifies (PostgreSQL LISTEN/NOTIFY), with its newest seq as the payload. */
export const CHANGE_CHANNEL = 'twin_changes';

/**
 * Newest values per (sensor, metric), column-wise: what a readings row of the log stands for once read.
 * NOTE: the log itself keeps only the ids of the sensors that got new readings (a text array, cheap for the
 * writer: logging the values cost the embedded engine a fifth of its gateway throughput); the reader takes
 * their values from `sensor_latest` (readChanges). Those may be newer than the row — latest values
 * only move forward, and the newest value wins on the client too.
 */
export interface ReadingsChange {
  sensorIds: string[];
  metrics: string[];
  ts: number[];
  values: number[];
}

export interface ChangeSet {
  incidents: readonly IncidentView[];
  /** Sensors registered or whose status changed: their whole view is logged. */
  sensorIds: readonly string[];
  /** Sensors with new readings in this transaction (null or empty: none). */
  readingSensorIds: readonly string[] | null;
  deadLetters: readonly DeadLetterNotice[];
}

/** What a transaction adds to the accounting of every instance together (ingest_totals). */
export interface TotalsDelta {
  messagesStored: number;
  messagesDuplicate: number;
  messagesRejected: number;
  readingsStored: number;
  readingsDuplicate: number;
  eventsStored: number;
  eventsDuplicate: number;
  deadLetters: number;
  seqGaps: number;
  seqResets: number;
  /** Something other than dead letters was stored: lastIngestAt moves. */
  storedData: boolean;
}

export const NO_TOTALS: TotalsDelta = {
  messagesStored: 0,
  messagesDuplicate: 0,
  messagesRejected: 0,
  readingsStored: 0,
  readingsDuplicate: 0,
  eventsStored: 0,
  eventsDuplicate: 0,
  deadLetters: 0,
  seqGaps: 0,
  seqResets: 0,
  storedData: false,
};

// NOTE: one statement. Both the insert and the update join the lock CTE, so the lock is taken before the
// first seq is drawn whatever the plan; pg_notify runs only when something was appended, and is delivered
// at commit.
const APPEND = `
  with lock as materialized (select pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${CHANGE_LOG_APPEND_LOCK})),
  rows (kind, body, sensor_ids) as (
    select 'incident', b, null::text[] from unnest($1::jsonb[]) as u(b)
    union all
    select 'sensor', ${SENSOR_VIEW_JSON}, null from sensors s where s.sensor_id = any($2::text[]) and s.registered
    union all
    select 'readings', '{}'::jsonb, $3::text[] where cardinality($3::text[]) > 0
    union all
    select 'dead_letter', b, null from unnest($4::jsonb[]) as d(b)),
  appended as (
    insert into change_log (kind, body, sensor_ids)
    select r.kind, r.body, r.sensor_ids from rows r, lock returning seq),
  totals as (
    update ingest_totals t set
      messages_stored = t.messages_stored + $5, messages_duplicate = t.messages_duplicate + $6,
      messages_rejected = t.messages_rejected + $7, readings_stored = t.readings_stored + $8,
      readings_duplicate = t.readings_duplicate + $9, events_stored = t.events_stored + $10,
      events_duplicate = t.events_duplicate + $11, dead_letters = t.dead_letters + $12,
      seq_gaps = t.seq_gaps + $13, seq_resets = t.seq_resets + $14,
      last_ingest_at = case when $15 then now() else t.last_ingest_at end
    from lock where t.id = 1 returning 1)
  select last.seq, pg_notify('${CHANGE_CHANNEL}', last.seq::text) as notified
  from (select max(seq) as seq from appended) last, (select count(*) from totals) done
  where last.seq is not null`;

/** Appends a transaction's changes and totals; returns the newest seq it appended (null: nothing). */
export async function appendChanges(
  client: PoolClient,
  changes: ChangeSet,
  totals: TotalsDelta,
): Promise<number | null> {
  const { rows } = await client.query<{ seq: string }>(APPEND, [
    changes.incidents.map((v) => JSON.stringify(v)),
    changes.sensorIds,
    changes.readingSensorIds ?? [],
    changes.deadLetters.map((d) => JSON.stringify(d)),
    totals.messagesStored,
    totals.messagesDuplicate,
    totals.messagesRejected,
    totals.readingsStored,
    totals.readingsDuplicate,
    totals.eventsStored,
    totals.eventsDuplicate,
    totals.deadLetters,
    totals.seqGaps,
    totals.seqResets,
    totals.storedData,
  ]);
  return rows[0] ? Number(rows[0].seq) : null;
}

export type ChangeKind = 'incident' | 'sensor' | 'readings' | 'dead_letter';

export interface ChangeRow {
  seq: number;
  kind: ChangeKind;
  /** Readings rows: a ReadingsChange (the latest values of the row's sensors). */
  body: unknown;
}

/**
 * Changes after `since`, oldest first, at most `limit`, readings rows with the latest values of their
 * sensors — in one round trip: on the embedded engine every query waits for the writer's transaction.
 */
export async function readChanges(db: Queryable, since: number, limit: number): Promise<ChangeRow[]> {
  const { rows } = await db.query<{
    seq: string;
    kind: ChangeKind;
    body: unknown;
    latest: { s: string; m: string; t: number; v: number }[] | null;
  }>(
    `select c.seq, c.kind, c.body,
            case when c.kind = 'readings' then
              (select jsonb_agg(jsonb_build_object('s', l.sensor_id, 'm', l.metric,
                                'v', l.value, 't', floor(extract(epoch from l.ts) * 1000)))
               from sensor_latest l where l.sensor_id = any(c.sensor_ids)) end as latest
     from change_log c where c.seq > $1 order by c.seq limit $2`,
    [since, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    kind: r.kind,
    body: r.kind === 'readings' ? readingsOf(r.latest ?? []) : r.body,
  }));
}

function readingsOf(latest: { s: string; m: string; t: number; v: number }[]): ReadingsChange {
  return {
    sensorIds: latest.map((l) => l.s),
    metrics: latest.map((l) => l.m),
    ts: latest.map((l) => Number(l.t)),
    values: latest.map((l) => l.v),
  };
}

/**
 * The newest seq, and the oldest one still in the log (pruning removes old rows): a client that saw seq S
 * can resume when S + 1 ≥ oldest, i.e. nothing after S has been pruned.
 */
export async function logBounds(db: Queryable): Promise<{ oldest: number | null; newest: number }> {
  const { rows } = await db.query<{ oldest: string | null; newest: string | null }>(
    `select (select seq from change_log order by seq limit 1) as oldest,
            (select seq from change_log order by seq desc limit 1) as newest`,
  );
  const row = rows[0];
  // NOTE: pruning always keeps the newest row (db/retention.ts), so an empty log has never had one: position 0,
  // as in liveSnapshot.
  if (!row?.newest) return { oldest: null, newest: 0 };
  return { oldest: Number(row.oldest), newest: Number(row.newest) };
}

/** The newest seq committed before `at` (epoch ms), 0 if none: where a reader interested from `at` on starts. */
export async function logPositionBefore(db: Queryable, at: number): Promise<number> {
  const { rows } = await db.query<{ seq: string | null }>(
    // NOTE: by the `at` index; `at` is the transaction's start, so the order is close to seq's, which is all a
    // starting point needs.
    'select seq from change_log where at < $1 order by at desc limit 1',
    [new Date(at).toISOString()],
  );
  return Number(rows[0]?.seq ?? 0);
}

export interface StoredTotals {
  messagesStored: number;
  messagesDuplicate: number;
  messagesRejected: number;
  readingsStored: number;
  seqGaps: number;
  lastIngestAt: number | null;
}

export async function readTotals(db: Queryable): Promise<StoredTotals> {
  const { rows } = await db.query<Record<string, string | Date | null>>(
    `select messages_stored, messages_duplicate, messages_rejected, readings_stored, seq_gaps, last_ingest_at
     from ingest_totals where id = 1`,
  );
  const r = rows[0] ?? {};
  return {
    messagesStored: Number(r.messages_stored ?? 0),
    messagesDuplicate: Number(r.messages_duplicate ?? 0),
    messagesRejected: Number(r.messages_rejected ?? 0),
    readingsStored: Number(r.readings_stored ?? 0),
    seqGaps: Number(r.seq_gaps ?? 0),
    lastIngestAt: r.last_ingest_at instanceof Date ? r.last_ingest_at.getTime() : null,
  };
}
