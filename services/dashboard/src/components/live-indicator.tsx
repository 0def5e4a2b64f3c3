import { useLiveStatus } from '../hooks/use-live-status.js';
import { useMe } from '../session/use-me.js';
import { liveStatusDetail, liveStatusText } from '../state/staleness.js';

/**
 * LIVE (green), NOT STORING (red: the server hears the feed but cannot keep it, with its reason below in
 * smaller type) or STALE (amber) with how long the data has been silent. Readable from across the room.
 * SIGNED OUT when the session is gone: the server refuses the live feed then, and "stale" would suggest
 * waiting would help.
 */
export function LiveIndicator({ large = false }: { large?: boolean }) {
  const status = useLiveStatus();
  const { me, isPending, error } = useMe();
  // NOTE: "cannot reach the server" is not "signed out": then the stale/disconnected state says it.
  const signedOut = !isPending && me === null && error === null;
  const kind = signedOut ? 'signed-out' : status.kind;
  const detail = signedOut ? null : liveStatusDetail(status);
  return (
    <div
      className={`live-status live-status--${kind}${large ? ' live-status--large' : ''}`}
      data-testid="live-status"
      role="status"
      aria-live="polite"
      title={detail ?? undefined}
    >
      <span className="live-status__dot" aria-hidden="true" />
      <span className="live-status__body">
        <span className="live-status__text">{signedOut ? 'SIGNED OUT' : liveStatusText(status)}</span>
        {detail && <span className="live-status__detail">{detail}</span>}
      </span>
    </div>
  );
}
