import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatMinute } from './format.js';

const NOON_UTC = Date.UTC(2024, 0, 15, 12, 0, 5);

describe('formatClock / formatDateTime', () => {
  it('shows the city’s local time, not the wall PC’s', () => {
    expect(formatClock(NOON_UTC, 'America/Los_Angeles')).toBe('04:00:05');
    expect(formatClock(NOON_UTC, 'Europe/Berlin')).toBe('13:00:05');
  });

  it('formats dates day-first with the time, per zone, from cached formatters', () => {
    expect(formatDateTime(NOON_UTC, 'America/Los_Angeles')).toBe('15/01/2024, 04:00:05');
    expect(formatDateTime(NOON_UTC, 'UTC')).toBe('15/01/2024, 12:00:05');
    // A second call with another zone must not reuse the first zone's formatter.
    expect(formatClock(NOON_UTC, 'UTC')).toBe('12:00:05');
  });
});

describe('formatMinute', () => {
  it('writes year-month-day hour:minute in the city’s zone, midnight as 00', () => {
    const lastMinute = Date.UTC(2019, 2, 3, 7, 59, 30);
    expect(formatMinute(lastMinute, 'America/Los_Angeles')).toBe('2019-03-02 23:59');
    expect(formatMinute(Date.UTC(2019, 2, 3, 0, 0, 0), 'UTC')).toBe('2019-03-03 00:00');
  });
});
