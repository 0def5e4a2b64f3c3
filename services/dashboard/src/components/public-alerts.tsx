/**
 * An incident's public CAP alerts in its detail panel: the ones issued (with Cancel for those in force) and,
 * for those who may issue (domain alertIssuer: a lead of the owning department, command, admin), a small
 * form: area (the incident's district by default, another district, or an area drawn on the map, see
 * alert-area-draw.tsx), urgency, certainty, expiry, and whether it is an exercise. The server builds the
 * CAP alert, notes it on the timeline and publishes it in the public feed (/api/v1/alerts.cap).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  alertIssuer,
  CAP_CERTAINTIES,
  CAP_URGENCIES,
  type CapAlertView,
  type CapCertainty,
  type CapUrgency,
  type IncidentView,
} from '@twin/domain';
import { useEffect, useState } from 'react';
import {
  alertKeys,
  cancelAlert,
  type IssueAlertBody,
  incidentAlertsQuery,
  issueAlert,
} from '../api/alerts.js';
import { cityQuery } from '../api/city.js';
import { ApiError } from '../api/http.js';
import { incidentKeys } from '../api/incidents.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { formatDateTime } from '../lib/format.js';
import { useMe } from '../session/use-me.js';
import { MIN_CORNERS, useDrawStore } from '../state/draw-store.js';
import { AlertAreaDraw } from './alert-area-draw.js';

/** Expiry choices in minutes, as the form offers them. */
const EXPIRY_CHOICES: [number, string][] = [
  [30, '30 minutes'],
  [60, '1 hour'],
  [120, '2 hours'],
  [240, '4 hours'],
  [720, '12 hours'],
  [1440, '24 hours'],
];

