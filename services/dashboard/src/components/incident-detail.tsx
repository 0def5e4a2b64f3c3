import { useQuery } from '@tanstack/react-query';
import type { Department } from '@twin/domain';
import { ApiError } from '../api/http.js';
import { incidentDetailQuery } from '../api/incidents.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { type ColorOf, cssColor } from '../layers/colors.js';
import { formatDateTime, humanize } from '../lib/format.js';
import { incidentTitle } from '../lib/incidents.js';
import { IncidentActions } from './incident-actions.js';
import { IncidentTimeline } from './incident-timeline.js';
import { NearbySensors } from './nearby-sensors.js';

interface IncidentDetailProps {
  incidentId: string;
  departments: readonly Department[];
  colorOf: ColorOf;
  onClose: () => void;
}

export function IncidentDetailPanel({ incidentId, departments, colorOf, onClose }: IncidentDetailProps) {
  const { data, error, isPending } = useQuery(incidentDetailQuery(incidentId));
  const nameOf = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
  const cityTime = useCityTime();
  const when = (ts: number | null) => (ts === null ? '—' : formatDateTime(ts, cityTime));

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
      {data && (
        <>
          <header className="detail__header">
            <span className="incident-row__severity">{data.incident.severity}</span>
            <div>
              <h2>{incidentTitle(data.incident, nameOf)}</h2>
              <p className="detail__id">{data.incident.incidentId}</p>
            </div>
          </header>
          {data.incident.awaitingReport && (
            <p className="detail__awaiting-report" data-testid="awaiting-report-note" role="note">
              Its report has not arrived yet: events about it came first. Category, title and place stay
              unknown until the report comes.
            </p>
          )}
          <dl className="fields">
            <dt>Status</dt>
            <dd data-testid="incident-status">
              {humanize(data.incident.status)}
              {data.incident.awaitingAck ? ' · awaiting acknowledgement' : ''}
            </dd>
            <dt>Owner</dt>
            <dd>
              <span className="swatch" style={{ background: cssColor(colorOf(data.incident.department)) }} />{' '}
              {nameOf(data.incident.department)}
            </dd>
            <dt>Handed over</dt>
            <dd>{data.incident.handoffs ? `${data.incident.handoffs}×` : 'never'}</dd>
            <dt>Reported by</dt>
            <dd>{nameOf(data.incident.reportedBy)}</dd>
            <dt>Category</dt>
            <dd>{data.incident.category ?? '—'}</dd>
            <dt>District</dt>
            <dd>{data.incident.district ?? '—'}</dd>
            <dt>Opened</dt>
            <dd>{when(data.incident.openedAt)}</dd>
            <dt>Acknowledged</dt>
            <dd>{when(data.incident.acknowledgedAt)}</dd>
            <dt>Resolved</dt>
            <dd>{when(data.incident.resolvedAt)}</dd>
            <dt>Closed</dt>
            <dd>{when(data.incident.closedAt)}</dd>
            <dt>Assisting</dt>
            <dd data-testid="incident-assisting">
              {data.incident.assisting.length ? data.incident.assisting.map(nameOf).join(', ') : '—'}
            </dd>
          </dl>
          <h3>Units</h3>
          {data.incident.units.length === 0 ? (
            <p className="empty">No units dispatched.</p>
          ) : (
            <table className="units" data-testid="incident-units">
              <thead>
                <tr>
                  <th>Unit</th>
                  <th>Department</th>
                  <th>Dispatched</th>
                  <th>On scene</th>
                </tr>
              </thead>
              <tbody>
                {data.incident.units.map((u) => (
                  <tr key={u.unit}>
                    <td>{u.unit}</td>
                    <td>{nameOf(u.department)}</td>
                    <td>{when(u.dispatchedAt)}</td>
                    <td>{when(u.onSceneAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <IncidentActions incident={data.incident} departments={departments} />
          <h3>Timeline</h3>
          <IncidentTimeline events={data.timeline} />
          <h3>Sensors within 1 km</h3>
          {data.incident.lat !== null && data.incident.lon !== null ? (
            <NearbySensors lat={data.incident.lat} lon={data.incident.lon} />
          ) : (
            <p className="empty">The incident has no location yet.</p>
          )}
        </>
      )}
    </aside>
  );
}
