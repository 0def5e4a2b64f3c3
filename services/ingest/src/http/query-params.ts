/**
 * The one definition of the HTTP API's time, window and bounding-box query parameters. Every route taking a
 * window or a box parses it here, so the rules (and the 400 messages naming the parameter and the rule) are
 * the same everywhere. Pure: throws BadRequestError, which the app's error handler answers as a 400.
 */
import { categoryKey } from '@twin/domain';
import { BadRequestError } from './errors.js';

/** 1970-01-01T00:00:00.000Z: the earliest time a parameter may name. */
export const MIN_TIME_MS = 0;
/** 9999-12-31T23:59:59.999Z: the latest time a parameter may name (four-digit years only). */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const RANGE_TEXT = 'between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z';
const FORMAT_TEXT =
  'epoch milliseconds (digits only) or an ISO-8601 date-time with a time zone, such as 2024-05-01T12:00:00Z';

/** YYYY-MM-DDTHH:MM[:SS[.fff…]] then Z or ±HH[[:]MM]. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
/** The same without a zone, or a date alone: well-formed but ambiguous. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?$/;
/** `…T12:00:00 02:00`: a `+` written raw in a URL arrives as a space. */
const PLUS_AS_SPACE = /\d{2}:\d{2}(:\d{2}([.,]\d+)?)? \d{2}(:?\d{2})?$/;

/** Quotes a value for a message, bounded so an error never echoes a long input. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Epoch ms of a matched ISO date-time, or null when a field is out of its calendar range (Feb 30, 25:00). */
function isoToMs(m: RegExpExecArray): number | null {
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const offsetH = m[10] === undefined ? 0 : Number(m[10]);
  const offsetM = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetH > 23 || offsetM > 59) return null;
  // NOTE: Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  const sign = m[9] === '-' ? -1 : 1;
  return date.getTime() - sign * (offsetH * 60 + offsetM) * 60_000;
}

/**
 * A time parameter: epoch milliseconds (digits) or an ISO-8601 date-time with a zone, within
 * [MIN_TIME_MS, MAX_TIME_MS]. Absent or empty → undefined.
 */
export function parseTime(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  let ms: number | null;
  if (/^\d+$/.test(raw)) {
    ms = Number(raw);
  } else {
    const iso = ISO_DATE_TIME.exec(raw);
    if (!iso) {
      if (PLUS_AS_SPACE.test(raw))
        throw new BadRequestError(
          `${name} must be ${FORMAT_TEXT}; got ${quote(raw)} (a "+" in a URL must be written %2B)`,
        );
      if (ZONELESS.test(raw))
        throw new BadRequestError(
          `${name} needs a time and a time zone (Z or ±hh:mm), such as 2024-05-01T12:00:00Z; got ${quote(raw)}`,
        );
      throw new BadRequestError(`${name} must be ${FORMAT_TEXT}; got ${quote(raw)}`);
    }
    ms = isoToMs(iso);
    if (ms === null)
      throw new BadRequestError(`${name} is not a real calendar date and time; got ${quote(raw)}`);
  }
  if (!Number.isFinite(ms) || ms < MIN_TIME_MS || ms > MAX_TIME_MS)
    throw new BadRequestError(`${name} must be ${RANGE_TEXT}; got ${quote(raw)}`);
  return ms;
}

export interface WindowQuery {
  from?: string;
  to?: string;
}

/** An optional window: each end optional; when both are given, `from` must not be after `to`. */
export function parseWindow(query: WindowQuery): { from: number | undefined; to: number | undefined } {
  const from = parseTime('from', query.from);
  const to = parseTime('to', query.to);
  if (from !== undefined && to !== undefined && from > to)
    throw new BadRequestError(
      `from must not be after to; got from=${quote(query.from!)}, to=${quote(query.to!)}`,
    );
  return { from, to };
}

/**
 * A half-open window [from, to) that always has both ends: `to` defaults to `now`, `from` to `to` − defaultSpanMs
 * (not before 1970). `from` must be before `to`, since an empty window can only answer nothing.
 */
export function parseBoundedWindow(
  query: WindowQuery,
  defaults: { now: number; spanMs: number },
): { from: number; to: number } {
  const given = parseWindow(query);
  const to = given.to ?? defaults.now;
  const from = given.from ?? Math.max(MIN_TIME_MS, to - defaults.spanMs);
  if (from >= to) {
    const ends = `from=${given.from === undefined ? `${from} (default)` : quote(query.from!)}, to=${
      given.to === undefined ? `${to} (default: now)` : quote(query.to!)
    }`;
    throw new BadRequestError(`from must be before to; got ${ends}`);
  }
  return { from, to };
}

/** Where a readings window came from: the request, the sensor's newest reading, or (no readings) the wall clock. */
export type ReadingsWindowBasis = 'requested' | 'latest-reading' | 'now';

/**
 * The window of a readings request without `from` and `to`: the span ending with the bucket that holds the
 * sensor's newest stored reading (so a 2019 sensor shows its own last hour, not the wall clock's empty one),
 * at least one bucket long; with no reading stored, the span before `now`.
 */
