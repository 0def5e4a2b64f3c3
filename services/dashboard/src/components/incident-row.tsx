import type { IncidentView } from '@twin/domain';
import type { CSSProperties, Ref } from 'react';
import { type ColorOf, cssColor } from '../layers/colors.js';
import { formatDuration, humanize } from '../lib/format.js';
import { incidentTitle, type NameOf, urgencyMark } from '../lib/incidents.js';
import { SourceBadge } from './source-badge.js';

interface IncidentRowProps {
  incident: IncidentView;
  colorOf: ColorOf;
  nameOf?: NameOf | undefined;
  now: number;
  selected: boolean;
  /** Pointed at here or on the map. */
  hovered?: boolean;
  onSelect: (incidentId: string) => void;
  onHover?: ((incidentId: string | null) => void) | undefined;
  /** For a virtualized list: its position, and the ref and index it measures the row by. */
  style?: CSSProperties;
  rowRef?: Ref<HTMLLIElement>;
  index?: number;
}

const MARK_TEXT = { urgent: 'Urgent', new: 'New' } as const;
const MARK_TITLE = {
  urgent: 'High severity and nobody has acknowledged it yet',
  new: 'Opened in the last 15 minutes and not acknowledged yet',
} as const;

export function IncidentRow({
  incident,
  colorOf,
  nameOf,
  now,
  selected,
  hovered,
  onSelect,
  onHover,
  style,
  rowRef,
  index,
}: IncidentRowProps) {
  const mark = urgencyMark(incident, now);
  const name = nameOf ?? ((id: string) => id);
  const classes = [
    'incident-row',
    `severity-${incident.severity}`,
    selected ? 'incident-row--selected' : '',
    hovered ? 'incident-row--hovered' : '',
    incident.awaitingReport ? 'incident-row--awaiting-report' : '',
    mark ? `incident-row--${mark}` : '',
  ].filter(Boolean);
  return (
    <li
      ref={rowRef}
      style={style}
      data-index={index}
      className={classes.join(' ')}
      data-testid="incident-row"
      data-incident-id={incident.incidentId}
      data-department={incident.department}
      data-awaiting-report={incident.awaitingReport ? 'true' : undefined}
      data-urgency={mark ?? undefined}
      aria-current={selected ? 'true' : undefined}
    >
      <button
        type="button"
        className="incident-row__button"
        onClick={() => onSelect(incident.incidentId)}
        onPointerEnter={onHover ? () => onHover(incident.incidentId) : undefined}
        onPointerLeave={onHover ? () => onHover(null) : undefined}
        onFocus={onHover ? () => onHover(incident.incidentId) : undefined}
        onBlur={onHover ? () => onHover(null) : undefined}
      >
        <span className="incident-row__severity" title={`Severity ${incident.severity} of 5`}>
          {incident.severity}
        </span>
        <span
          className="swatch"
          style={{ background: cssColor(colorOf(incident.department)) }}
          aria-hidden="true"
        />
        <span className="incident-row__main">
          <span className="incident-row__title">
            {mark && (
              <span className={`urgency-badge urgency-badge--${mark}`} title={MARK_TITLE[mark]}>
                {MARK_TEXT[mark]}
              </span>
            )}
            <SourceBadge source={incident.source} />
            {incidentTitle(incident, nameOf)}
          </span>
          <span className="incident-row__meta">
            {humanize(incident.status)}
            {incident.awaitingAck && !incident.awaitingReport ? ' · awaiting ack' : ''}
            {incident.district
              ? ` · ${incident.district}`
              : incident.outsideCity
                ? ' · outside the city'
                : ''}
            {` · ${name(incident.department)}`}
            {incident.assisting.length > 0 ? ` + ${incident.assisting.map(name).join(', ')}` : ''}
            {incident.pendingHandover ? ` · hand-over to ${name(incident.pendingHandover.to)} pending` : ''}
          </span>
        </span>
        <span className="incident-row__age" title="Waiting since it was opened">
          {formatDuration(now - incident.openedAt)}
        </span>
      </button>
    </li>
  );
}
