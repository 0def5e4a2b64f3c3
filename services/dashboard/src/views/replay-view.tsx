import { Link } from '../router/link.js';
import { ROUTE_PATHS } from '../router/routes.js';

/**
 * The route exists so links and navigation are in place; the replay itself (window, playback, scrubbing,
 * aggregates, export) is roadmap step 4 and needs the server's replay endpoint.
 */
export function ReplayPanel() {
  return (
    <aside className="panel panel--replay" data-testid="replay-placeholder" aria-label="Replay">
      <h1>Replay</h1>
      <p>Replay of past time windows arrives in a later release.</p>
      <p>
        Until then, the <Link to={ROUTE_PATHS.incidents}>incidents view</Link> lists closed incidents with
        their full timelines (status filter “All”).
      </p>
    </aside>
  );
}
