import { useLiveStatus } from '../hooks/use-live-status.js';
import { liveStatusDetail, liveStatusText } from '../state/staleness.js';

/**
 * LIVE (green), NOT STORING (red: the server hears the feed but cannot keep it, with its reason below in
 * smaller type) or STALE (amber) with how long the data has been silent. Readable from across the room.
 */
export function LiveIndicator({ large = false }: { large?: boolean }) {
  const status = useLiveStatus();
  const detail = liveStatusDetail(status);
  return (
    <div
      className={`live-status live-status--${status.kind}${large ? ' live-status--large' : ''}`}
      data-testid="live-status"
      role="status"
      aria-live="polite"
      title={detail ?? undefined}
    >
      <span className="live-status__dot" aria-hidden="true" />
      <span className="live-status__body">
        <span className="live-status__text">{liveStatusText(status)}</span>
        {detail && <span className="live-status__detail">{detail}</span>}
      </span>
    </div>
  );
}
