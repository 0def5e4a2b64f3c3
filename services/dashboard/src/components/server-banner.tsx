import { useQuery } from '@tanstack/react-query';
import { cityQuery } from '../api/city.js';
import { ApiError } from '../api/http.js';
import { liveIncidentsQuery } from '../api/incidents.js';
import { useSocketState } from '../live/live-socket-context.js';

/** Says plainly when the server cannot be reached, instead of an empty or broken screen. */
export function ServerBanner() {
  const city = useQuery(cityQuery);
  const incidents = useQuery(liveIncidentsQuery);
  const socket = useSocketState();
  const error = city.error ?? incidents.error;
  if (!error) return null;
  const unreachable = !(error instanceof ApiError) || error.unreachable;
  return (
    <div className="server-banner" role="alert" data-testid="server-error">
      {unreachable ? 'Cannot reach the server' : `Server error: ${error.message}`}
      <span className="server-banner__detail">
        {socket === 'open'
          ? ' — reloading data…'
          : ' — retrying automatically; the view updates when it is back.'}
      </span>
    </div>
  );
}
