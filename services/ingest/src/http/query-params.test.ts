import { describe, expect, it } from 'vitest';
import {
  defaultReadingsWindow,
  MAX_TIME_MS,
  MIN_TIME_MS,
  parseBbox,
  parseBoundedWindow,
  parseReplayWindow,
  parseTime,
  parseWindow,
} from './query-params.js';

/** The 400 message a call throws (and checks that it is a 400). */
function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect((err as { statusCode?: number }).statusCode).toBe(400);
    return (err as Error).message;
  }
  throw new Error('expected a 400');
}

describe('parseTime', () => {
  it('treats absent and empty as not given', () => {
    expect(parseTime('from', undefined)).toBeUndefined();
    expect(parseTime('from', '')).toBeUndefined();
  });

  it('reads epoch milliseconds', () => {
    expect(parseTime('from', '0')).toBe(0);
    expect(parseTime('from', '1714564800000')).toBe(1_714_564_800_000);
    expect(parseTime('from', '0001714564800000')).toBe(1_714_564_800_000);
  });

  it('reads ISO-8601 date-times with a zone', () => {
    const noon = Date.UTC(2024, 4, 1, 12);
    expect(parseTime('from', '2024-05-01T12:00:00Z')).toBe(noon);
    expect(parseTime('from', '2024-05-01T12:00Z')).toBe(noon);
    expect(parseTime('from', '2024-05-01t12:00:00z')).toBe(noon);
    expect(parseTime('from', '2024-05-01T12:00:00.250Z')).toBe(noon + 250);
    expect(parseTime('from', '2024-05-01T12:00:00.123456789Z')).toBe(noon + 123);
    expect(parseTime('from', '2024-05-01T14:00:00+02:00')).toBe(noon);
    expect(parseTime('from', '2024-05-01T14:00:00+0200')).toBe(noon);
    expect(parseTime('from', '2024-05-01T14:00:00+02')).toBe(noon);
    expect(parseTime('from', '2024-05-01T04:30:00-07:30')).toBe(noon);
    expect(parseTime('from', '2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('accepts exactly the ends of the range', () => {
    expect(parseTime('to', '1970-01-01T00:00:00Z')).toBe(MIN_TIME_MS);
    expect(parseTime('to', '9999-12-31T23:59:59.999Z')).toBe(MAX_TIME_MS);
    expect(parseTime('to', String(MAX_TIME_MS))).toBe(MAX_TIME_MS);
    // A zone can bring a date-time written in 1969 into the range.
    expect(parseTime('to', '1969-12-31T23:00:00-01:00')).toBe(0);
  });

  it('rejects times outside 1970 … 9999 naming the parameter and the range', () => {
    const message = rejection(() => parseTime('to', '99999999999999999'));
    expect(message).toBe(
      'to must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; got "99999999999999999"',
    );
    expect(rejection(() => parseTime('from', String(MAX_TIME_MS + 1)))).toMatch(/^from must be between/);
    expect(rejection(() => parseTime('from', '1969-12-31T23:59:59Z'))).toMatch(/^from must be between/);
    expect(rejection(() => parseTime('from', '0070-01-01T00:00:00Z'))).toMatch(/^from must be between/);
    expect(rejection(() => parseTime('from', '9999-12-31T23:59:59-01:00'))).toMatch(/^from must be between/);
    expect(rejection(() => parseTime('from', '9'.repeat(400)))).toMatch(/^from must be between/);
  });

  it('rejects what is neither digits nor an ISO date-time', () => {
    for (const raw of ['yesterday', '-1', '1.5', '1e12', ' 1', 'Infinity', 'NaN', '0x10', 'May 1, 2024']) {
      expect(rejection(() => parseTime('from', raw))).toMatch(
        /^from must be epoch milliseconds \(digits only\) or an ISO-8601 date-time with a time zone/,
      );
    }
  });

  it('asks for a zone when the date-time has none', () => {
    expect(rejection(() => parseTime('from', '2024-05-01T12:00:00'))).toBe(
      'from needs a time and a time zone (Z or ±hh:mm), such as 2024-05-01T12:00:00Z; got "2024-05-01T12:00:00"',
    );
    expect(rejection(() => parseTime('to', '2024-05-01'))).toMatch(/^to needs a time and a time zone/);
  });

  it('explains a "+" that a URL turned into a space', () => {
    expect(rejection(() => parseTime('from', '2024-05-01T14:00:00 02:00'))).toMatch(
      /a "\+" in a URL must be written %2B/,
    );
  });

  it('rejects dates and times that do not exist', () => {
    for (const raw of [
      '2023-02-29T00:00:00Z',
      '2024-02-30T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-00-10T00:00:00Z',
      '2024-05-00T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T12:60:00Z',
      '2024-05-01T12:00:60Z',
      '2024-05-01T12:00:00+24:00',
    ]) {
      expect(rejection(() => parseTime('from', raw))).toBe(
        `from is not a real calendar date and time; got "${raw}"`,
      );
    }
  });

  it('quotes at most 64 characters of the value', () => {
    const message = rejection(() => parseTime('from', 'x'.repeat(500)));
    expect(message).toContain(`"${'x'.repeat(64)}…"`);
    expect(message.length).toBeLessThan(300);
  });
});

describe('parseWindow', () => {
  it('passes either end alone and an instant', () => {
    expect(parseWindow({})).toEqual({ from: undefined, to: undefined });
    expect(parseWindow({ from: '1000' })).toEqual({ from: 1000, to: undefined });
    expect(parseWindow({ to: '1000' })).toEqual({ from: undefined, to: 1000 });
    expect(parseWindow({ from: '1000', to: '1000' })).toEqual({ from: 1000, to: 1000 });
  });

  it('rejects from after to, comparing instants whatever their notation', () => {
    expect(rejection(() => parseWindow({ from: '2000', to: '1000' }))).toBe(
      'from must not be after to; got from="2000", to="1000"',
    );
    expect(
      rejection(() => parseWindow({ from: '2024-05-01T12:00:01Z', to: '2024-05-01T14:00:00+02:00' })),
    ).toMatch(/^from must not be after to/);
  });

  it('names the bad end first', () => {
    expect(rejection(() => parseWindow({ from: 'soon', to: 'later' }))).toMatch(/^from must be/);
    expect(rejection(() => parseWindow({ from: '1', to: 'later' }))).toMatch(/^to must be/);
  });
});

describe('parseBoundedWindow', () => {
  const defaults = { now: 10_000_000, spanMs: 3600_000 };

  it('defaults to the span before now, or before `to`', () => {
    expect(parseBoundedWindow({}, defaults)).toEqual({ from: 6_400_000, to: 10_000_000 });
    expect(parseBoundedWindow({ to: '5000000' }, defaults)).toEqual({ from: 1_400_000, to: 5_000_000 });
    expect(parseBoundedWindow({ from: '1' }, defaults)).toEqual({ from: 1, to: 10_000_000 });
  });

  it('does not default `from` to before 1970', () => {
    expect(parseBoundedWindow({ to: '1000' }, defaults)).toEqual({ from: 0, to: 1000 });
  });

  it('rejects an empty or reversed window, saying which end was a default', () => {
    expect(rejection(() => parseBoundedWindow({ from: '5', to: '5' }, defaults))).toBe(
      'from must be before to; got from="5", to="5"',
    );
    expect(rejection(() => parseBoundedWindow({ from: '20000000' }, defaults))).toBe(
      'from must be before to; got from="20000000", to=10000000 (default: now)',
    );
    expect(rejection(() => parseBoundedWindow({ to: '0' }, defaults))).toBe(
      'from must be before to; got from=0 (default), to="0"',
    );
    expect(rejection(() => parseBoundedWindow({ from: '9', to: '3' }, defaults))).toMatch(
      /^from must not be after to/,
    );
  });
});

describe('parseBbox', () => {
  it('reads west,south,east,north', () => {
    expect(parseBbox('bbox', undefined)).toBeUndefined();
    expect(parseBbox('bbox', '')).toBeUndefined();
    expect(parseBbox('bbox', '-122.42,37.79,-122.40,37.81')).toEqual([-122.42, 37.79, -122.4, 37.81]);
    expect(parseBbox('bbox', '-180,-90,180,90')).toEqual([-180, -90, 180, 90]);
    expect(parseBbox('bbox', ' 1, 2 ,3.,4')).toEqual([1, 2, 3, 4]);
  });

  it('needs exactly four numbers', () => {
    for (const raw of ['1,2,3', '1,2,3,4,5', '1;2;3;4', ',,,']) {
      expect(rejection(() => parseBbox('bbox', raw))).toMatch(
        /^bbox must be four numbers west,south,east,north \(degrees\) separated by commas/,
      );
    }
    expect(rejection(() => parseBbox('bbox', '1..2,3,4,5'))).toBe(
      'bbox must be four numbers west,south,east,north (degrees) separated by commas; "1..2" is not a number',
    );
    for (const raw of [
      '1,2,3,',
      'a,b,c,d',
      '1,2,3,Infinity',
      '1,2,3,1e1',
      '1,2,3,0x4',
      '1,2,-,4',
      '1,2,3,--4',
    ]) {
      expect(rejection(() => parseBbox('bbox', raw))).toMatch(/is not a number$/);
    }
  });

  it('keeps longitudes in [-180, 180] and latitudes in [-90, 90]', () => {
    expect(rejection(() => parseBbox('bbox', '-181,0,10,10'))).toBe(
      'bbox west is a longitude and must be between -180 and 180; got -181',
    );
    expect(rejection(() => parseBbox('bbox', '0,0,180.5,10'))).toMatch(/^bbox east is a longitude/);
    expect(rejection(() => parseBbox('bbox', '0,-91,10,10'))).toBe(
      'bbox south is a latitude and must be between -90 and 90; got -91',
    );
    expect(rejection(() => parseBbox('bbox', '0,0,10,90.01'))).toMatch(/^bbox north is a latitude/);
  });

  it('needs west < east and south < north', () => {
    expect(rejection(() => parseBbox('bbox', '10,0,5,10'))).toBe(
      'bbox west must be less than east (a box across the 180° meridian is not supported); got west=10, east=5',
    );
    expect(rejection(() => parseBbox('bbox', '5,0,5,10'))).toMatch(/^bbox west must be less than east/);
    expect(rejection(() => parseBbox('bbox', '0,10,10,0'))).toBe(
      'bbox south must be less than north; got south=10, north=0',
    );
  });
});

describe('defaultReadingsWindow', () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const hour = 3_600_000;
  const latest = Date.UTC(2019, 2, 2, 23, 59, 30, 250);

  it("ends with the bucket holding the sensor's newest reading, an hour long", () => {
    const w = defaultReadingsWindow(latest, { now, spanMs: hour, bucketMs: 60_000 });
    expect(w).toEqual({
      from: Date.UTC(2019, 2, 2, 23, 0, 0),
      to: Date.UTC(2019, 2, 3, 0, 0, 0),
      basis: 'latest-reading',
    });
    expect(latest).toBeGreaterThanOrEqual(w.from);
    expect(latest).toBeLessThan(w.to);
  });

  it('is at least one bucket long, and aligned to buckets of any size', () => {
    const day = 86_400_000;
    const w = defaultReadingsWindow(latest, { now, spanMs: hour, bucketMs: day });
    expect(w).toEqual({ from: Date.UTC(2019, 2, 2), to: Date.UTC(2019, 2, 3), basis: 'latest-reading' });
    const exact = defaultReadingsWindow(Date.UTC(2019, 2, 3), { now, spanMs: hour, bucketMs: 60_000 });
    expect(exact.to).toBe(Date.UTC(2019, 2, 3) + 60_000);
  });

  it('falls back to the hour before now when the metric has no reading, and says so', () => {
    expect(defaultReadingsWindow(null, { now, spanMs: hour, bucketMs: 60_000 })).toEqual({
      from: now - hour,
      to: now,
      basis: 'now',
    });
  });

  it('stays within 1970…9999', () => {
    expect(defaultReadingsWindow(10, { now, spanMs: hour, bucketMs: 1000 }).from).toBe(0);
  });
});

describe('parseReplayWindow', () => {
  const rules = {
    maxWindowMs: 366 * 86_400_000,
    defaultBucketMs: (ms: number) => (ms < 3_600_000 ? 0 : 60_000),
  };

  it('takes both ends and the bucket that fits the window unless one is named', () => {
    expect(parseReplayWindow({ from: '2020-04-07T00:00:00Z', to: '2020-04-07T00:30:00Z' }, rules)).toEqual({
      from: Date.UTC(2020, 3, 7),
      to: Date.UTC(2020, 3, 7, 0, 30),
      bucketMs: 0,
    });
    expect(parseReplayWindow({ from: '0', to: '7200000', bucketMs: '3600000' }, rules).bucketMs).toBe(
      3_600_000,
    );
    // One instant: the state at that time.
    expect(parseReplayWindow({ from: '5', to: '5' }, rules)).toMatchObject({ from: 5, to: 5 });
  });

  it('names every problem at once', () => {
    expect(() => parseReplayWindow({ to: 'soon', bucketMs: '5' }, rules)).toThrow(
      /^from is required .*; to must be .*; bucketMs must be one of 0, 60000, 3600000 .*got "5"$/,
    );
    expect(() => parseReplayWindow({ from: '10', to: '5' }, rules)).toThrow('from must not be after to');
    expect(() =>
      parseReplayWindow({ from: '2019-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' }, rules),
    ).toThrow('the window from–to may be at most 366 days long; got 731 days');
    expect(() => parseReplayWindow({ from: '0', to: '1', bucketMs: '60000.0' }, rules)).toThrow(
      /bucketMs must be/,
    );
  });
});
