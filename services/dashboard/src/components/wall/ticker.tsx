import { useMemo } from 'react';
import { useCityTime } from '../../hooks/use-city-time.js';
import { useFlashing } from '../../hooks/use-flashing.js';
import { useNow } from '../../hooks/use-now.js';
import { type ColorOf, cssColor } from '../../layers/colors.js';
import { eventText } from '../../lib/event-text.js';
import { formatClock } from '../../lib/format.js';
import type { NameOf } from '../../lib/incidents.js';
import { tickerOrder } from '../../lib/ticker.js';
import { useWallStore } from '../../state/wall-store.js';

/**
 * The latest events across departments, newest first, on one line: entries that do not fit whole wrap onto
 * a hidden second line rather than being cut. A new critical incident pulses (slowly, a few times).
 */
export function Ticker({ colorOf, nameOf }: { colorOf: ColorOf; nameOf: NameOf }) {
  const entries = useWallStore((s) => s.entries);
  const flashing = useFlashing();
  const cityTime = useCityTime();
  // NOTE: a 5 s clock is enough to let a critical entry go back in line after its minute at the front.
  const now = useNow(5_000);
  const shown = useMemo(() => tickerOrder(entries, now).slice(0, 12), [entries, now]);
  return (
    <section className="ticker" aria-label="Latest events" data-testid="ticker">
      <h2 className="ticker__label">Latest</h2>
      <ol className="ticker__entries" aria-live="off">
        {shown.length === 0 && (
          <li className="ticker__entry ticker__entry--empty">Waiting for the first event…</li>
        )}
        {shown.map((e) => {
          const text = eventText(e, nameOf);
          const flash = e.critical && flashing.has(e.incidentId);
          return (
            <li
              key={e.key}
              className={`ticker__entry${e.critical ? ' ticker__entry--critical' : ''}${flash ? ' wall-flash' : ''}`}
              data-testid="ticker-entry"
              data-critical={e.critical ? 'true' : undefined}
              title={`${formatClock(e.ts, cityTime)} · ${e.title ?? e.incidentId} · ${text}`}
            >
              <time className="ticker__time">{formatClock(e.ts, cityTime)}</time>
              <span
                className="swatch"
                style={{ background: cssColor(colorOf(e.department)) }}
                aria-hidden="true"
              />
              {e.critical && <strong className="ticker__critical">CRITICAL</strong>}
              <span className="ticker__title">{e.title ?? e.incidentId}</span>
              <span className="ticker__text">{text}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
