import type { IncidentEvent } from '@twin/domain';
import { formatDateTime, humanize } from '../lib/format.js';

/** Who did what when: every event of the incident in fold order. */
export function IncidentTimeline({
  events,
  timeZone,
}: {
  events: readonly IncidentEvent[];
  timeZone?: string;
}) {
  if (events.length === 0) return <p className="empty">No events.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.eventId} className="timeline__event" data-testid="timeline-event" data-event-type={e.type}>
          <time dateTime={new Date(e.ts).toISOString()}>{formatDateTime(e.ts, timeZone)}</time>
          <span className="timeline__what">
            <strong>{humanize(e.type)}</strong> by {e.department}
            {e.actor ? ` (${e.actor})` : ''}
            {e.unit ? ` · unit ${e.unit}` : ''}
            {e.toDepartment ? ` → ${e.toDepartment}` : ''}
            {e.severity !== undefined && e.type !== 'reported' ? ` · severity ${e.severity}` : ''}
          </span>
          {e.note && <span className="timeline__note">{e.note}</span>}
        </li>
      ))}
    </ol>
  );
}
