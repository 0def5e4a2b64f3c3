import type { IncidentView } from '@twin/domain';
import { useAgeNow } from '../hooks/use-age-now.js';
import type { ColorOf } from '../layers/colors.js';
import type { NameOf } from '../lib/incidents.js';
import { IncidentRow } from './incident-row.js';

interface IncidentListProps {
  incidents: readonly IncidentView[];
  colorOf: ColorOf;
  /** Department names, for incidents awaiting their report ("Awaiting report · Public Works"). */
  nameOf?: NameOf;
  selectedId: string | null;
  onSelect: (incidentId: string) => void;
  /** Rows shown before "+N more": a wall screen has no scrolling. */
  maxRows?: number;
  emptyText: string;
  large?: boolean;
}

export function IncidentList({
  incidents,
  colorOf,
  nameOf,
  selectedId,
  onSelect,
  maxRows,
  emptyText,
  large,
}: IncidentListProps) {
  // NOTE: ages tick every 10 s: precise enough to read, and the list does not re-render every second.
  // Measured against the data's time when the data is historical.
  const now = useAgeNow(10_000);
  const shown = maxRows === undefined ? incidents : incidents.slice(0, maxRows);
  if (incidents.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <>
      <ol className={`incident-list${large ? ' incident-list--large' : ''}`}>
        {shown.map((incident) => (
          <IncidentRow
            key={incident.incidentId}
            incident={incident}
            colorOf={colorOf}
            nameOf={nameOf}
            now={now}
            selected={incident.incidentId === selectedId}
            onSelect={onSelect}
          />
        ))}
      </ol>
      {shown.length < incidents.length && <p className="more">+{incidents.length - shown.length} more</p>}
    </>
  );
}
