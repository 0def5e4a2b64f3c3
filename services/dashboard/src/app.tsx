/**
 * The shell: one map for every view (created once, never remounted on navigation), the current view's
 * panel over it, and what must always be visible (navigation, attributions, the server banner, whether the
 * data is historical).
 */
import { AttributionBar } from './components/attribution-bar.js';
import { CityMap } from './components/city-map.js';
import { DataAsOf } from './components/data-as-of.js';
import { NavBar } from './components/nav-bar.js';
import { ServerBanner } from './components/server-banner.js';
import { useRefetchUnknownDepartments } from './hooks/use-department-colors.js';
import { useIncidentList, useLiveIncidents } from './hooks/use-map-incidents.js';
import { useUiStore } from './state/ui-store.js';
import { DeadLettersPanel } from './views/dead-letters-view.js';
import { IncidentsPanel } from './views/incidents-view.js';
import { NotFoundPanel } from './views/not-found-view.js';
import { ReplayPanel } from './views/replay-view.js';
import { WallPanel } from './views/wall-view.js';

export function App() {
  const route = useUiStore((s) => s.route);
  const url = useUiStore((s) => s.url);
  // The live set (socket-fed) serves the wall; the drill-down uses the server-filtered list, which also
  // reaches closed incidents the live set has dropped. Whichever the view uses also drives the map.
  const live = useLiveIncidents(url);
  const list = useIncidentList(url, route === 'incidents');
  const mapIncidents = route === 'incidents' ? list.incidents : live.incidents;
  useRefetchUnknownDepartments(live.incidents, list.incidents);
  return (
    <div className={`app app--${route}`}>
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
      {route === 'dead-letters' && <DeadLettersPanel />}
      {route === 'not-found' && <NotFoundPanel />}
      <NavBar current={route} />
      <DataAsOf />
      <ServerBanner />
      <AttributionBar />
    </div>
  );
}
