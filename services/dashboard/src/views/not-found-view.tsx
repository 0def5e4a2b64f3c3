import { Link } from '../router/link.js';
import { ROUTE_PATHS } from '../router/routes.js';

export function NotFoundPanel() {
  return (
    <aside className="panel panel--replay" aria-label="Not found">
      <h1>Page not found</h1>
      <p>
        Go to the <Link to={ROUTE_PATHS.wall}>wall view</Link> or the{' '}
        <Link to={ROUTE_PATHS.incidents}>incidents</Link>.
      </p>
    </aside>
  );
}
