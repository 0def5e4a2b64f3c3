import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatCount,
  formatDateTime,
  formatDuration,
  formatMinute,
  formatMinuteSpan,
  formatResponseTime,
  formatResponseTimeShort,
  formatWindow,
  formatZone,
  fromCityLocalInput,
  startOfCityDay,
  toCityLocalInput,
} from './format.js';

const NOON_UTC = Date.UTC(2024, 0, 15, 12, 0, 5);
const JULY_NOON_UTC = Date.UTC(2024, 6, 15, 12, 0, 5);
const SF = { timeZone: 'America/Los_Angeles', locale: 'en-US' };
const BERLIN = { timeZone: 'Europe/Berlin', locale: 'de-DE' };

describe('formatClock', () => {
  it('shows the city’s local time in the city’s locale, not the wall PC’s', () => {
    expect(formatClock(NOON_UTC, SF)).toBe('04:00:05 AM');
    expect(formatClock(NOON_UTC, BERLIN)).toBe('13:00:05');
    // A second call with another zone must not reuse the first zone's formatter.
    expect(formatClock(NOON_UTC, { timeZone: 'UTC', locale: 'en-GB' })).toBe('12:00:05');
  });
});

describe('formatZone', () => {
  it('names the zone as it is at that instant (summer time included)', () => {
    expect(formatZone(NOON_UTC, SF)).toBe('PST');
    expect(formatZone(JULY_NOON_UTC, SF)).toBe('PDT');
    expect(formatZone(NOON_UTC, BERLIN)).toBe('MEZ');
    expect(formatZone(NOON_UTC, { timeZone: 'UTC', locale: 'en-US' })).toBe('UTC');
  });
});

describe('formatDateTime', () => {
  it('writes the month as a word, so 1 December and 12 January are never confused, with the zone', () => {
    expect(formatDateTime(Date.UTC(2026, 11, 1, 20, 0, 0), SF)).toBe('Dec 1, 2026, 12:00:00 PM PST');
    expect(formatDateTime(Date.UTC(2026, 11, 1, 20, 0, 0), BERLIN)).toBe('1. Dez. 2026, 21:00:00 MEZ');
  });
});

describe('formatMinuteSpan', () => {
  it('writes the date once for a span within a day, both dates when it crosses midnight', () => {
    const tenAm = Date.UTC(2020, 3, 7, 17, 0);
    expect(formatMinuteSpan(tenAm, tenAm + 3_600_000, SF)).toBe('2020-04-07 10:00–11:00 PDT');
    expect(formatMinuteSpan(tenAm + 13 * 3_600_000, tenAm + 14 * 3_600_000, SF)).toBe(
      '2020-04-07 23:00 PDT – 2020-04-08 00:00 PDT',
    );
  });
});

describe('formatMinute', () => {
  it('writes year-month-day hour:minute and the zone in the city’s zone, midnight as 00', () => {
    const lastMinute = Date.UTC(2019, 2, 3, 7, 59, 30);
    expect(formatMinute(lastMinute, SF)).toBe('2019-03-02 23:59 PST');
    expect(formatMinute(Date.UTC(2019, 2, 3, 0, 0, 0), { timeZone: 'UTC', locale: 'en-US' })).toBe(
      '2019-03-03 00:00 UTC',
    );
  });

  it('keeps Latin digits in a locale that writes others', () => {
    expect(formatMinute(Date.UTC(2019, 2, 3, 0, 0, 0), { timeZone: 'UTC', locale: 'ar-EG' })).toMatch(
      /^2019-03-03 00:00 /,
    );
  });
});

describe('durations', () => {
  it('formats ages coarsely', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 30_000)).toBe('12 min');
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe('3 h 05 min');
    expect(formatDuration(2 * 86_400_000 + 4 * 3600_000)).toBe('2 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('formats response times to the second while short, and says when there is none', () => {
    expect(formatResponseTime(44.6)).toBe('45 s');
    expect(formatResponseTime(245)).toBe('4 min 05 s');
    expect(formatResponseTime(3600 + 12 * 60)).toBe('1 h 12 min');
    expect(formatResponseTime(null)).toBe('–');
    expect(formatResponseTime(Number.NaN)).toBe('–');
  });

  it('shortens response times for a table cell', () => {
    expect(formatResponseTimeShort(44.6)).toBe('45s');
    expect(formatResponseTimeShort(245)).toBe('4m05s');
    expect(formatResponseTimeShort(16 * 60 + 20)).toBe('16m');
    expect(formatResponseTimeShort(3600 + 12 * 60)).toBe('1h12');
    expect(formatResponseTimeShort(null)).toBe('–');
  });

  it('states a rolling window in its largest whole unit', () => {
    expect(formatWindow(86_400)).toBe('1 d');
    expect(formatWindow(3 * 3600)).toBe('3 h');
    expect(formatWindow(90 * 60)).toBe('90 min');
    expect(formatWindow(45)).toBe('45 s');
  });
});

describe('formatCount', () => {
  it('groups digits the way the locale does', () => {
    expect(formatCount(12345, 'en-US')).toBe('12,345');
    expect(formatCount(12345, 'de-DE')).toBe('12.345');
  });
});

describe('city wall-clock inputs', () => {
  const SF = { timeZone: 'America/Los_Angeles', locale: 'en-US' };
  it('reads and writes a datetime-local value in the city zone, across daylight saving', () => {
    // 2020-04-07 13:05 PDT = 20:05 UTC; 2020-01-07 13:05 PST = 21:05 UTC.
    expect(fromCityLocalInput('2020-04-07T13:05', SF)).toBe(Date.UTC(2020, 3, 7, 20, 5));
    expect(fromCityLocalInput('2020-01-07T13:05', SF)).toBe(Date.UTC(2020, 0, 7, 21, 5));
    expect(toCityLocalInput(Date.UTC(2020, 3, 7, 20, 5), SF)).toBe('2020-04-07T13:05');
    expect(fromCityLocalInput('2020-04-07', SF)).toBeNull();
    expect(startOfCityDay(Date.UTC(2020, 3, 7, 20, 5), SF)).toBe(Date.UTC(2020, 3, 7, 7));
  });
});
