import { useCityTime } from '../hooks/use-city-time.js';
import { useNow } from '../hooks/use-now.js';
import { formatClock, formatZone } from '../lib/format.js';

/** The city's local time with its zone (the wall may be anywhere; the incidents are in the city). */
export function Clock() {
  const now = useNow(1000);
  const cityTime = useCityTime();
  return (
    <time className="clock" dateTime={new Date(now).toISOString()} data-testid="clock">
      {formatClock(now, cityTime)}{' '}
      <abbr className="clock__zone" title={cityTime.timeZone}>
        {formatZone(now, cityTime)}
      </abbr>
    </time>
  );
}
