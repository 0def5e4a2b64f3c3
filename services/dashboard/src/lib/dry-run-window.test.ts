import { describe, expect, it } from 'vitest';
import { customWindow, DAY_MS, presetWindow } from './dry-run-window.js';

const SF = { timeZone: 'America/Los_Angeles', locale: 'en-US' };
const BERLIN = { timeZone: 'Europe/Berlin', locale: 'de-DE' };

describe('presetWindow', () => {
  it('"Yesterday" is the city’s calendar day before today, in the city’s zone', () => {
    // 2020-04-08 03:00 in San Francisco (10:00 UTC): yesterday is 2020-04-07 00:00–24:00 PDT.
    const now = Date.UTC(2020, 3, 8, 10);
    expect(presetWindow('yesterday', now, SF)).toEqual({
      from: Date.UTC(2020, 3, 7, 7),
      to: Date.UTC(2020, 3, 8, 7),
    });
    // The same instant is already 12:00 on the 8th in Berlin: yesterday is the 7th there too, in CEST.
    expect(presetWindow('yesterday', now, BERLIN)).toEqual({
      from: Date.UTC(2020, 3, 6, 22),
      to: Date.UTC(2020, 3, 7, 22),
    });
    // 2020-04-08 23:30 PDT is 06:30 UTC on the 9th: still the 8th in the city, so yesterday is the 7th.
    expect(presetWindow('yesterday', Date.UTC(2020, 3, 9, 6, 30), SF).from).toBe(Date.UTC(2020, 3, 7, 7));
  });

  it('"Yesterday" across a clock change is that day’s 23 or 25 hours', () => {
    // San Francisco sprang forward on 2020-03-08: that day had 23 hours.
    const spring = presetWindow('yesterday', Date.UTC(2020, 2, 9, 20), SF);
    expect(spring).toEqual({ from: Date.UTC(2020, 2, 8, 8), to: Date.UTC(2020, 2, 9, 7) });
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
    // And fell back on 2020-11-01: 25 hours.
    const autumn = presetWindow('yesterday', Date.UTC(2020, 10, 2, 20), SF);
    expect(autumn.to - autumn.from).toBe(25 * 3_600_000);
  });

  it('"Last 24 h" and "Last 7 days" end now', () => {
    const now = Date.UTC(2026, 11, 2, 7, 13, 27);
    expect(presetWindow('last-24h', now, SF)).toEqual({ from: now - DAY_MS, to: now });
    expect(presetWindow('last-7d', now, SF)).toEqual({ from: now - 7 * DAY_MS, to: now });
  });
});

describe('customWindow', () => {
  it('reads a range typed in the city’s time', () => {
    expect(customWindow('2020-04-07T13:05', '2020-04-07T18:00', SF)).toEqual({
      window: { from: Date.UTC(2020, 3, 7, 20, 5), to: Date.UTC(2020, 3, 8, 1) },
    });
  });

  it('says in plain words what to fix', () => {
    expect(customWindow('', '2020-04-07T18:00', SF)).toEqual({
      error: 'Both the start and the end need a date and a time.',
    });
    expect(customWindow('2020-04-07T18:00', '2020-04-07T18:00', SF)).toEqual({
      error: 'The end must come after the start.',
    });
    expect(customWindow('2020-04-01T00:00', '2020-04-08T00:01', SF)).toEqual({
      error: 'A dry run looks back at most 7 days: shorten the range.',
    });
    expect('window' in customWindow('2020-04-01T00:00', '2020-04-08T00:00', SF)).toBe(true);
  });
});
