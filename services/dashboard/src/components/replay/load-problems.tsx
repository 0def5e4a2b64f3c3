/**
 * What of the replay window could not be loaded, said in plain words: which part (incidents or sensor
 * values) of which span, why, and when it is tried again, with "Retry now" once a request has failed more
 * than once. A request the server refused (the client's fault: 400, 403 …) is shown with the server's
 * message and not tried again.
 */
import { useCityTime } from '../../hooks/use-city-time.js';
import { useNow } from '../../hooks/use-now.js';
import { formatMinuteSpan } from '../../lib/format.js';
import { OFFER_RETRY_NOW_AFTER } from '../../lib/retry-policy.js';
import type { LoadProblem } from '../../replay/load-problem.js';
import type { ReplaySession } from '../../replay/replay-session.js';
import { useReplayStore } from '../../replay/replay-store.js';

const PART_TEXT: Record<LoadProblem['part'], string> = {
  incidents: 'Incidents',
  sensors: 'Sensor values',
};

export function LoadProblems({ session }: { session: ReplaySession }) {
  const problems = useReplayStore((s) => s.problems);
  // NOTE: the countdown's once-a-second clock runs only while something is missing.
  return problems.length > 0 ? <ProblemList session={session} problems={problems} /> : null;
}

function ProblemList({ session, problems }: { session: ReplaySession; problems: readonly LoadProblem[] }) {
  const cityTime = useCityTime();
  const now = useNow(1000);
  const offerRetry = problems.some((p) => p.retryAt !== null && p.failures >= OFFER_RETRY_NOW_AFTER);
  return (
    <div className="replay__problems" data-testid="replay-problems">
      <ul>
        {problems.map((p) => (
          <li
            key={`${p.part}-${p.from}`}
            role="alert"
            data-testid="replay-problem"
            data-part={p.part}
            data-retried={p.retryAt !== null}
            data-failures={p.failures}
          >
            {PART_TEXT[p.part]} for {formatMinuteSpan(p.from, p.to, cityTime)} could not be loaded
            {p.retryAt === null ? (
              `: ${p.reason}.`
            ) : (
              <>
                {` (${p.reason}) — `}
                {/* The countdown changes every second: not read out each time. */}
                <span aria-live="off">{retryText(p.retryAt, now)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {offerRetry && (
        <button type="button" data-testid="replay-retry-now" onClick={() => session.retryNow()}>
          Retry now
        </button>
      )}
    </div>
  );
}

function retryText(retryAt: number, now: number): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  return seconds > 0 ? `retrying in ${seconds} s.` : 'retrying now…';
}
