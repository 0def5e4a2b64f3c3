import { useHeartbeat } from '../hooks/use-live-status.js';

const number = new Intl.NumberFormat('en-US');

/**
 * The ingest accounting from the heartbeat: every message received is stored or rejected with a reason, so
 * a wall screen shows at a glance that nothing is being lost silently.
 */
export function IngestCounters() {
  const heartbeat = useHeartbeat();
  if (!heartbeat) return null;
  const { received, stored, rejected, duplicates, seqGaps } = heartbeat.counters;
  return (
    <p className="wall__counters" data-testid="ingest-counters">
      messages {number.format(received)} · readings stored {number.format(stored)} · rejected{' '}
      <span className={rejected > 0 ? 'wall__counter--warn' : undefined}>{number.format(rejected)}</span> ·
      duplicates {number.format(duplicates)} · lost upstream{' '}
      <span className={seqGaps > 0 ? 'wall__counter--warn' : undefined}>{number.format(seqGaps)}</span>
    </p>
  );
}
