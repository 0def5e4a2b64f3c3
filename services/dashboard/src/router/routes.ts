/** The dashboard's routes. A tiny matcher instead of a router library: a few flat paths need nothing more. */
export type RouteName =
  | 'wall'
  | 'incidents'
  | 'replay'
  | 'rules'
  | 'dead-letters'
  | 'admin'
  | 'sign-in'
  | 'not-found';

export const ROUTE_PATHS: Record<Exclude<RouteName, 'not-found'>, string> = {
  wall: '/',
  incidents: '/incidents',
  replay: '/replay',
  rules: '/rules',
  'dead-letters': '/dead-letters',
  admin: '/admin',
  'sign-in': '/sign-in',
};

/** Other spellings people (and kiosk links, `/wall?kiosk=…`) use for a view. */
const ALIASES: Record<string, RouteName> = {
  '/wall': 'wall',
  '/access': 'admin',
};

export function matchRoute(pathname: string): RouteName {
  // NOTE: a trailing slash or `index.html` (a static server's habit) must not lead to "not found".
  const path = pathname.replace(/\/index\.html$/, '/').replace(/(.)\/+$/, '$1') || '/';
  for (const [name, routePath] of Object.entries(ROUTE_PATHS)) {
    if (path === routePath) return name as RouteName;
  }
  return ALIASES[path] ?? 'not-found';
}
