/**
 * The shell. First who is looking (session/gate.ts): a sign-in form, a wall opened with a kiosk link, a
 * wall whose link was revoked, or a signed-in user. Then, for a signed-in screen: one map for every view
 * (created once, never remounted on navigation), the current view's panel over it, and what must always
 * be visible (navigation and the user, attributions, the server banner, whether the data is historical).
 */
import type { Principal } from '@twin/domain';
import { useEffect } from 'react';
import { ApiError } from './api/http.js';
import { AttributionBar } from './components/attribution-bar.js';
import { CityMap } from './components/city-map.js';
import { DataAsOf } from './components/data-as-of.js';
import { NavBar } from './components/nav-bar.js';
import { ScreenMessage } from './components/screen-message.js';
import { ServerBanner } from './components/server-banner.js';
import { KioskBadge } from './components/user-menu.js';
import { useRefetchUnknownDepartments } from './hooks/use-department-colors.js';
import { useIncidentList, useLiveIncidents } from './hooks/use-map-incidents.js';
import { plainApiError } from './lib/api-errors.js';
import { ROUTE_PATHS } from './router/routes.js';
import { decideGate, type Gate } from './session/gate.js';
import { isKioskScreen } from './session/kiosk-link.js';
import { nextFromSignInSearch, signInHref } from './session/sign-in-route.js';
import { useKioskLink } from './session/use-kiosk-link.js';
import { useMe } from './session/use-me.js';
import { useUiStore } from './state/ui-store.js';
import { AdminPanel } from './views/admin-view.js';
import { DeadLettersPanel } from './views/dead-letters-view.js';
import { IncidentsPanel } from './views/incidents-view.js';
import { KioskRevokedView } from './views/kiosk-revoked-view.js';
import { NotFoundPanel } from './views/not-found-view.js';
import { ReplayPanel } from './views/replay-view.js';
import { RulesPanel } from './views/rules-view.js';
import { SignInView } from './views/sign-in-view.js';
import { WallPanel } from './views/wall-view.js';
import './styles/access.css';

export function App() {
  const { phase: kiosk, leaveWallMode } = useKioskLink();
  const { me, isPending, error } = useMe();
  const gate = decideGate({
    kiosk,
    me,
    mePending: isPending,
    meError: error !== null,
    kioskScreen: isKioskScreen(),
  });
  useAddressForGate(gate);

  switch (gate) {
    case 'opening-wall':
      return <ScreenMessage title="Opening the wall…" testId="opening-wall" />;
    case 'kiosk-revoked':
      return <KioskRevokedView onLeaveWallMode={leaveWallMode} />;
    case 'checking':
      return <ScreenMessage title="City operations" testId="checking-session" />;
    case 'unreachable':
      return (
        <ScreenMessage
          title={
            error instanceof ApiError && !error.unreachable
              ? 'The server cannot say who is signed in'
              : 'Cannot reach the server'
          }
          testId="server-unreachable"
        >
          {error instanceof ApiError && !error.unreachable && <p>{plainApiError(error)}</p>}
          <p>Retrying automatically; this screen comes back by itself.</p>
        </ScreenMessage>
      );
    case 'sign-in':
      return <SignInView />;
    default:
      // Both cases have a principal (decideGate only says 'app'/'kiosk' with one).
      return me ? <Workspace me={me} kiosk={gate === 'kiosk'} /> : null;
  }
}

/**
 * Keeps the address bar honest about the gate: signed out → `/sign-in?next=<where you were going>`; signed
 * in on `/sign-in` → on to `next`; a kiosk wall → the wall only, and navigation away from it is ignored.
 */
function useAddressForGate(gate: Gate) {
  const route = useUiStore((s) => s.route);
  const openHref = useUiStore((s) => s.openHref);
  const setWallOnly = useUiStore((s) => s.setWallOnly);
  useEffect(() => {
    setWallOnly(gate === 'kiosk');
    const { pathname, search } = window.location;
    if (gate === 'sign-in' && route !== 'sign-in')
      openHref(signInHref(`${pathname}${search}`), { replace: true });
    if (gate === 'app' && route === 'sign-in') openHref(nextFromSignInSearch(search), { replace: true });
    if (gate === 'kiosk' && route !== 'wall') openHref(ROUTE_PATHS.wall, { replace: true });
  }, [gate, route, openHref, setWallOnly]);
}

function Workspace({ me, kiosk }: { me: Principal; kiosk: boolean }) {
  const storeRoute = useUiStore((s) => s.route);
  const route = kiosk ? 'wall' : storeRoute;
  const url = useUiStore((s) => s.url);
  // The live set (socket-fed) serves the wall; the drill-down uses the server-filtered list, which also
  // reaches closed incidents the live set has dropped. Whichever the view uses also drives the map.
  const live = useLiveIncidents(url);
  const list = useIncidentList(url, route === 'incidents');
  const mapIncidents = route === 'incidents' ? list.incidents : live.incidents;
  useRefetchUnknownDepartments(live.incidents, list.incidents);
  return (
    <div className={`app app--${route}${kiosk ? ' app--kiosk' : ''}`}>
      <CityMap incidents={mapIncidents} />
      {route === 'wall' && <WallPanel incidents={live.incidents} loading={live.isPending} />}
      {route === 'incidents' && (
        <IncidentsPanel
          incidents={list.incidents}
          total={list.total}
          awaitingReport={list.awaitingReport}
          loading={list.isPending}
          error={list.error}
        />
      )}
      {route === 'replay' && <ReplayPanel />}
      {route === 'rules' && <RulesPanel me={me} />}
      {route === 'dead-letters' && <DeadLettersPanel />}
      {route === 'admin' && <AdminPanel me={me} />}
      {route === 'not-found' && <NotFoundPanel />}
      {kiosk ? <KioskBadge me={me} /> : <NavBar current={route} me={me} />}
      <DataAsOf />
      <ServerBanner />
      <AttributionBar />
    </div>
  );
}
