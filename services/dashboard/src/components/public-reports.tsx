/**
 * "Public reports (n)" in the incident panel: the citizens' reports attached to the incident (Open311), with
 * Split and Reject for those allowed (a lead of the owning department, command, admin). Everything a
 * citizen wrote is shown as text: React escapes it, and nothing here renders markup.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { canAct, type IncidentView } from '@twin/domain';
import { useState } from 'react';
import { ApiError } from '../api/http.js';
import { incidentKeys } from '../api/incidents.js';
import {
  type PublicReport,
  publicReportsQuery,
  rejectPublicReport,
  splitPublicReport,
} from '../api/public-reports.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { formatDateTime } from '../lib/format.js';
import { useMe } from '../session/use-me.js';

const STATE_TEXT: Record<PublicReport['state'], string> = {
  attached: '',
  split: 'split off into an incident of its own',
  rejected: 'rejected',
};

export function PublicReports({ incident }: { incident: IncidentView }) {
  const { data, error } = useQuery(publicReportsQuery(incident.incidentId));
  const { me } = useMe();
  const cityTime = useCityTime();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const mayCorrect =
    me !== null && canAct(me) && (me.role !== 'lead' || me.department === incident.department);

  const refresh = () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incident.incidentId) });
  const split = useMutation({ mutationFn: splitPublicReport, onSettled: refresh });
  const reject = useMutation({
    mutationFn: ({ id, why }: { id: string; why: string }) => rejectPublicReport(id, why),
    onSuccess: () => {
      setRejecting(null);
      setReason('');
    },
    onSettled: refresh,
  });
  const failure = split.error ?? reject.error;

  if (error) return null;
  if (!data || (data.reports.length === 0 && incident.source !== 'public')) return null;
  return (
    <section className="public-reports" data-testid="public-reports">
      <h3>Public reports ({data.count})</h3>
      {data.reports.length === 0 && <p className="empty">No report is stored for this incident.</p>}
      <ul>
        {data.reports.map((r) => (
          <li key={r.id} data-testid="public-report" data-request-id={r.id} data-state={r.state}>
            <p className="public-reports__meta">
              #{r.id} · {r.serviceName} · {formatDateTime(r.requestedAt, cityTime)}
              {r.merged ? ' · merged' : ''}
              {r.state !== 'attached' ? ` · ${STATE_TEXT[r.state]}` : ''}
              {r.reason ? `: ${r.reason}` : ''}
            </p>
            {r.description && <p className="public-reports__text">{r.description}</p>}
            {r.reporter && (r.reporter.email || r.reporter.phone || r.reporter.firstName) && (
              <p className="public-reports__meta">
                From{' '}
                {[
                  [r.reporter.firstName, r.reporter.lastName].filter(Boolean).join(' '),
                  r.reporter.email,
                  r.reporter.phone,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
            {mayCorrect && r.state !== 'rejected' && (
              <div className="actions__buttons">
                {r.merged && r.state === 'attached' && (
                  <button type="button" disabled={split.isPending} onClick={() => split.mutate(r.id)}>
                    Split
                  </button>
                )}
                <button type="button" onClick={() => setRejecting(rejecting === r.id ? null : r.id)}>
                  Reject
                </button>
              </div>
            )}
            {rejecting === r.id && (
              <form
                className="actions__form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (reason.trim() !== '') reject.mutate({ id: r.id, why: reason.trim() });
                }}
              >
                <label>
                  Reason (shown to the reporter)
                  <input
                    value={reason}
                    maxLength={500}
                    required
                    onChange={(e) => setReason(e.target.value)}
                  />
                </label>
                <div className="actions__form-buttons">
                  <button type="submit" disabled={reject.isPending || reason.trim() === ''}>
                    Reject report
                  </button>
                  <button type="button" onClick={() => setRejecting(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            )}
          </li>
        ))}
      </ul>
      {failure && (
        <p className="action-error" role="alert">
          {failure instanceof ApiError ? failure.message : String(failure)}
        </p>
      )}
    </section>
  );
}
