/**
 * Per-sensor `seq` accounting in the database, inside the writing transaction: the sensors' rows are locked
 * in id order (so two instances never deadlock on them), observed by the pure SequenceTracker, and written
 * back. Gaps counted here are what the heartbeat shows as lost upstream, summed over every instance.
 */
import { compareText } from '@twin/domain';
import type { PoolClient } from 'pg';
import { type SeqState, SequenceTracker } from '../ingest/sequence-tracker.js';

export interface SequenceOutcome {
  gaps: number;
  resets: number;
}

export async function trackSequences(
  client: PoolClient,
  observations: readonly { sensorId: string; seq: number }[],
): Promise<SequenceOutcome> {
  if (observations.length === 0) return { gaps: 0, resets: 0 };
  const ids = [...new Set(observations.map((o) => o.sensorId))].sort();
  const { rows } = await client.query<{ sensor_id: string; first_seq: string; last_seq: string }>(
    `select sensor_id, first_seq, last_seq from sensor_sequences
     where sensor_id = any($1::text[]) order by sensor_id for update`,
    [ids],
  );
  const states = new Map<string, SeqState>(
    rows.map((r) => [r.sensor_id, { first: Number(r.first_seq), last: Number(r.last_seq) }]),
  );
  const tracker = new SequenceTracker(states);
  let gaps = 0;
  let resets = 0;
  // NOTE: in seq order per sensor, so a batch holding 6 then 5 counts no gap.
  const ordered = [...observations].sort((a, b) => compareText(a.sensorId, b.sensorId) || a.seq - b.seq);
  for (const o of ordered) {
    const seen = tracker.observe(o.sensorId, o.seq);
    gaps += seen.gap;
    if (seen.reset) resets++;
  }
  const changed = [...tracker.changed].sort(([a], [b]) => compareText(a, b));
  await client.query(
    `insert into sensor_sequences (sensor_id, first_seq, last_seq)
     select * from unnest($1::text[], $2::bigint[], $3::bigint[])
     on conflict (sensor_id) do update set first_seq = excluded.first_seq, last_seq = excluded.last_seq`,
    [changed.map(([id]) => id), changed.map(([, s]) => s.first), changed.map(([, s]) => s.last)],
  );
  return { gaps, resets };
}
