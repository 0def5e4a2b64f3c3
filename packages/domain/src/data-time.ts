/**
 * "The data's time": the newest time the stored data speaks of (the newest reading or incident event), as
 * opposed to the wall clock. Ages and "last seen" are measured against it when the data is historical (a
 * 2019 data set shows "open 2 h" as of its own last moment, not "918 d"), and against the wall clock when it
 * is live. The server reads it from the store (so every instance answers the same) and the dashboard
 * applies the rule below; nothing else decides it.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './incident-state.js';

/** The data is historical when its newest time lags by more than this (see {@link isHistorical}). */
export const HISTORICAL_AFTER_MS = 60 * 60_000;

/** What `GET /api/v1/clock` answers: the wall clock and the data's time, both read on the server. */
export const DataClockSchema = Type.Object({
  /** The server's wall clock (epoch ms) when it answered. */
  now: Type.Number(),
  /** The newest reading or incident-event time in the store (epoch ms), or null while the store is empty. */
  dataTime: Nullable(Type.Number()),
  /** When the newest data was stored (server clock, epoch ms), or null before anything was stored. */
  storedAt: Nullable(Type.Number()),
  /** {@link isHistorical} of the above: measure ages against `dataTime` instead of the wall clock. */
  historical: Type.Boolean(),
  /** The lag above which data counts as historical ({@link HISTORICAL_AFTER_MS}). */
  historicalAfterMs: Type.Number(),
});
export type DataClock = Static<typeof DataClockSchema>;

/**
 * Historical: the data's newest time is more than {@link HISTORICAL_AFTER_MS} behind the wall clock AND
 * behind the time that data was stored. The second condition keeps a live feed that stopped live: its
 * newest data was stored when it happened, so the wall keeps counting ages on the wall clock and its
 * indicator says STALE (state/staleness.ts in the dashboard), rather than freezing every age at the moment
 * the feed died. Data that arrived already old (an import, a replay of 2019) is historical. When nothing
 * says when the data was stored (`storedAt` null), the wall clock alone decides.
 */
export function isHistorical(
  clock: { dataTime: number | null; storedAt: number | null },
  wallNow: number,
): boolean {
  const { dataTime, storedAt } = clock;
  if (dataTime === null) return false;
  const behindWall = wallNow - dataTime > HISTORICAL_AFTER_MS;
  const arrivedOld = storedAt === null || storedAt - dataTime > HISTORICAL_AFTER_MS;
  return behindWall && arrivedOld;
}

/**
 * The "now" that ages and "last seen" are measured against: the data's time when it is historical, else
 * the wall clock (also while the clock is not known yet).
 */
export function ageReference(
  clock: Pick<DataClock, 'dataTime' | 'historical'> | null | undefined,
  wallNow: number,
): number {
  return clock?.historical && clock.dataTime !== null ? clock.dataTime : wallNow;
}
