import { Link } from '../router/link.js';
import { ROUTE_PATHS, type RouteName } from '../router/routes.js';

const ITEMS: Array<{ route: Exclude<RouteName, 'not-found'>; label: string }> = [
  { route: 'wall', label: 'Wall' },
  { route: 'incidents', label: 'Incidents' },
  { route: 'replay', label: 'Replay' },
  { route: 'dead-letters', label: 'Dead letters' },
];

export function NavBar({ current }: { current: RouteName }) {
  return (
    <nav className="nav" aria-label="Views">
      {ITEMS.map((item) => (
        <Link
          key={item.route}
          to={ROUTE_PATHS[item.route]}
          // NOTE: a view's own selection does not carry over (the wall has no detail panel).
          patch={{ incident: null }}
          className={item.route === current ? 'nav__item nav__item--current' : 'nav__item'}
          aria-current={item.route === current ? 'page' : undefined}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
