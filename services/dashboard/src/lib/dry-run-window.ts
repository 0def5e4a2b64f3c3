/**
 * The windows a rule's dry run looks back over: "Yesterday" (the city's calendar day before today, in the
 * city's zone, as the replay picks a day), "Last 24 h", "Last 7 days", or a range typed in the city's time.
 * `now` is the data's now (the wall clock, or the data's own time while it is historical), as the replay's
 * presets use it, so "yesterday" of a historical data set is a day that has data. Pure, unit-tested.
 */
import { type CityTime, fromCityLocalInput, startOfCityDay } from './format.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The server looks back at most this far in one dry run (the rules API's limit). */
export const MAX_DRY_RUN_MS = 7 * DAY_MS;

export type DryRunPreset = 'yesterday' | 'last-24h' | 'last-7d';

export const DRY_RUN_PRESETS: ReadonlyArray<{ id: DryRunPreset; label: string }> = [
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last-24h', label: 'Last 24 h' },
  { id: 'last-7d', label: 'Last 7 days' },
];

export interface DryRunWindow {
  from: number;
  to: number;
}

export function presetWindow(preset: DryRunPreset, now: number, cityTime: CityTime): DryRunWindow {
  switch (preset) {
    case 'yesterday': {
      const today = startOfCityDay(now, cityTime);
      // NOTE: half a day back, not 24 h: a day with a clock change is 23 or 25 hours long.
      return { from: startOfCityDay(today - 12 * HOUR_MS, cityTime), to: today };
    }
    case 'last-24h':
      return { from: now - DAY_MS, to: now };
    case 'last-7d':
      return { from: now - MAX_DRY_RUN_MS, to: now };
  }
}

/**
 * A range typed in the city's time (`datetime-local` values), or what to fix in plain words: both ends, the
 * end after the start, at most 7 days.
 */
export function customWindow(
  fromInput: string,
  toInput: string,
  cityTime: CityTime,
): { window: DryRunWindow } | { error: string } {
  const from = fromCityLocalInput(fromInput, cityTime);
  const to = fromCityLocalInput(toInput, cityTime);
  if (from === null || to === null) return { error: 'Both the start and the end need a date and a time.' };
  if (to <= from) return { error: 'The end must come after the start.' };
  if (to - from > MAX_DRY_RUN_MS) return { error: 'A dry run looks back at most 7 days: shorten the range.' };
  return { window: { from, to } };
}
