import { formatDuration } from '../lib/format.js';
import type { Inbox } from '../lib/inbox.js';
import { incidentTitle, type NameOf } from '../lib/incidents.js';

interface LeadInboxProps {
  inbox: Inbox;
  /** The department whose inbox this is (null: nobody to wait for, e.g. command before choosing one). */
  department: string | null;
  nameOf: NameOf;
  now: number;
  selectedId: string | null;
  onSelect: (incidentId: string) => void;
}

/** Hand-overs offered to the department and assistance it was asked for, waiting for an answer. */
export function LeadInbox({ inbox, department, nameOf, now, selectedId, onSelect }: LeadInboxProps) {
  if (!department)
    return (
      <p className="empty">
        Choose the department you act for (in an incident's actions) to see what waits for it.
      </p>
    );
  if (inbox.items.length === 0)
    return <p className="empty">Nothing waits for {nameOf(department)}: no hand-over or request for help.</p>;
  return (
    <ol className="inbox" data-testid="lead-inbox" aria-label={`Waiting for ${nameOf(department)}`}>
      {inbox.items.map(({ kind, incident, since }) => (
        <li
          key={`${kind}:${incident.incidentId}`}
          className={`inbox__item inbox__item--${kind}`}
          data-testid="inbox-item"
          data-kind={kind}
          data-incident-id={incident.incidentId}
          aria-current={incident.incidentId === selectedId ? 'true' : undefined}
        >
          <button type="button" onClick={() => onSelect(incident.incidentId)}>
            <span className="inbox__kind">
              {kind === 'handover' ? 'Hand-over offered' : 'Help requested'}
            </span>
            <span className="inbox__title">{incidentTitle(incident, nameOf)}</span>
            <span className="inbox__meta">
              by{' '}
              {nameOf(
                kind === 'handover'
                  ? (incident.pendingHandover?.from ?? incident.department)
                  : incident.department,
              )}{' '}
              · severity {incident.severity} · waiting {formatDuration(now - since)}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
