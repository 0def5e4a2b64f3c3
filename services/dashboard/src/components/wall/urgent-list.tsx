import type { IncidentView } from '@twin/domain';
import { memo } from 'react';
import { useAgeNow } from '../../hooks/use-age-now.js';
import { type ColorOf, cssColor } from '../../layers/colors.js';
import { formatDuration, humanize } from '../../lib/format.js';
import { incidentTitle, type NameOf } from '../../lib/incidents.js';
import { FittingList } from './fitting-list.js';

interface UrgentListProps {
  incidents: readonly IncidentView[];
  colorOf: ColorOf;
  nameOf: NameOf;
  /** Departments' short names ("EMS"), for the row's second line. */
  shortNameOf: NameOf;
  loading: boolean;
  flashing: ReadonlySet<string>;
}

/** The most urgent open incidents (the domain's order), as many whole rows as fit. Read-only: no buttons. */
export function UrgentList({ incidents, colorOf, nameOf, shortNameOf, loading, flashing }: UrgentListProps) {
  // NOTE: ages tick every 10 s, as of the data's time when the data is historical.
  const now = useAgeNow(10_000);
  return (
    <FittingList
      className="urgent-list"
      label="Most urgent open incidents"
      items={incidents}
      emptyText={loading ? 'Loading incidents…' : 'No open incidents.'}
      moreText={(hidden) => `+${hidden} more open`}
      renderRow={(incident) => (
        <UrgentRow
          key={incident.incidentId}
          incident={incident}
          colorOf={colorOf}
          nameOf={nameOf}
          shortNameOf={shortNameOf}
          now={now}
          flash={flashing.has(incident.incidentId)}
        />
      )}
    />
  );
}

interface UrgentRowProps {
  incident: IncidentView;
  colorOf: ColorOf;
  nameOf: NameOf;
  shortNameOf: NameOf;
  now: number;
  flash: boolean;
}

/**
 * One row; renders again only when its incident (a new object only when that incident changed), the clock
 * or its flash changes, so a change of one incident does not redraw the whole list.
 */
const UrgentRow = memo(function UrgentRow({
  incident,
  colorOf,
  nameOf,
  shortNameOf,
  now,
  flash,
}: UrgentRowProps) {
  const title = incidentTitle(incident, nameOf);
  const state = [humanize(incident.status), incident.awaitingAck ? 'awaiting ack' : null]
    .filter(Boolean)
    .join(' · ');
  const place = incident.district ?? (incident.outsideCity ? 'outside the city' : null);
  const helpers = (names: NameOf) =>
    incident.assisting.length > 0 ? `+ ${incident.assisting.map(names).join(', ')}` : null;
  const where = [place, helpers(shortNameOf)].filter(Boolean).join(' · ');
  const whereInFull = [place, helpers(nameOf)].filter(Boolean).join(' · ');
  return (
    <li
      className={`fit-list__row wall-incident severity-${incident.severity}${incident.awaitingAck ? ' wall-incident--awaiting-ack' : ''}${incident.awaitingReport ? ' wall-incident--awaiting-report' : ''}${flash ? ' wall-flash' : ''}`}
      data-testid="incident-row"
      data-incident-id={incident.incidentId}
      title={`${title}\n${nameOf(incident.department)} · ${state}${whereInFull ? ` · ${whereInFull}` : ''}`}
    >
      <span className="wall-incident__severity" title={`Severity ${incident.severity} of 5`}>
        {incident.severity}
      </span>
      <span
        className="swatch"
        style={{ background: cssColor(colorOf(incident.department)) }}
        aria-hidden="true"
      />
      <span className="wall-incident__main">
        <span className="wall-incident__title">{title}</span>
        {/* NOTE: department and state are never cut; only the place and helpers after them give way. */}
        <span className="wall-incident__meta">
          <span className="wall-incident__department" title={nameOf(incident.department)}>
            {shortNameOf(incident.department)}
          </span>
          {/* NOTE: a no-break space first: a flex item's leading space would be dropped. */}
          <span className="wall-incident__state">{`\u00a0· ${state}`}</span>
          {where && <span className="wall-incident__where">{`\u00a0· ${where}`}</span>}
        </span>
      </span>
      <span className="wall-incident__age">{formatDuration(now - incident.openedAt)}</span>
    </li>
  );
});
