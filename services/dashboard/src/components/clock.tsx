import { useNow } from '../hooks/use-now.js';
import { formatClock } from '../lib/format.js';

/** The city's local time (the wall may be anywhere; the incidents are in the city). */
export function Clock({ timeZone }: { timeZone?: string }) {
  const now = useNow(1000);
  return (
    <time className="clock" dateTime={new Date(now).toISOString()}>
      {formatClock(now, timeZone)}
    </time>
  );
}
