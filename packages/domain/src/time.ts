import { problem } from './problems.js';
import { describeType, describeValue } from './text.js';

/** Lower and upper bounds for accepted timestamps: anything outside is a unit mistake (seconds vs ms). */
export const MIN_TS = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** Date.parse rolls 2024-02-30 over to March 1st; a device sending that has a broken clock. */
function calendarDateExists(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Timestamps on the wire are epoch milliseconds or ISO-8601 strings. Returns epoch ms, or a plain sentence
 * about `ts` (quoting what was sent) that goes into the dead-letter reason.
 */
export function parseTimestamp(ts: unknown, now: number): number | string {
  let ms: number;
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return problem('ts', `not a finite number (got ${describeValue(ts)})`);
    ms = ts;
  } else if (typeof ts === 'string') {
    // NOTE: Date.parse accepts many non-ISO shapes; require a date-time with an explicit zone.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(ts)) {
      return problem(
        'ts',
        `not an ISO-8601 date-time with a zone, like 2024-06-01T12:00:00Z (got ${describeValue(ts)})`,
      );
    }
    ms = Date.parse(ts);
    if (Number.isNaN(ms) || !calendarDateExists(ts))
      return problem('ts', `not a valid date (got ${describeValue(ts)})`);
  } else {
    return problem('ts', `must be epoch milliseconds or an ISO-8601 string (got ${describeType(ts)})`);
  }
  if (ms < MIN_TS) {
    // The usual cause is a device sending epoch seconds: say so when the number fits as seconds.
    const seconds = typeof ts === 'number' && ts * 1000 >= MIN_TS && ts * 1000 <= now + MAX_FUTURE_MS;
    const hint = seconds ? '; seconds instead of milliseconds?' : '';
    return problem('ts', `before 2000-01-01 (got ${describeValue(ts)}${hint})`);
  }
  if (ms > now + MAX_FUTURE_MS)
    return problem('ts', `more than 24 h in the future (got ${describeValue(ts)})`);
  return Math.round(ms);
}
