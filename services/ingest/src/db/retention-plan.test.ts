import { describe, expect, it } from 'vitest';
import {
  cutoff,
  cutoffHours,
  monthOfPartition,
  monthsToPartition,
  partitionsToDrop,
  refreshFrom,
} from './retention-plan.js';

const at = (iso: string) => new Date(iso);

describe('cutoff', () => {
  it('is null for 0 (kept for good) and that many days or hours back otherwise', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(cutoff(now, 0)).toBeNull();
    expect(cutoff(now, 30)).toEqual(at('2026-11-01T12:00:00Z'));
    expect(cutoffHours(now, 0)).toBeNull();
    expect(cutoffHours(now, 24)).toEqual(at('2026-11-30T12:00:00Z'));
  });
});

describe('monthOfPartition', () => {
  it('reads the month of a monthly partition and nothing else', () => {
    expect(monthOfPartition('readings', 'readings_2026_02')).toEqual({
      from: at('2026-02-01T00:00:00Z'),
      to: at('2026-03-01T00:00:00Z'),
    });
    expect(monthOfPartition('readings', 'readings_2026_12')?.to).toEqual(at('2027-01-01T00:00:00Z'));
    expect(monthOfPartition('readings', 'readings_default')).toBeNull();
    expect(monthOfPartition('readings', 'readings_2026_13')).toBeNull();
    expect(monthOfPartition('readings', 'readings_2026_1')).toBeNull();
    expect(monthOfPartition('readings', 'readings_1m_rollup')).toBeNull();
    expect(monthOfPartition('readings', 'incident_events_2026_01')).toBeNull();
  });
});

describe('partitionsToDrop', () => {
  const names = [
    'readings_default',
    'readings_2026_11',
    'readings_2026_09',
    'readings_2026_10',
    'readings_2027_01',
    'readings_extra',
  ];

  it('chooses only months that end at or before the cutoff, oldest first, never the default partition', () => {
    expect(partitionsToDrop('readings', names, at('2026-11-01T00:00:00Z'))).toEqual([
      'readings_2026_09',
      'readings_2026_10',
    ]);
    // A month the cutoff falls inside is kept whole.
    expect(partitionsToDrop('readings', names, at('2026-10-31T23:59:59Z'))).toEqual(['readings_2026_09']);
    expect(partitionsToDrop('readings', names, at('2026-09-15T00:00:00Z'))).toEqual([]);
    expect(partitionsToDrop('readings', names, at('2030-01-01T00:00:00Z'))).not.toContain('readings_default');
  });
});

describe('monthsToPartition', () => {
  it('covers last month to two months ahead when nothing is dropped', () => {
    expect(monthsToPartition(at('2026-12-15T00:00:00Z'), null).map((m) => m.suffix)).toEqual([
      '2026_11',
      '2026_12',
      '2027_01',
      '2027_02',
    ]);
  });

  it('does not create again a month the retention has dropped', () => {
    // A 10-day retention on 15 December: all of November is older than the cutoff (5 December).
    const months = monthsToPartition(at('2026-12-15T00:00:00Z'), at('2026-12-05T00:00:00Z'));
    expect(months.map((m) => m.suffix)).toEqual(['2026_12', '2027_01', '2027_02']);
    expect(months[0]).toMatchObject({ from: at('2026-12-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
  });
});

describe('refreshFrom', () => {
  it('never starts a rollup refresh before the readings cutoff (dropped raw data would erase aggregates)', () => {
    const cut = at('2026-11-01T00:00:00Z');
    expect(refreshFrom(null, null)).toBeNull();
    expect(refreshFrom(null, at('2026-01-01T00:00:00Z'))).toEqual(at('2026-01-01T00:00:00Z'));
    expect(refreshFrom(cut, null)).toEqual(cut);
    expect(refreshFrom(cut, at('2026-10-01T00:00:00Z'))).toEqual(cut);
    expect(refreshFrom(cut, at('2026-11-20T00:00:00Z'))).toEqual(at('2026-11-20T00:00:00Z'));
  });
});
