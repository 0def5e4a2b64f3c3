import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Department, IncidentView, Principal } from '@twin/domain';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/http.js';
import { type IncidentActionBody, incidentKeys, postIncidentAction } from '../api/incidents.js';
import {
  type ActionSpec,
  actingDepartmentOf,
  actionErrorText,
  buildActionBody,
  choosesDepartment,
  departmentsToActFor,
  offeredActions,
  UNDO_WINDOW_MS,
} from '../lib/incident-actions.js';
import type { NameOf } from '../lib/incidents.js';
import { applyIncidentChanges } from '../live/live-cache.js';
import { useMe } from '../session/use-me.js';
import { useUiStore } from '../state/ui-store.js';
import { DepartmentOptions } from './department-options.js';

interface IncidentActionsProps {
  incident: IncidentView;
  departments: readonly Department[];
  nameOf: NameOf;
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return actionErrorText(error.status, error.message);
  return error instanceof Error ? error.message : String(error);
}

/** A confirmed resolve or close, waiting out its undo window. */
interface Scheduled {
  body: IncidentActionBody;
  label: string;
  sendAt: number;
}

/**
 * The actions the signed-in user can take on this incident now (the domain's possibleActions: the rule
 * the server enforces), as buttons; the ones that need a value open a small form first. Resolve and close
 * ask for confirmation, then wait {@link UNDO_WINDOW_MS} with an Undo button before they are sent.
 */
export function IncidentActions({ incident, departments, nameOf }: IncidentActionsProps) {
  const { me } = useMe();
  if (!me) return null;
  if (choosesDepartment(me) || me.role === 'lead')
    return <ActionsPanel incident={incident} departments={departments} nameOf={nameOf} me={me} />;
  return (
    <p className="actions__read-only" data-testid="actions-read-only">
      Signed in as {me.displayName} ({me.role}): this role reads only.
    </p>
  );
}

