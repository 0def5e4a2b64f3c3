import { useHeartbeat } from '../hooks/use-live-status.js';

const number = new Intl.NumberFormat('en-US');

function Count({ value, warn = false }: { value: number; warn?: boolean }) {
  return (
    <span className={warn && value > 0 ? 'wall__counter--warn' : undefined}>{number.format(value)}</span>
  );
}

/**
 * The ingest accounting from the heartbeat, so a wall screen shows at a glance that nothing is being lost
 * silently. Per message: every one received is stored, a duplicate, rejected with a reason, or still
 * waiting to be committed, and those add up; readings stored counts the values inside the stored messages,
 * lost upstream the readings that devices' sequence numbers say never reached us.
 */
export function IngestCounters() {
  const heartbeat = useHeartbeat();
  if (!heartbeat) return null;
  const { received, stored, duplicates, rejected, pending, readingsStored, seqGaps } = heartbeat.counters;
  // NOTE: the first line keeps the "messages … · readings stored …" wording the browser test reads.
  return (
    <p className="wall__counters" data-testid="ingest-counters">
      <span className="wall__counters-line">
        messages <Count value={received} /> · readings stored <Count value={readingsStored} /> · lost upstream{' '}
        <Count value={seqGaps} warn />
      </span>
      <span className="wall__counters-line">
        of the messages: stored <Count value={stored} /> · duplicates <Count value={duplicates} /> · rejected{' '}
        <Count value={rejected} warn /> · waiting <Count value={pending} />
      </span>
    </p>
  );
}
