import type { IncidentEvent } from '@twin/domain';
import { useMemo } from 'react';
import { useCityTime } from '../hooks/use-city-time.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { eventText } from '../lib/event-text.js';
import { formatDateTime } from '../lib/format.js';

/** Who did what when: every event of the incident in fold order, with department names and users. */
export function IncidentTimeline({ events }: { events: readonly IncidentEvent[] }) {
  const cityTime = useCityTime();
  const { departments } = useDepartments();
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  if (events.length === 0) return <p className="empty">No events.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.eventId} className="timeline__event" data-testid="timeline-event" data-event-type={e.type}>
          <time dateTime={new Date(e.ts).toISOString()}>{formatDateTime(e.ts, cityTime)}</time>
          <span className="timeline__what">
            {eventText(
              {
                type: e.type,
                department: e.department,
                actor: e.actor,
                unit: e.unit,
                toDepartment: e.toDepartment,
                severity: e.type === 'reported' ? undefined : e.severity,
              },
              nameOf,
            )}
          </span>
          {e.note && <span className="timeline__note">{e.note}</span>}
        </li>
      ))}
    </ol>
  );
}
