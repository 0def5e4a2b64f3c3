import type { Principal } from '@twin/domain';
import { mayOpenView } from '../lib/access.js';
import { Link } from '../router/link.js';
import { ROUTE_PATHS, type RouteName } from '../router/routes.js';
import { UserMenu } from './user-menu.js';

type NavRoute = Exclude<RouteName, 'not-found' | 'sign-in'>;

const ITEMS: ReadonlyArray<{ route: NavRoute; label: string }> = [
  { route: 'wall', label: 'Wall' },
  { route: 'incidents', label: 'Incidents' },
  { route: 'replay', label: 'Replay' },
  { route: 'rules', label: 'Rules' },
  { route: 'dead-letters', label: 'Dead letters' },
  { route: 'admin', label: 'Users & access' },
];

export function NavBar({ current, me }: { current: RouteName; me: Principal }) {
  return (
    <nav className="nav" aria-label="Views">
      {ITEMS.filter((item) => mayOpenView(item.route, me)).map((item) => (
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
      <UserMenu me={me} />
    </nav>
  );
}
