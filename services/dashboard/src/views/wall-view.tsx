import { useQuery } from '@tanstack/react-query';
import { type IncidentView, isOpen } from '@twin/domain';
import { memo, useMemo, useRef } from 'react';
import { cityQuery } from '../api/city.js';
import { useActiveWarnings } from '../api/warnings.js';
import { IngestCounters as IngestCountersView } from '../components/ingest-counters.js';
import { KpiBoard as KpiBoardView } from '../components/wall/kpi-board.js';
import { MapKey as MapKeyView } from '../components/wall/map-key.js';
import { Ticker as TickerView } from '../components/wall/ticker.js';
import { UnitsBoard as UnitsBoardView } from '../components/wall/units-board.js';
import { UrgentList as UrgentListView } from '../components/wall/urgent-list.js';
import { WallHeader as WallHeaderView } from '../components/wall/wall-header.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { useFlashing } from '../hooks/use-flashing.js';
import { useMapWindow } from '../hooks/use-map-window.js';
import { useWallFeed } from '../hooks/use-wall-feed.js';
import { shortNameOf } from '../lib/departments.js';
import { countAwaitingReport, countOpenByDepartment, splitOpenByPlace } from '../lib/incidents.js';
import { useAnySimulatedSensor, useSensorKinds } from '../live/sensor-store-context.js';
import { useUiStore } from '../state/ui-store.js';
import '../styles/wall.css';

// NOTE: an incident change re-renders this panel (its `incidents` are new); each board then renders again only
// when what it shows changed (its props, or the store or query it reads), not with every change of the list.
const IngestCounters = memo(IngestCountersView);
const KpiBoard = memo(KpiBoardView);
const MapKey = memo(MapKeyView);
const Ticker = memo(TickerView);
const UnitsBoard = memo(UnitsBoardView);
const UrgentList = memo(UrgentListView);
const WallHeader = memo(WallHeaderView);

/**
 * The command-centre wall: read from 5 m, always on, unattended, read-only. Everything scales with the
 * screen (styles/wall.css), nothing scrolls, lists show whole rows only; the map fills the window left for
 * it between the boards.
 */
export function WallPanel({ incidents, loading }: { incidents: readonly IncidentView[]; loading: boolean }) {
  const { data: city } = useQuery(cityQuery);
  const { departments, colorOf, loading: departmentsLoading } = useDepartments();
  const department = useUiStore((s) => s.url.department);
  const mapWindow = useRef<HTMLDivElement>(null);
  useMapWindow(mapWindow);
  useWallFeed();
  const flashing = useFlashing();
  // NOTE: the wall always counts open work, whatever status filter a shared link carries.
  const open = useMemo(() => incidents.filter(isOpen), [incidents]);
  // The big number and the legend count what the map shows; what it cannot show is said apart, so the
  // three never disagree.
  const { onMap, outsideCity, withoutLocation } = useMemo(() => splitOpenByPlace(open), [open]);
  const counts = useMemo(() => countOpenByDepartment(onMap), [onMap]);
  const awaitingReport = useMemo(() => countAwaitingReport(open), [open]);
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const shortNames = useMemo(() => departmentNames(departments, shortNameOf), [departments]);
  const anySimulated = useAnySimulatedSensor();
  const sensorKinds = useSensorKinds();
  const warnings = useActiveWarnings();

  return (
    <div className="wall" data-testid="wall">
      <WallHeader
        cityName={city?.name ?? 'City operations'}
        openCount={onMap.length}
        awaitingReport={awaitingReport}
        departmentFilter={department ? nameOf(department) : null}
      />
      <div className="wall__map-window" ref={mapWindow} aria-hidden="true" />
      <MapKey
        departments={departments}
        counts={counts}
        colorOf={colorOf}
        loading={departmentsLoading}
        outsideCity={outsideCity}
        withoutLocation={withoutLocation}
        simulatedSensors={anySimulated}
        sensorKinds={sensorKinds}
        warnings={warnings}
      />
      <aside className="wall__side" aria-label="Most urgent incidents and units">
        <section className="wall__urgent" aria-label="Most urgent">
          <h2 className="wall-heading">Most urgent</h2>
          <UrgentList
            incidents={open}
            colorOf={colorOf}
            nameOf={nameOf}
            shortNameOf={shortNames}
            loading={loading}
            flashing={flashing}
          />
        </section>
        <UnitsBoard departments={departments} incidents={incidents} colorOf={colorOf} nameOf={nameOf} />
        <IngestCounters />
      </aside>
      <KpiBoard departments={departments} />
      <Ticker colorOf={colorOf} nameOf={nameOf} />
    </div>
  );
}
