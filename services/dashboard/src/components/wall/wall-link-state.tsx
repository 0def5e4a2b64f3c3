import { useHeartbeat } from '../../hooks/use-live-status.js';
import { useNow } from '../../hooks/use-now.js';
import { formatDuration } from '../../lib/format.js';
import { dataAgeMs } from '../../state/staleness.js';
import { LiveIndicator } from '../live-indicator.js';

/**
 * The link state, wall-sized, and how long ago the newest data was stored — always on screen, so nobody
 * takes a frozen picture for a quiet city.
 */
export function WallLinkState() {
  const heartbeat = useHeartbeat();
  // NOTE: ticks with the indicator every second, so the age counts up with it.
  const now = useNow(1000);
  const age = dataAgeMs(heartbeat, now);
  return (
    <div className="wall-link" data-testid="wall-link">
      <LiveIndicator large />
      <span className="wall-link__age" data-testid="last-update">
        {age === null ? 'no data yet' : `last data ${formatDuration(age)} ago`}
      </span>
    </div>
  );
}
