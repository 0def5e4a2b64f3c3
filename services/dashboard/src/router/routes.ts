/** The dashboard's routes. A tiny matcher instead of a router library: a few flat paths need nothing more. */
export type RouteName = 'wall' | 'incidents' | 'replay' | 'dead-letters' | 'not-found';

export const ROUTE_PATHS: Record<Exclude<RouteName, 'not-found'>, string> = {
  wall: '/',
  incidents: '/incidents',
  replay: '/replay',
  'dead-letters': '/dead-letters',
};

export function matchRoute(pathname: string): RouteName {
  // NOTE: a trailing slash or `index.html` (a static server's habit) must not lead to "not found".
  const path = pathname.replace(/\/index\.html$/, '/').replace(/(.)\/+$/, '$1') || '/';
  if (path === '/') return 'wall';
  if (path === ROUTE_PATHS.incidents) return 'incidents';
  if (path === ROUTE_PATHS.replay) return 'replay';
  if (path === ROUTE_PATHS['dead-letters']) return 'dead-letters';
  return 'not-found';
}
