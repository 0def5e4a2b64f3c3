import { useQuery } from '@tanstack/react-query';
import { ageReference } from '@twin/domain';
import { dataClockQuery } from '../api/clock.js';
import { useNow } from './use-now.js';

/**
 * The data's time while the data is historical (domain data-time.ts), else null: live data, or the server
 * has not said yet. For code that reads the time at an instant (a tooltip) instead of on a tick.
 */
export function useHistoricalTime(): number | null {
  const { data } = useQuery(dataClockQuery);
  return data?.historical && data.dataTime !== null ? data.dataTime : null;
}

/**
 * The "now" that ages and "last seen" are measured against (domain ageReference): the data's time while the
 * data is historical ("open 2 h" as of 2019-03-02 23:59, not "918 d"), else the wall clock, refreshed every
 * `intervalMs`. Until the server has said which, the wall clock. The wall's LIVE/STALE indicator does not
 * use this: it is about whether data is arriving now (state/staleness.ts).
 */
export function useAgeNow(intervalMs: number): number {
  const wallNow = useNow(intervalMs);
  const { data } = useQuery(dataClockQuery);
  return ageReference(data, wallNow);
}
