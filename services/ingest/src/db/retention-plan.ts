/**
 * Pure decisions of the retention jobs: which monthly partitions are entirely older than a cutoff, which
 * months to keep partitions for, where the rollup refresh may start. No database here, so they have fast
 * unit tests (retention-plan.test.ts).
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The instant before which data is deleted; null = keep forever (a setting of 0). */
export function cutoff(now: number, keepDays: number): Date | null {
  return keepDays > 0 ? new Date(now - keepDays * DAY_MS) : null;
}

export function cutoffHours(now: number, keepHours: number): Date | null {
  return keepHours > 0 ? new Date(now - keepHours * HOUR_MS) : null;
}

export function monthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1));
}

/** `readings_2024_03` → the month's [from, to) in UTC; null for any other name (e.g. `readings_default`). */
export function monthOfPartition(table: string, name: string): { from: Date; to: Date } | null {
  if (!name.startsWith(`${table}_`)) return null;
  const match = /^(\d{4})_(\d{2})$/.exec(name.slice(table.length + 1));
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { from: monthStart(year, month - 1), to: monthStart(year, month) };
}

/**
 * Partitions of `table` whose whole month ends at or before the cutoff, oldest first. The default partition
 * and anything not named like a monthly partition of this table is never chosen: those can hold rows of
 * any time (retention deletes them row by row instead).
 */
export function partitionsToDrop(table: string, names: readonly string[], before: Date): string[] {
  return names
    .map((name) => ({ name, month: monthOfPartition(table, name) }))
    .filter((p) => p.month !== null && p.month.to.getTime() <= before.getTime())
    .sort((a, b) => a.month!.from.getTime() - b.month!.from.getTime())
    .map((p) => p.name);
}

/**
 * Months to have partitions for: last month to two months ahead, except months entirely older than the
 * retention cutoff (else the leader would create last month's partition again right after dropping it).
 */
export function monthsToPartition(
  now: Date,
  before: Date | null,
): { suffix: string; from: Date; to: Date }[] {
  const months: { suffix: string; from: Date; to: Date }[] = [];
  for (let offset = -1; offset <= 2; offset++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + offset);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    if (before && to.getTime() <= before.getTime()) continue;
    const suffix = `${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
    months.push({ suffix, from, to });
  }
  return months;
}

/**
 * Where a continuous-aggregate refresh may start. NOTE (measured on TimescaleDB 2.23): refreshing a window
 * whose raw chunks were dropped recomputes those buckets from nothing and deletes them from `readings_1m`.
 * Raw rows at or after the readings cutoff are never dropped (drop_chunks drops only chunks entirely older),
 * so a refresh from there on keeps every aggregate that outlives its raw data. Null = from the beginning.
 */
export function refreshFrom(readingsCutoff: Date | null, from: Date | null): Date | null {
  if (!readingsCutoff) return from;
  if (!from) return readingsCutoff;
  return from.getTime() < readingsCutoff.getTime() ? readingsCutoff : from;
}
