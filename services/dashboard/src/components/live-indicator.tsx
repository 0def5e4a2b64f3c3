import { useLiveStatus } from '../hooks/use-live-status.js';
import { liveStatusText } from '../state/staleness.js';

/** LIVE (green) or STALE (amber) with how long the data has been silent. Readable from across the room. */
export function LiveIndicator({ large = false }: { large?: boolean }) {
  const status = useLiveStatus();
  return (
    <div
      className={`live-status live-status--${status.kind}${large ? ' live-status--large' : ''}`}
      data-testid="live-status"
      role="status"
      aria-live="polite"
    >
      <span className="live-status__dot" aria-hidden="true" />
      {liveStatusText(status)}
    </div>
  );
}
