import { useQuery } from '@tanstack/react-query';
import { dataClockQuery } from '../api/clock.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { formatMinute } from '../lib/format.js';

/**
 * Says plainly that what is on screen is historical, and as of when: ages and "last seen" are then counted
 * from the data's time (hooks/use-age-now.ts), which a viewer must know to read them. Nothing while live.
 */
export function DataAsOf() {
  const { data: clock } = useQuery(dataClockQuery);
  const cityTime = useCityTime();
  if (!clock?.historical || clock.dataTime === null) return null;
  const asOf = formatMinute(clock.dataTime, cityTime);
  return (
    <div
      className="data-as-of"
      role="note"
      data-testid="data-as-of"
      title="The newest data stored is older than an hour and arrived old (an import or a replay): ages and last-seen times are counted from it, not from the wall clock."
    >
      Historical data · data as of <time dateTime={new Date(clock.dataTime).toISOString()}>{asOf}</time>
      <span className="data-as-of__detail"> · ages counted from then</span>
    </div>
  );
}
