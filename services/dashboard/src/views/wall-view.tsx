import { useQuery } from '@tanstack/react-query';
import { type IncidentView, isOpen } from '@twin/domain';
import { useMemo } from 'react';
import { cityQuery } from '../api/city.js';
import { Clock } from '../components/clock.js';
import { DepartmentLegend } from '../components/department-legend.js';
import { IncidentList } from '../components/incident-list.js';
import { IngestCounters } from '../components/ingest-counters.js';
import { LiveIndicator } from '../components/live-indicator.js';
import { SensorKey } from '../components/sensor-key.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { countAwaitingReport, countOpenByDepartment, splitOpenByPlace } from '../lib/incidents.js';
import { useAnySimulatedSensor } from '../live/sensor-store-context.js';
import { ROUTE_PATHS } from '../router/routes.js';
import { useUiStore } from '../state/ui-store.js';

/** Rows that fit a 1080p wall at the large type size with the notes and counters below, without scrolling. */
const WALL_ROWS = 9;

/** The command-centre wall: large, high-contrast, unattended. */
export function WallPanel({ incidents, loading }: { incidents: readonly IncidentView[]; loading: boolean }) {
  const { data: city } = useQuery(cityQuery);
  const { departments, colorOf, loading: departmentsLoading } = useDepartments();
  const navigate = useUiStore((s) => s.navigate);
  const department = useUiStore((s) => s.url.department);
  // NOTE: the wall always counts open work, whatever status filter a shared link carries.
  const open = useMemo(() => incidents.filter(isOpen), [incidents]);
  // The big number and the legend count what the map shows; what it cannot show is said apart, so the
  // three never disagree.
  const { onMap, outsideCity, withoutLocation } = useMemo(() => splitOpenByPlace(open), [open]);
  const counts = useMemo(() => countOpenByDepartment(onMap), [onMap]);
  const openCount = onMap.length;
  const awaitingReport = useMemo(() => countAwaitingReport(open), [open]);
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const anySimulated = useAnySimulatedSensor();

  return (
    <aside className="panel panel--wall" aria-label="City status">
      <header className="wall__header">
        <h1>{city?.name ?? 'City operations'}</h1>
        <Clock timeZone={city?.timezone} />
      </header>
      <LiveIndicator large />
      <div className="wall__total">
        <span className="wall__total-number" data-testid="open-incident-count">
          {openCount}
        </span>
        <span className="wall__total-label">
          open incident{openCount === 1 ? '' : 's'}
          {department ? ` · ${department}` : ''}
        </span>
        {awaitingReport > 0 && (
          <span className="wall__awaiting-report" data-testid="wall-awaiting-report">
            {awaitingReport} awaiting {awaitingReport === 1 ? 'its' : 'their'} report
          </span>
        )}
      </div>
      {(outsideCity > 0 || withoutLocation > 0) && (
        <p className="wall__off-map">
          {outsideCity > 0 && (
            <span data-testid="open-outside-count" data-count={outsideCity}>
              + {outsideCity} open outside the map
            </span>
          )}
          {withoutLocation > 0 && (
            <span data-testid="open-unlocated-count" data-count={withoutLocation}>
              + {withoutLocation} open without a location yet
            </span>
          )}
        </p>
      )}
      <DepartmentLegend
        departments={departments}
        counts={counts}
        colorOf={colorOf}
        loading={departmentsLoading}
        large
      />
      <h2 className="wall__list-heading">Most urgent</h2>
      <div className="wall__list">
        <IncidentList
          incidents={open}
          colorOf={colorOf}
          nameOf={nameOf}
          selectedId={null}
          onSelect={(incidentId) => navigate(ROUTE_PATHS.incidents, { incident: incidentId })}
          maxRows={WALL_ROWS}
          emptyText={loading ? 'Loading incidents…' : 'No open incidents.'}
          large
        />
      </div>
      <p className="wall__notes">
        <span className="ring-key" aria-hidden="true" /> ring = awaiting acknowledgement · size = severity
        <br />
        <SensorKey simulated={anySimulated} />
      </p>
      <IngestCounters />
    </aside>
  );
}