function ActionsPanel({ incident, departments, nameOf, me }: IncidentActionsProps & { me: Principal }) {
  const queryClient = useQueryClient();
  const chosen = useUiStore((s) => s.url.acting);
  const setUrlState = useUiStore((s) => s.setUrlState);
  const choices = departmentsToActFor(incident);
  // NOTE: command's choice holds only among the departments with a part in this incident; else the owner.
  const chosenHere = chosen && choices.includes(chosen) ? chosen : incident.department;
  const acting = actingDepartmentOf(me, chosenHere);
  const [pending, setPending] = useState<ActionSpec | null>(null);
  const [unit, setUnit] = useState('');
  const [toDepartment, setToDepartment] = useState('');
  const [severity, setSeverity] = useState(Math.min(5, incident.severity + 1));
  const [note, setNote] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [scheduled, setScheduled] = useState<Scheduled | null>(null);
  const [remainingMs, setRemainingMs] = useState(0);

  const apply = (detail: Awaited<ReturnType<typeof postIncidentAction>>) => {
    queryClient.setQueryData(incidentKeys.detail(incident.incidentId), detail);
    applyIncidentChanges(queryClient, [detail.incident], Date.now());
  };

  const mutation = useMutation({
    mutationFn: (body: IncidentActionBody) => postIncidentAction(incident.incidentId, body),
    // NOTE: a refusal usually means the incident moved on (someone else acted): reload it, so the buttons
    // offered are those of its state now.
    onError: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incident.incidentId) }),
    onSuccess: (detail) => {
      apply(detail);
      setPending(null);
      setUnit('');
      setNote('');
      setToDepartment('');
    },
  });

  // The undo window: tick the countdown, send when it runs out.
  useEffect(() => {
    if (!scheduled) return;
    const tick = () => {
      const left = scheduled.sendAt - Date.now();
      if (left <= 0) {
        setScheduled(null);
        mutation.mutate(scheduled.body);
      } else setRemainingMs(left);
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [scheduled, mutation.mutate]);

  // NOTE: closing the panel (or picking another incident) during the window is not an undo: the user
  // confirmed, so the action goes out at once. Only the Undo button cancels it.
  const scheduledRef = useRef<Scheduled | null>(null);
  scheduledRef.current = scheduled;
  const incidentId = incident.incidentId;
  useEffect(
    () => () => {
      const left = scheduledRef.current;
      if (!left) return;
      postIncidentAction(incidentId, left.body)
        .then((detail) => {
          queryClient.setQueryData(incidentKeys.detail(incidentId), detail);
          applyIncidentChanges(queryClient, [detail.incident], Date.now());
        })
        .catch((error: unknown) =>
          console.warn(`${left.label} of ${incidentId} failed: ${errorText(error)}`),
        );
    },
    [incidentId, queryClient],
  );

  const send = (action: ActionSpec) => {
    const result = buildActionBody(
      action.type,
      me,
      acting,
      { unit, toDepartment, severity, note },
      incident.severity,
    );
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    setFormError(null);
    if (action.confirm) {
      setPending(null);
      setNote('');
      setScheduled({
        body: result.body,
        label: action.label.replace('…', ''),
        sendAt: Date.now() + UNDO_WINDOW_MS,
      });
      return;
    }
    mutation.mutate(result.body);
  };

  const choose = (action: ActionSpec) => {
    mutation.reset();
    setFormError(null);
    if (action.input === null && !action.confirm) {
      setPending(null);
      send(action);
    } else {
      setPending(action);
    }
  };

  const actions = offeredActions(incident, me, chosenHere);
  const otherDepartments = departments.filter((d) => d.id !== acting && d.id !== incident.department);
  const busy = mutation.isPending || scheduled !== null;
  const pendingHandover = incident.pendingHandover;

  return (
    <section className="actions" aria-label="Actions">
      {choosesDepartment(me) ? (
        <label className="actions__acting">
          Acting as
          <select
            data-testid="acting-department"
            value={chosenHere}
            onChange={(e) => setUrlState({ acting: e.target.value }, { replace: true })}
          >
            {choices.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
                {id === incident.department ? ' (owner)' : ''}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="actions__acting" data-testid="acting-department" data-department={acting ?? ''}>
          Acting as {me.displayName} for {acting ? nameOf(acting) : 'no department'}
        </p>
      )}
      {pendingHandover && (
        <p className="actions__handover" data-testid="pending-handover" role="status">
          Hand-over from {nameOf(pendingHandover.from)} to {nameOf(pendingHandover.to)} waits for{' '}
          {nameOf(pendingHandover.to)} to accept or decline.
        </p>
      )}
      {actions.length === 0 ? (
        <p className="empty" data-testid="no-actions">
          {acting
            ? `${nameOf(acting)} has nothing to do on this incident now.`
            : 'Choose the department you act for.'}
        </p>
      ) : (
        <div className="actions__buttons">
          {actions.map((action) => (
            <button
              key={action.type}
              type="button"
              data-action={action.type}
              className={action.confirm ? 'actions__button--final' : undefined}
              disabled={busy}
              aria-pressed={pending?.type === action.type}
              onClick={() => choose(action)}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
      {scheduled && (
        <div className="actions__undo" role="status" data-testid="action-undo-window">
          <span>
            {scheduled.label} in {Math.ceil(remainingMs / 1000)} s…
          </span>
          <button type="button" data-testid="action-undo" onClick={() => setScheduled(null)}>
            Undo
          </button>
          <button
            type="button"
            data-testid="action-send-now"
            onClick={() => {
              setScheduled(null);
              mutation.mutate(scheduled.body);
            }}
          >
            Send now
          </button>
        </div>
      )}
      {pending && (
        <form
          className="actions__form"
          data-testid="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send(pending);
          }}
        >
          {pending.confirm && (
            <p className="actions__confirm-text" data-testid="action-confirm-text">
              {pending.type === 'resolved'
                ? 'Resolve this incident? It leaves the open list and stops the clock. '
                : 'Close this incident? Nobody will work on it any more. '}
              You will have {UNDO_WINDOW_MS / 1000} seconds to undo.
            </p>
          )}
          {pending.input === 'unit' && (
            <label>
              Unit
              <input
                data-testid="action-unit"
                value={unit}
                onChange={(e) => setUnit(e.target.value)}
                maxLength={64}
                placeholder="e.g. E12"
                // biome-ignore lint/a11y/noAutofocus: the form opens on purpose to ask exactly this.
                autoFocus
              />
            </label>
          )}
          {pending.input === 'department' && (
            <label>
              {pending.type === 'handover_offered' ? 'Hand over to' : 'Ask for help from'}
              <select
                data-testid="action-department"
                value={toDepartment}
                onChange={(e) => setToDepartment(e.target.value)}
              >
                <option value="">Choose…</option>
                <DepartmentOptions departments={otherDepartments} />
              </select>
            </label>
          )}
          {pending.input === 'severity' && (
            <label>
              New severity
              <select
                data-testid="action-severity"
                value={severity}
                onChange={(e) => setSeverity(Number(e.target.value))}
              >
                {[1, 2, 3, 4, 5]
                  .filter((s) => s > incident.severity)
                  .map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <label>
            {pending.input === 'note' ? 'Comment' : 'Note (optional)'}
            <textarea
              data-testid="action-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
            />
          </label>
          <div className="actions__form-buttons">
            <button type="submit" data-testid="action-confirm" disabled={mutation.isPending}>
              {mutation.isPending ? 'Sending…' : `Confirm: ${pending.label.replace('…', '')}`}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {(formError ?? mutation.error) && (
        <p className="action-error" role="alert" data-testid="action-error">
          {formError ?? errorText(mutation.error)}
        </p>
      )}
    </section>
  );
}
