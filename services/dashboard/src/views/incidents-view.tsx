import { useQuery } from '@tanstack/react-query';
import type { IncidentView } from '@twin/domain';
import { useMemo } from 'react';
import { cityQuery } from '../api/city.js';
import { IncidentDetailPanel } from '../components/incident-detail.js';
import { IncidentFilters } from '../components/incident-filters.js';
import { IncidentList } from '../components/incident-list.js';
import { LiveIndicator } from '../components/live-indicator.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { useUiStore } from '../state/ui-store.js';

interface IncidentsPanelProps {
  incidents: readonly IncidentView[];
  total: number;
  /** Of `total`, how many still wait for their report (counted by the server). */
  awaitingReport: number;
  loading: boolean;
  error: Error | null;
}

/** The department leads' drill-down: filters and list on the left, the selected incident's detail beside it. */
export function IncidentsPanel({ incidents, total, awaitingReport, loading, error }: IncidentsPanelProps) {
  const { data: city } = useQuery(cityQuery);
  const { departments, colorOf } = useDepartments();
  const selectedId = useUiStore((s) => s.url.incident);
  const setUrlState = useUiStore((s) => s.setUrlState);
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const districts = useMemo(
    () => (city?.districts.features.map((f) => f.properties.name) ?? []).sort((a, b) => a.localeCompare(b)),
    [city],
  );

  return (
    <>
      <aside className="panel panel--list" aria-label="Incidents">
        <header className="panel__header">
          <h1>Incidents</h1>
          <LiveIndicator />
        </header>
        <IncidentFilters departments={departments} districts={districts} />
        <p className="panel__count">
          {error ? (
            <span className="action-error" role="alert">
              Cannot load incidents: {error.message}
            </span>
          ) : (
            <>
              <span data-testid="incident-list-count">{incidents.length}</span>
              {total > incidents.length ? ` of ${total}` : ''} incident{incidents.length === 1 ? '' : 's'}
              {awaitingReport > 0 && (
                <span className="awaiting-report-count" data-testid="awaiting-report-count">
                  {' · '}
                  {awaitingReport} awaiting {awaitingReport === 1 ? 'its' : 'their'} report
                </span>
              )}
            </>
          )}
        </p>
        <IncidentList
          incidents={incidents}
          colorOf={colorOf}
          nameOf={nameOf}
          selectedId={selectedId}
          onSelect={(incidentId) => setUrlState({ incident: incidentId })}
          emptyText={loading ? 'Loading incidents…' : 'No incidents match these filters.'}
        />
      </aside>
      {selectedId && (
        <IncidentDetailPanel
          key={selectedId}
          incidentId={selectedId}
          departments={departments}
          colorOf={colorOf}
          onClose={() => setUrlState({ incident: null })}
        />
      )}
    </>
  );
}
