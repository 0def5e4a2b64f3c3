/**
 * Which window to replay: the last hour or the last 24 h (before the data's "now": the wall clock, or the
 * data's own time while it is historical), a custom range in the city's time, or a day the store holds
 * data for (the days of the historical 2020 calls, from the analysis of that year).
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { analysisQuery } from '../../api/replay.js';
import { useAgeNow } from '../../hooks/use-age-now.js';
import { useCityTime } from '../../hooks/use-city-time.js';
import { fromCityLocalInput, startOfCityDay, toCityLocalInput } from '../../lib/format.js';
import { currentCamera } from '../../map/camera.js';
import type { ReplayParams } from '../../state/replay-params.js';
import { useUiStore } from '../../state/ui-store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The historical calls' year (data/cities/sf/sf-fire-calls-2020.csv), offered day by day. */
const HISTORY_FROM = Date.UTC(2020, 0, 1, 8);
const HISTORY_TO = Date.UTC(2021, 0, 1, 8);

export function openWindow(from: number, to: number, t: number | null = null): void {
  const { url, setUrlState } = useUiStore.getState();
  const replay: ReplayParams = {
    from,
    to,
    t,
    speed: url.replay?.speed ?? null,
    category: url.replay?.category ?? null,
    camera: currentCamera(),
  };
  setUrlState({ replay, incident: null });
}

/** Days with incidents in the historical year, in the city's days: "2020-04-07 · 312 incidents". */
function useHistoricalDays() {
  const cityTime = useCityTime();
  const { data } = useQuery(analysisQuery(HISTORY_FROM, HISTORY_TO, null));
  return useMemo(() => {
    const byDay = new Map<number, number>();
    for (const row of data?.byDepartmentHour ?? []) {
      const day = startOfCityDay(row.hour, cityTime);
      byDay.set(day, (byDay.get(day) ?? 0) + row.count);
    }
    return [...byDay.entries()].sort((a, b) => a[0] - b[0]);
  }, [data, cityTime]);
}

export function WindowPicker({ current }: { current: ReplayParams | null }) {
  const now = useAgeNow(60_000);
  const cityTime = useCityTime();
  const days = useHistoricalDays();
  // NOTE: the fields show the window (or the last hour) in the city's time, written afresh whenever the time
  // zone arrives or changes, or another window opens; only what the analyst typed is kept as typed. Written
  // once at the first render, they stayed in UTC (under the city's zone label) when the city model came later.
  const [typedFrom, setFrom] = useState<string | null>(null);
  const [typedTo, setTo] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const currentFrom = current?.from ?? null;
  const currentTo = current?.to ?? null;
  useEffect(() => {
    void currentFrom;
    void currentTo;
    void cityTime;
    setFrom(null);
    setTo(null);
  }, [currentFrom, currentTo, cityTime]);
  const from = typedFrom ?? toCityLocalInput(currentFrom ?? now - HOUR, cityTime);
  const to = typedTo ?? toCityLocalInput(currentTo ?? now, cityTime);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const start = fromCityLocalInput(from, cityTime);
    const end = fromCityLocalInput(to, cityTime);
    if (start === null || end === null)
      return setProblem('Both the start and the end need a date and a time.');
    if (end <= start) return setProblem('The end must come after the start.');
    setProblem(null);
    openWindow(start, end);
  };

  return (
    <section className="replay-picker" aria-label="Window to replay">
      <div className="replay-picker__presets">
        <button type="button" data-testid="replay-last-hour" onClick={() => openWindow(now - HOUR, now)}>
          Last hour
        </button>
        <button type="button" data-testid="replay-last-day" onClick={() => openWindow(now - DAY, now)}>
          Last 24 h
        </button>
        <label className="replay-picker__days">
          <span>Day with data</span>
          <select
            data-testid="replay-day"
            value=""
            onChange={(e) => {
              const day = Number(e.target.value);
              if (Number.isFinite(day) && day > 0)
                openWindow(day, startOfCityDay(day + DAY + 2 * HOUR, cityTime));
            }}
          >
            <option value="">{days.length === 0 ? 'none found' : `${days.length} days…`}</option>
            {days.map(([day, count]) => (
              <option key={day} value={day}>
                {toCityLocalInput(day, cityTime).slice(0, 10)} · {count} incident{count === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <form className="replay-picker__custom" onSubmit={submit}>
        <label>
          <span>From</span>
          <input
            type="datetime-local"
            data-testid="replay-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          <span>To</span>
          <input
            type="datetime-local"
            data-testid="replay-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="replay-open">
          Replay
        </button>
        <span className="replay-picker__zone">{cityTime.timeZone}</span>
        {problem && (
          <p className="replay-picker__problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </section>
  );
}
