import type { IncidentEvent } from '@twin/domain';
import { formatDateTime } from '../lib/format.js';
import type { NameOf } from '../lib/incidents.js';
import { eventActor, eventDetails, eventLabel } from '../lib/timeline.js';

/** Who did what when: every event of the incident in fold order, people and departments by name. */
export function IncidentTimeline({
  events,
  nameOf,
  timeZone,
}: {
  events: readonly IncidentEvent[];
  nameOf: NameOf;
  timeZone?: string | undefined;
}) {
  if (events.length === 0) return <p className="empty">No events.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => {
        const details = eventDetails(e, nameOf);
        return (
          <li
            key={`${e.department}/${e.eventId}`}
            className="timeline__event"
            data-testid="timeline-event"
            data-event-type={e.type}
          >
            <time dateTime={new Date(e.ts).toISOString()}>{formatDateTime(e.ts, timeZone)}</time>
            <span className="timeline__what">
              <strong>{eventLabel(e.type)}</strong> by{' '}
              <span className="timeline__who">{eventActor(e, nameOf)}</span>
              {details.length > 0 ? ` · ${details.join(' · ')}` : ''}
            </span>
            {e.note && <span className="timeline__note">{e.note}</span>}
          </li>
        );
      })}
    </ol>
  );
}
