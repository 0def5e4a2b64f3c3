import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Department, IncidentView } from '@twin/domain';
import { useState } from 'react';
import { ApiError } from '../api/http.js';
import {
  type ActionType,
  type IncidentActionBody,
  incidentKeys,
  postIncidentAction,
} from '../api/incidents.js';
import { type ActionSpec, availableActions, buildActionBody } from '../lib/incident-actions.js';
import { applyIncidentChanges } from '../live/live-cache.js';
import { useActingDepartment } from '../session/use-acting-department.js';
import { ActingAs } from './acting-as.js';
import { DepartmentOptions } from './department-options.js';

interface IncidentActionsProps {
  incident: IncidentView;
  departments: readonly Department[];
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.status === 0
      ? 'Cannot reach the server: the action was not sent.'
      : `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Action buttons; the ones that need a value (unit, department, severity, comment) open a small form first. */
export function IncidentActions({ incident, departments }: IncidentActionsProps) {
  const queryClient = useQueryClient();
  // Who acts comes from the signed-in user (session/acting-department.ts), not from a picker for everyone.
  const { rule, acting, choose: chooseActing, toRequest } = useActingDepartment(incident);
  const [pending, setPending] = useState<ActionSpec | null>(null);
  const [unit, setUnit] = useState('');
  const [toDepartment, setToDepartment] = useState('');
  const [severity, setSeverity] = useState(Math.min(5, incident.severity + 1));
  const [note, setNote] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (body: IncidentActionBody) => postIncidentAction(incident.incidentId, body),
    onSuccess: (detail) => {
      queryClient.setQueryData(incidentKeys.detail(incident.incidentId), detail);
      applyIncidentChanges(queryClient, [detail.incident], Date.now());
      setPending(null);
      setUnit('');
      setNote('');
      setToDepartment('');
    },
  });

  const send = (type: ActionType) => {
    const result = buildActionBody(type, acting, { unit, toDepartment, severity, note }, incident.severity);
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    setFormError(null);
    mutation.mutate(toRequest(result.body));
  };

  const choose = (action: ActionSpec) => {
    mutation.reset();
    setFormError(null);
    if (action.input === null) {
      setPending(null);
      send(action.type);
    } else {
      setPending(action);
    }
  };

  const otherDepartments = departments.filter((d) => d.id !== acting);

  if (rule.kind === 'none') {
    return <ActingAs rule={rule} acting={acting} departments={departments} onChoose={chooseActing} />;
  }

  return (
    <section className="actions" aria-label="Actions">
      <ActingAs rule={rule} acting={acting} departments={departments} onChoose={chooseActing} />
      <div className="actions__buttons">
        {availableActions(incident.status).map((action) => (
          <button
            key={action.type}
            type="button"
            data-action={action.type}
            disabled={mutation.isPending}
            aria-pressed={pending?.type === action.type}
            onClick={() => choose(action)}
          >
            {action.label}
          </button>
        ))}
      </div>
      {pending && (
        <form
          className="actions__form"
          data-testid="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send(pending.type);
          }}
        >
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
              Department
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
                {[1, 2, 3, 4, 5].map((s) => (
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
