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
  // NOTE: the first line keeps the "messages … · readings stored …" wording the browser test reads. Each
  // figure stays with its words; a line too long for a narrow screen breaks between figures, never cuts one.
  return (
    <p className="wall__counters" data-testid="ingest-counters">
      <span className="wall__counters-line">
        <span className="wall__counter">
          messages <Count value={received} />
        </span>
        {' · '}
        <span className="wall__counter">
          readings stored <Count value={readingsStored} />
        </span>
        {' · '}
        <span className="wall__counter">
          lost upstream <Count value={seqGaps} warn />
        </span>
      </span>
      <span className="wall__counters-line">
        of the messages:{' '}
        <span className="wall__counter">
          stored <Count value={stored} />
        </span>
        {' · '}
        <span className="wall__counter">
          duplicates <Count value={duplicates} />
        </span>
        {' · '}
        <span className="wall__counter">
          rejected <Count value={rejected} warn />
        </span>
        {' · '}
        <span className="wall__counter">
          waiting <Count value={pending} />
        </span>
      </span>
    </p>
  );
}
