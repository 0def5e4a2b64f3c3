import { useQuery } from '@tanstack/react-query';
import type { Department, IncidentView } from '@twin/domain';
import { useMemo } from 'react';
import { ApiError } from '../api/http.js';
import { incidentDetailQuery, liveIncidentsQuery } from '../api/incidents.js';
import { useAgeNow } from '../hooks/use-age-now.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { departmentNames } from '../hooks/use-department-colors.js';
import { type ColorOf, cssColor } from '../layers/colors.js';
import { formatDateTime, formatDuration, humanize } from '../lib/format.js';
import { incidentTitle, relatedIncidents, urgencyMark } from '../lib/incidents.js';
import { useUiStore } from '../state/ui-store.js';
import { IncidentActions } from './incident-actions.js';
import { IncidentTimeline } from './incident-timeline.js';
import { NearbySensors } from './nearby-sensors.js';
import { PublicAlerts } from './public-alerts.js';
import { PublicReports } from './public-reports.js';
import { SourceBadge } from './source-badge.js';

interface IncidentDetailProps {
  incidentId: string;
  departments: readonly Department[];
  colorOf: ColorOf;
  onClose: () => void;
}

const NO_INCIDENTS: IncidentView[] = [];

export function IncidentDetailPanel({ incidentId, departments, colorOf, onClose }: IncidentDetailProps) {
  const { data, error, isPending } = useQuery(incidentDetailQuery(incidentId));
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const now = useAgeNow(10_000);
  const cityTime = useCityTime();
  const when = (ts: number | null) => (ts === null ? '—' : formatDateTime(ts, cityTime));
  const incident = data?.incident;
  const mark = incident ? urgencyMark(incident, now) : null;

  return (
    <aside
      className="detail"
      data-testid="incident-detail"
      data-incident-id={incidentId}
      aria-label="Incident detail"
    >
      <button type="button" className="detail__close" onClick={onClose} aria-label="Close detail">
        ×
      </button>
      {isPending && <p className="empty">Loading incident {incidentId}…</p>}
      {error && (
        <p className="action-error" role="alert">
          {error instanceof ApiError && error.status === 404
            ? `Incident ${incidentId} was not found.`
            : `Cannot load incident ${incidentId}: ${error.message}`}
        </p>
      )}
      {data && incident && (
        <>
          <header className="detail__header">
            <span
              className={`incident-row__severity severity-box--${incident.severity}`}
              title={`Severity ${incident.severity} of 5`}
            >
              {incident.severity}
            </span>
            <div>
              <h2>{incidentTitle(incident, nameOf)}</h2>
              <p className="detail__id">
                <SourceBadge source={incident.source} />
                {incident.incidentId}
              </p>
              {mark && (
                <p className={`urgency-note urgency-note--${mark}`} data-testid="urgency-note">
                  <span className={`urgency-badge urgency-badge--${mark}`}>
                    {mark === 'urgent' ? 'Urgent' : 'New'}
                  </span>
                  {mark === 'urgent'
                    ? `Severity ${incident.severity} and not acknowledged after ${formatDuration(now - incident.openedAt)}`
                    : `Opened ${formatDuration(now - incident.openedAt)} ago, not acknowledged yet`}
                </p>
              )}
            </div>
          </header>
          {incident.awaitingReport && (
            <p className="detail__awaiting-report" data-testid="awaiting-report-note" role="note">
              Its report has not arrived yet: events about it came first. Category, title and place stay
              unknown until the report comes.
            </p>
          )}
          <dl className="fields">
            <dt>Status</dt>
            <dd data-testid="incident-status">
              {humanize(incident.status)}
              {incident.awaitingAck ? ' · awaiting acknowledgement' : ''}
            </dd>
            <dt>Owner</dt>
            <dd data-testid="incident-owner" data-department={incident.department}>
              <span className="swatch" style={{ background: cssColor(colorOf(incident.department)) }} />{' '}
              {nameOf(incident.department)}
            </dd>
            <dt>Hand-over</dt>
            <dd data-testid="incident-handover">
              {incident.pendingHandover
                ? `offered to ${nameOf(incident.pendingHandover.to)} ${formatDuration(now - incident.pendingHandover.at)} ago, waiting for an answer`
                : incident.handoffs
                  ? `handed over ${incident.handoffs}×`
                  : 'never handed over'}
            </dd>
            <dt>Reported by</dt>
            <dd>{nameOf(incident.reportedBy)}</dd>
            <dt>Category</dt>
            <dd>{incident.category ?? '—'}</dd>
            <dt>District</dt>
            <dd>{incident.district ?? '—'}</dd>
            <dt>Opened</dt>
            <dd>{when(incident.openedAt)}</dd>
            <dt>Acknowledged</dt>
            <dd>{when(incident.acknowledgedAt)}</dd>
            <dt>Resolved</dt>
            <dd>{when(incident.resolvedAt)}</dd>
            <dt>Closed</dt>
            <dd>{when(incident.closedAt)}</dd>
            <dt>Assisting</dt>
            <dd data-testid="incident-assisting">
              {incident.assisting.length ? incident.assisting.map(nameOf).join(', ') : '—'}
            </dd>
          </dl>
          <IncidentActions incident={incident} departments={departments} nameOf={nameOf} />
          <PublicReports incident={incident} />
          <PublicAlerts incident={incident} />
          <h3>Units</h3>
          {incident.units.length === 0 ? (
            <p className="empty">No units dispatched.</p>
          ) : (
            <table className="units" data-testid="incident-units">
              <thead>
                <tr>
                  <th>Unit</th>
                  <th>Department</th>
                  <th>Status</th>
                  <th>Dispatched</th>
                  <th>On scene</th>
                </tr>
              </thead>
              <tbody>
                {incident.units.map((u) => (
                  <tr key={u.unit}>
                    <td>{u.unit}</td>
                    <td>{nameOf(u.department)}</td>
                    <td>
                      {u.onSceneAt !== null
                        ? `on scene ${formatDuration(now - u.onSceneAt)}`
                        : `en route ${formatDuration(now - u.dispatchedAt)}`}
                    </td>
                    <td>{when(u.dispatchedAt)}</td>
                    <td>
                      {u.onSceneAt === null
                        ? '—'
                        : `${when(u.onSceneAt)} (+${formatDuration(u.onSceneAt - u.dispatchedAt)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Timeline</h3>
          <IncidentTimeline events={data.timeline} nameOf={nameOf} />
          <h3>Sensors within 1 km</h3>
          {incident.lat !== null && incident.lon !== null ? (
            <NearbySensors lat={incident.lat} lon={incident.lon} nameOf={nameOf} />
          ) : (
            <p className="empty">The incident has no location yet.</p>
          )}
          <h3>Related incidents nearby</h3>
          <RelatedIncidents incident={incident} nameOf={nameOf} now={now} />
        </>
      )}
    </aside>
  );
}

function RelatedIncidents({
  incident,
  nameOf,
  now,
}: {
  incident: IncidentView;
  nameOf: (id: string) => string;
  now: number;
}) {
  const { data: live } = useQuery(liveIncidentsQuery);
  const setUrlState = useUiStore((s) => s.setUrlState);
  const related = useMemo(() => relatedIncidents(incident, live ?? NO_INCIDENTS), [incident, live]);
  if (incident.lat === null || incident.lon === null)
    return <p className="empty">The incident has no location yet.</p>;
  if (related.length === 0) return <p className="empty">No other incident within 750 m in the same day.</p>;
  return (
    <ul className="related" data-testid="related-incidents">
      {related.map(({ incident: other, distanceM }) => (
        <li key={other.incidentId} data-testid="related-incident" data-incident-id={other.incidentId}>
          <button type="button" onClick={() => setUrlState({ incident: other.incidentId })}>
            <span className="related__title">{incidentTitle(other, nameOf)}</span>
            <span className="related__meta">
              {Math.round(distanceM)} m · {humanize(other.status)} · {nameOf(other.department)} · severity{' '}
              {other.severity} · opened {formatDuration(Math.abs(now - other.openedAt))} ago
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
