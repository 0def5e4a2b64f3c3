import type { IncidentView } from '@twin/domain';
import { type ColorOf, cssColor } from '../layers/colors.js';
import { formatDuration, humanize } from '../lib/format.js';
import { incidentTitle, type NameOf } from '../lib/incidents.js';

interface IncidentRowProps {
  incident: IncidentView;
  colorOf: ColorOf;
  nameOf?: NameOf | undefined;
  now: number;
  selected: boolean;
  onSelect: (incidentId: string) => void;
}

export function IncidentRow({ incident, colorOf, nameOf, now, selected, onSelect }: IncidentRowProps) {
  return (
    <li
      className={`incident-row severity-${incident.severity}${selected ? ' incident-row--selected' : ''}${incident.awaitingReport ? ' incident-row--awaiting-report' : ''}`}
      data-testid="incident-row"
      data-incident-id={incident.incidentId}
      data-awaiting-report={incident.awaitingReport ? 'true' : undefined}
      aria-current={selected ? 'true' : undefined}
    >
      <button type="button" className="incident-row__button" onClick={() => onSelect(incident.incidentId)}>
        <span className="incident-row__severity" title={`Severity ${incident.severity} of 5`}>
          {incident.severity}
        </span>
        <span
          className="swatch"
          style={{ background: cssColor(colorOf(incident.department)) }}
          aria-hidden="true"
        />
        <span className="incident-row__main">
          <span className="incident-row__title">{incidentTitle(incident, nameOf)}</span>
          <span className="incident-row__meta">
            {humanize(incident.status)}
            {incident.awaitingAck ? ' · awaiting ack' : ''}
            {incident.district
              ? ` · ${incident.district}`
              : incident.outsideCity
                ? ' · outside the city'
                : ''}
            {incident.assisting.length > 0
              ? ` · +${incident.assisting.map((id) => (nameOf ? nameOf(id) : id)).join(', ')}`
              : ''}
          </span>
        </span>
        <span className="incident-row__age">{formatDuration(now - incident.openedAt)}</span>
      </button>
    </li>
  );
}
