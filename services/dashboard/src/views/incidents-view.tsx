import { useQuery } from '@tanstack/react-query';
import type { IncidentView } from '@twin/domain';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { cityQuery } from '../api/city.js';
import { liveIncidentsQuery } from '../api/incidents.js';
import { IncidentDetailPanel } from '../components/incident-detail.js';
import { IncidentFilters } from '../components/incident-filters.js';
import { IncidentList } from '../components/incident-list.js';
import { LeadInbox } from '../components/lead-inbox.js';
import { LiveIndicator } from '../components/live-indicator.js';
import { RewindButton } from '../components/rewind-button.js';
import { useAgeNow } from '../hooks/use-age-now.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { deriveInbox } from '../lib/inbox.js';
import { actingDepartmentOf } from '../lib/incident-actions.js';
import { searchIncidents } from '../lib/incidents.js';
import { useMe } from '../session/use-me.js';
import { useUiStore } from '../state/ui-store.js';
import '../styles/leads.css';

interface IncidentsPanelProps {
  incidents: readonly IncidentView[];
  total: number;
  /** Of `total`, how many still wait for their report (counted by the server). */
  awaitingReport: number;
  loading: boolean;
  error: Error | null;
}

const NO_INCIDENTS: IncidentView[] = [];

/**
 * The department leads' drill-down: the inbox and the searchable list on the left, the selected incident's
 * detail beside it. The list and the map point at the same incident: hovering one highlights it in the
 * other, clicking one selects it in both.
 */
export function IncidentsPanel({ incidents, total, awaitingReport, loading, error }: IncidentsPanelProps) {
  const { data: city } = useQuery(cityQuery);
  const { departments, colorOf } = useDepartments();
  const { me } = useMe();
  const url = useUiStore((s) => s.url);
  const selectedId = url.incident;
  const setUrlState = useUiStore((s) => s.setUrlState);
  const hovered = useUiStore((s) => s.hoveredIncident);
  const setHovered = useUiStore((s) => s.setHoveredIncident);
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const districts = useMemo(
    () => (city?.districts.features.map((f) => f.properties.name) ?? []).sort((a, b) => a.localeCompare(b)),
    [city],
  );
  // Leaving the view leaves nothing pointed at on the map.
  useEffect(() => () => setHovered(null), [setHovered]);
  const [tab, setTab] = useState<'list' | 'inbox'>('list');
  const [query, setQuery] = useState('');
  // NOTE: typing stays responsive over thousands of incidents: the filtering may lag a keystroke behind.
  const deferredQuery = useDeferredValue(query);
  const found = useMemo(
    () => searchIncidents(incidents, deferredQuery, nameOf),
    [incidents, deferredQuery, nameOf],
  );

  // The inbox reads the live set (every open incident, socket-fed), not the filtered page: a request for
  // help must show whatever the filters say.
  const { data: live } = useQuery(liveIncidentsQuery);
  const inboxDepartment = actingDepartmentOf(me, url.acting);
  const inbox = useMemo(() => deriveInbox(live ?? NO_INCIDENTS, inboxDepartment), [live, inboxDepartment]);
  const now = useAgeNow(10_000);
  const select = (incidentId: string) => setUrlState({ incident: incidentId });
  const searching = deferredQuery.trim() !== '';

  return (
    <>
      <aside className="panel panel--list panel--leads" aria-label="Incidents">
        <header className="panel__header">
          <h1>Incidents</h1>
          <LiveIndicator />
          <RewindButton className="rewind-button" />
        </header>
        {inboxDepartment && (
          <div className="leads-tabs" role="tablist" aria-label="What to show">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'list'}
              className="leads-tabs__tab"
              onClick={() => setTab('list')}
            >
              All incidents
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'inbox'}
              className="leads-tabs__tab"
              data-testid="inbox-tab"
              onClick={() => setTab('inbox')}
            >
              Inbox{' '}
              <span
                className={`count-badge${inbox.items.length > 0 ? ' count-badge--waiting' : ''}`}
                data-testid="inbox-count"
                title={`${inbox.handovers} hand-over(s) and ${inbox.assistance} request(s) for help waiting for ${nameOf(inboxDepartment)}`}
              >
                {inbox.items.length}
              </span>
            </button>
          </div>
        )}
        {tab === 'inbox' && inboxDepartment ? (
          <div className="leads-inbox">
            <p className="panel__count">
              Waiting for {nameOf(inboxDepartment)}: {inbox.handovers} hand-over
              {inbox.handovers === 1 ? '' : 's'}, {inbox.assistance} request
              {inbox.assistance === 1 ? '' : 's'} for help
            </p>
            <LeadInbox
              inbox={inbox}
              department={inboxDepartment}
              nameOf={nameOf}
              now={now}
              selectedId={selectedId}
              onSelect={select}
            />
          </div>
        ) : (
          <>
            <IncidentFilters departments={departments} districts={districts} />
            <label className="leads-search">
              <span className="visually-hidden">Search incidents</span>
              <input
                type="search"
                data-testid="incident-search"
                placeholder="Search title, category, id, district, department…"
                value={query}
                maxLength={200}
                onChange={(e) => setQuery(e.target.value)}
              />
            </label>
            <p className="panel__count">
              {error ? (
                <span className="action-error" role="alert">
                  Cannot load incidents: {error.message}
                </span>
              ) : (
                <>
                  <span data-testid="incident-list-count">{found.length}</span>
                  {searching
                    ? ` of ${incidents.length} match`
                    : `${total > incidents.length ? ` of ${total}` : ''} incident${incidents.length === 1 ? '' : 's'}`}
                  {searching && total > incidents.length && (
                    <span title="The search covers the most urgent incidents the list loaded">
                      {' '}
                      (the {incidents.length} most urgent searched)
                    </span>
                  )}
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
              incidents={found}
              colorOf={colorOf}
              nameOf={nameOf}
              selectedId={selectedId}
              onSelect={select}
              hoveredId={hovered?.incidentId ?? null}
              onHover={(incidentId) => setHovered(incidentId ? { incidentId, source: 'list' } : null)}
              scrollToId={selectedId}
              pointedOnMapId={hovered?.source === 'map' ? hovered.incidentId : null}
              emptyText={
                loading
                  ? 'Loading incidents…'
                  : searching
                    ? `No incident matches “${deferredQuery.trim()}”.`
                    : 'No incidents match these filters.'
              }
            />
          </>
        )}
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
