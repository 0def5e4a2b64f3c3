/**
 * Reading dead letters: newest first, paged by the keyset (received_at, id) so that walking the pages with
 * the cursor returns every dead letter exactly once, however many arrive meanwhile (new ones go before the
 * first page, not between pages). Migration 9's index dead_letters_received_id serves the order.
 */
import type { DeadLetterItem } from '@twin/domain';
import type { Queryable } from './pool.js';

/**
 * Where a page ended: the exact receive time in microseconds since the epoch (received_at has microseconds;
 * milliseconds would skip or repeat rows received within one) and the id, both as decimal strings.
 */
export interface DeadLetterKey {
  receivedUs: string;
  id: string;
}

export interface DeadLetterQuery {
  /** Page size. */
  limit: number;
  /** Only dead letters after this key in the newest-first order (the previous page's `next`). */
  after?: DeadLetterKey;
  /** Case-insensitive substring of the reason. */
  reason?: string;
  /** Case-insensitive substring of the topic. */
  topic?: string;
  /** Received at or after (epoch ms). */
  from?: number;
  /** Received at or before (epoch ms, the whole millisecond included). */
  to?: number;
}

/** A LIKE pattern matching `text` anywhere: its own `%`, `_` and `\` match only themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of dead letters, newest first. `total` counts every dead letter the filters match (not only this
 * page, and whatever the cursor), so it is the same on every page; `next` is set when older ones remain.
 */
export async function listDeadLetters(
  db: Queryable,
  q: DeadLetterQuery,
): Promise<{ items: DeadLetterItem[]; total: number; next: DeadLetterKey | null }> {
  const filters: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) filters.push(`received_at >= $${params.push(new Date(q.from).toISOString())}`);
  // NOTE: received_at has microseconds; `< to + 1 ms` includes everything a client sees as receivedAt = to.
  if (q.to !== undefined)
    filters.push(
      `received_at < $${params.push(new Date(q.to).toISOString())}::timestamptz + interval '1 millisecond'`,
    );
  if (q.reason) filters.push(`reason ilike $${params.push(containsPattern(q.reason))}`);
  if (q.topic) filters.push(`topic ilike $${params.push(containsPattern(q.topic))}`);
  const total = await db.query<{ n: string }>(
    `select count(*) as n from dead_letters ${filters.length > 0 ? `where ${filters.join(' and ')}` : ''}`,
    [...params],
  );
  const where = [...filters];
  if (q.after !== undefined)
    where.push(
      `(received_at, id) < (timestamptz 'epoch' + $${params.push(q.after.receivedUs)}::bigint * interval '1 microsecond',
                            $${params.push(q.after.id)}::bigint)`,
    );
  const { rows } = await db.query<{
    id: string;
    received_at: Date;
    received_us: string;
    topic: string;
    reason: string;
    payload: string;
    payload_bytes: number;
  }>(
    `select id, received_at, (extract(epoch from received_at) * 1000000)::bigint as received_us,
            topic, reason, payload, payload_bytes
     from dead_letters ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
     order by received_at desc, id desc limit $${params.push(q.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      receivedAt: r.received_at.getTime(),
      topic: r.topic,
      reason: r.reason,
      payload: r.payload,
      payloadBytes: r.payload_bytes,
    })),
    total: Number(total.rows[0]?.n ?? 0),
    next:
      rows.length > q.limit && last ? { receivedUs: String(last.received_us), id: String(last.id) } : null,
  };
}