export function defaultReadingsWindow(
  latestReadingAt: number | null,
  defaults: { now: number; spanMs: number; bucketMs: number },
): { from: number; to: number; basis: ReadingsWindowBasis } {
  const { now, spanMs, bucketMs } = defaults;
  if (latestReadingAt === null) return { from: Math.max(MIN_TIME_MS, now - spanMs), to: now, basis: 'now' };
  // NOTE: buckets are aligned to the epoch (date_bin from 1970), so the window ends where a bucket ends.
  const to = Math.min(MAX_TIME_MS, (Math.floor(latestReadingAt / bucketMs) + 1) * bucketMs);
  return { from: Math.max(MIN_TIME_MS, to - Math.max(spanMs, bucketMs)), to, basis: 'latest-reading' };
}

/** [west, south, east, north] in degrees. */
export type Bbox = [number, number, number, number];

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
const BBOX_FORMAT = 'four numbers west,south,east,north (degrees) separated by commas';

/**
 * A bounding box: four finite decimal numbers west,south,east,north, longitudes in [-180, 180], latitudes in
 * [-90, 90], west < east (a box across the 180° meridian is not supported) and south < north.
 */
export function parseBbox(name: string, raw: string | undefined): Bbox | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length !== 4) throw new BadRequestError(`${name} must be ${BBOX_FORMAT}; got ${quote(raw)}`);
  const bad = parts.find((p) => !DECIMAL.test(p) || !Number.isFinite(Number(p)));
  if (bad !== undefined)
    throw new BadRequestError(`${name} must be ${BBOX_FORMAT}; ${quote(bad)} is not a number`);
  const [west, south, east, north] = parts.map(Number) as Bbox;
  for (const [end, value] of [
    ['west', west],
    ['east', east],
  ] as const) {
    if (value < -180 || value > 180)
      throw new BadRequestError(
        `${name} ${end} is a longitude and must be between -180 and 180; got ${value}`,
      );
  }
  for (const [end, value] of [
    ['south', south],
    ['north', north],
  ] as const) {
    if (value < -90 || value > 90)
      throw new BadRequestError(`${name} ${end} is a latitude and must be between -90 and 90; got ${value}`);
  }
  if (west >= east)
    throw new BadRequestError(
      `${name} west must be less than east (a box across the 180° meridian is not supported); got west=${west}, east=${east}`,
    );
  if (south >= north)
    throw new BadRequestError(`${name} south must be less than north; got south=${south}, north=${north}`);
  return [west, south, east, north];
}

/** The key a `?category=` matches, or undefined without one; a category without a letter or digit is refused. */
export function parseCategory(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = categoryKey(raw);
  if (key === '') throw new BadRequestError('category: must contain at least one letter or digit');
  return key;
}

/** The reading buckets a replay or export may ask for: raw (0), 1 minute, 1 hour. */
export const REPLAY_BUCKETS_MS = [0, 60_000, 3_600_000] as const;

export interface ReplayWindowQuery extends WindowQuery {
  bucketMs?: string;
}

/**
 * The window of the replay, analysis and export routes: `from` and `to` both required, `from` not after `to`,
 * at most `maxWindowMs` apart; `bucketMs` (when the route takes one) 0, 60000 or 3600000, defaulting to the
 * bucket that fits the window. Every problem is found before answering, so one 400 names them all.
 */
export function parseReplayWindow(
  query: ReplayWindowQuery,
  rules: { maxWindowMs: number; defaultBucketMs: (windowMs: number) => number },
): { from: number; to: number; bucketMs: number } {
  const reasons: string[] = [];
  const time = (name: 'from' | 'to'): number | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') {
      reasons.push(`${name} is required (${FORMAT_TEXT})`);
      return undefined;
    }
    try {
      return parseTime(name, raw);
    } catch (err) {
      reasons.push((err as Error).message);
      return undefined;
    }
  };
  const from = time('from');
  const to = time('to');
  if (from !== undefined && to !== undefined) {
    if (from > to)
      reasons.push(`from must not be after to; got from=${quote(query.from!)}, to=${quote(query.to!)}`);
    else if (to - from > rules.maxWindowMs)
      reasons.push(
        `the window from–to may be at most ${rules.maxWindowMs / 86_400_000} days long; got ${
          Math.round(((to - from) / 86_400_000) * 100) / 100
        } days`,
      );
  }
  let bucketMs: number | undefined;
  if (query.bucketMs !== undefined && query.bucketMs !== '') {
    const n = Number(query.bucketMs);
    if (!/^\d+$/.test(query.bucketMs) || !(REPLAY_BUCKETS_MS as readonly number[]).includes(n))
      reasons.push(
        `bucketMs must be one of ${REPLAY_BUCKETS_MS.join(', ')} (raw readings, 1-minute or 1-hour buckets); got ${quote(query.bucketMs)}`,
      );
    else bucketMs = n;
  }
  if (reasons.length > 0 || from === undefined || to === undefined)
    throw new BadRequestError(reasons.join('; '));
  return { from, to, bucketMs: bucketMs ?? rules.defaultBucketMs(to - from) };
}