const INCIDENT_DISTRICT = '';
/** The area choice "Draw on the map" (a value no district of a city pack is named). */
const DRAWN = '(drawn on the map)';

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function PublicAlerts({ incident }: { incident: IncidentView }) {
  const { me } = useMe();
  const queryClient = useQueryClient();
  const { data } = useQuery(incidentAlertsQuery(incident.incidentId));
  const { data: city } = useQuery(cityQuery);
  const cityTime = useCityTime();
  const [open, setOpen] = useState(false);
  const [district, setDistrict] = useState(INCIDENT_DISTRICT);
  const [urgency, setUrgency] = useState<CapUrgency>('Expected');
  const [certainty, setCertainty] = useState<CapCertainty>('Likely');
  const [expiresInMin, setExpiresInMin] = useState(120);
  const [exercise, setExercise] = useState(false);
  const [instruction, setInstruction] = useState('');
  const allowed = me ? alertIssuer(me, incident).ok : false;
  const drawArea = open && district === DRAWN;
  const corners = useDrawStore((s) => s.corners);

  // NOTE: drawing ends with the form: closing it, choosing another area or opening another incident stops
  // it, so a click on the map opens incidents again and no stale shape stays drawn.
  // biome-ignore lint/correctness/useExhaustiveDependencies: another incident (the list, unkeyed) starts afresh.
  useEffect(() => {
    if (!drawArea) return;
    useDrawStore.getState().start();
    return () => useDrawStore.getState().stop();
  }, [drawArea, incident.incidentId]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: alertKeys.incident(incident.incidentId) });
    void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incident.incidentId) });
  };
  const issue = useMutation({
    mutationFn: (body: IssueAlertBody) => issueAlert(incident.incidentId, body),
    onSuccess: () => {
      setOpen(false);
      refresh();
    },
  });
  const cancel = useMutation({ mutationFn: cancelAlert, onSuccess: refresh });

  const alerts = data?.alerts ?? [];
  const districts = city?.districts.features.map((f) => f.properties.name).sort() ?? [];
  const noDistrict = incident.district === null;

  return (
    <section className="public-alerts" data-testid="public-alerts" aria-label="Public alerts">
      <h3>Public alerts</h3>
      {alerts.length === 0 ? (
        <p className="empty">No public alert issued.</p>
      ) : (
        <ul className="public-alerts__list">
          {alerts.map((a) => (
            <AlertRow
              key={a.id}
              alert={a}
              when={formatDateTime(a.sentAt, cityTime)}
              until={formatDateTime(a.expiresAt, cityTime)}
              canCancel={allowed && a.active}
              cancelling={cancel.isPending && cancel.variables === a.id}
              onCancel={() => cancel.mutate(a.id)}
            />
          ))}
        </ul>
      )}
      {allowed && !open && (
        <button type="button" data-testid="issue-alert" onClick={() => setOpen(true)}>
          Issue public alert…
        </button>
      )}
      {allowed && open && (
        <form
          className="actions__form"
          data-testid="alert-form"
          onSubmit={(e) => {
            e.preventDefault();
            issue.mutate({
              status: exercise ? 'Exercise' : 'Actual',
              urgency,
              certainty,
              expiresInMin,
              ...(instruction.trim() ? { instruction: instruction.trim() } : {}),
              area:
                district === DRAWN
                  ? { polygon: corners }
                  : district === INCIDENT_DISTRICT
                    ? 'incident-district'
                    : { district },
            });
          }}
        >
          <label>
            Area
            <select data-testid="alert-area" value={district} onChange={(e) => setDistrict(e.target.value)}>
              <option value={INCIDENT_DISTRICT} disabled={noDistrict}>
                {noDistrict
                  ? 'The incident is in no district: choose one'
                  : `${incident.district} (the incident's district)`}
              </option>
              {districts
                .filter((d) => d !== incident.district)
                .map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              <option value={DRAWN}>Draw on the map</option>
            </select>
          </label>
          {drawArea && <AlertAreaDraw />}
          <label>
            Urgency
            <select
              data-testid="alert-urgency"
              value={urgency}
              onChange={(e) => setUrgency(e.target.value as CapUrgency)}
            >
              {CAP_URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <label>
            Certainty
            <select
              data-testid="alert-certainty"
              value={certainty}
              onChange={(e) => setCertainty(e.target.value as CapCertainty)}
            >
              {CAP_CERTAINTIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label>
            Expires after
            <select
              data-testid="alert-expiry"
              value={expiresInMin}
              onChange={(e) => setExpiresInMin(Number(e.target.value))}
            >
              {EXPIRY_CHOICES.map(([min, label]) => (
                <option key={min} value={min}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            What the public should do (optional)
            <textarea value={instruction} maxLength={1000} onChange={(e) => setInstruction(e.target.value)} />
          </label>
          <label className="public-alerts__exercise">
            <input type="checkbox" checked={exercise} onChange={(e) => setExercise(e.target.checked)} />{' '}
            Exercise (not a real alert)
          </label>
          <p className="public-alerts__note">
            Severity {incident.severity} of 5 is published as the CAP severity. The alert is public: it
            appears in the feed other agencies and the public read.
          </p>
          <div className="actions__form-buttons">
            <button
              type="submit"
              data-testid="alert-confirm"
              disabled={
                issue.isPending ||
                (noDistrict && district === INCIDENT_DISTRICT) ||
                (district === DRAWN && corners.length < MIN_CORNERS)
              }
            >
              {issue.isPending ? 'Issuing…' : 'Issue public alert'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {(issue.error ?? cancel.error) && (
        <p className="action-error" role="alert" data-testid="alert-error">
          {errorText(issue.error ?? cancel.error)}
        </p>
      )}
    </section>
  );
}

function AlertRow({
  alert,
  when,
  until,
  canCancel,
  cancelling,
  onCancel,
}: {
  alert: CapAlertView;
  when: string;
  until: string;
  canCancel: boolean;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const state =
    alert.msgType === 'Cancel'
      ? 'cancellation'
      : alert.active
        ? `in force until ${until}`
        : alert.cancelledAt !== null
          ? 'cancelled'
          : alert.supersededBy !== null
            ? 'replaced by an update'
            : 'expired';
  return (
    <li data-testid="public-alert" data-alert-id={alert.id} data-active={alert.active}>
      <span className="public-alerts__headline">
        {alert.msgType === 'Alert' ? '' : `${alert.msgType}: `}
        {alert.headline}
        {alert.status === 'Exercise' ? ' (exercise)' : ''}
      </span>
      <span className="public-alerts__meta">
        {alert.areaDesc} · {when} by {alert.sentBy} · {state} ·{' '}
        <a href={alert.url} target="_blank" rel="noreferrer">
          CAP
        </a>
      </span>
      {canCancel && (
        <button
          type="button"
          className="public-alerts__cancel"
          data-testid="cancel-alert"
          disabled={cancelling}
          onClick={onCancel}
        >
          {cancelling ? 'Cancelling…' : 'Cancel alert'}
        </button>
      )}
    </li>
  );
}
