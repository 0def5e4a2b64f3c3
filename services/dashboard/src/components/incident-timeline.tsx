import type { IncidentEvent } from '@twin/domain';
import { useCityTime } from '../hooks/use-city-time.js';
import { eventText } from '../lib/event-text.js';
import { formatDateTime } from '../lib/format.js';
import type { NameOf } from '../lib/incidents.js';

/** Who did what when: every event of the incident in fold order, people and departments by name. */
export function IncidentTimeline({ events, nameOf }: { events: readonly IncidentEvent[]; nameOf: NameOf }) {
  const cityTime = useCityTime();
  if (events.length === 0) return <p className="empty">No events.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li
          key={`${e.department}/${e.eventId}`}
          className="timeline__event"
          data-testid="timeline-event"
          data-event-type={e.type}
        >
          <time dateTime={new Date(e.ts).toISOString()}>{formatDateTime(e.ts, cityTime)}</time>
          <span className="timeline__what">
            {eventText({ ...e, severity: e.type === 'reported' ? undefined : e.severity }, nameOf)}
          </span>
          {e.note && <span className="timeline__note">{e.note}</span>}
        </li>
      ))}
    </ol>
  );
}
