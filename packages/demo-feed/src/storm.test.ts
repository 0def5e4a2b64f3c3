import { describe, expect, it } from 'vitest';
import type { SimSensor } from './sensor-fleet.js';
import { sensorValues } from './sensor-values.js';
import { STORM_RISE_CM, stormAt, stormPlan, stormRiseCm } from './storm.js';

const MIN = 60_000;
/** A storm every 20 minutes on the clock, 6 minutes long. */
const plan = stormPlan(20, ['Mission', 'Marina', 'Mission'], 1)!;
const T = 1_700_000_400_000 - (1_700_000_400_000 % (20 * MIN)); // a storm's start

const drain = (district: string): SimSensor => ({
  sensorId: `wl-${district}`,
  kind: 'water-level',
  department: 'water',
  name: 'Storm drain',
  lat: 37.76,
  lon: -122.42,
  district,
  units: { level_cm: 'cm' },
  intervalMs: 5000,
  gatewayId: null,
  site: 0.5,
});

describe('the storm scenario', () => {
  it('rises for a minute, holds, falls for a minute, and is over after 6 minutes until the next', () => {
    expect(stormAt(plan, T)?.intensity).toBe(0);
    expect(stormAt(plan, T + 30_000)?.intensity).toBe(0.5);
    expect(stormAt(plan, T + 3 * MIN)?.intensity).toBe(1);
    expect(stormAt(plan, T + 5.5 * MIN)?.intensity).toBeCloseTo(0.5);
    expect(stormAt(plan, T + 6 * MIN)).toBeNull();
    expect(stormAt(plan, T + 19 * MIN)).toBeNull();
    expect(stormAt(plan, T + 20 * MIN + 3 * MIN)?.intensity).toBe(1);
  });

  it('hits one district per storm, in turn, among those given', () => {
    const hit = Array.from({ length: 12 }, (_, k) => stormAt(plan, T + k * 20 * MIN + 3 * MIN)?.district);
    expect(new Set(hit)).toEqual(new Set(['Marina', 'Mission']));
  });

  it('keeps a drain of the stricken district above 120 cm for longer than the flood rule’s 2 minutes, then drains', () => {
    const district = stormAt(plan, T + MIN)!.district;
    const other = district === 'Mission' ? 'Marina' : 'Mission';
    const level = (d: string, ts: number) => sensorValues(drain(d), ts, 1, 'UTC', plan).level_cm!;
    const above = Array.from({ length: 6 * 12 }, (_, i) => T + i * 5000).filter(
      (ts) => level(district, ts) > 120,
    );
    expect(above.length * 5).toBeGreaterThan(4 * 60);
    expect(level(district, T + 7 * MIN)).toBeLessThan(60);
    expect(level(other, T + 3 * MIN)).toBeLessThan(60);
    expect(stormRiseCm(plan, district, T + 3 * MIN)).toBe(STORM_RISE_CM);
  });

  it('is off with 0 minutes or without water-level sensors', () => {
    expect(stormPlan(0, ['Mission'], 1)).toBeNull();
    expect(stormPlan(20, [], 1)).toBeNull();
    expect(stormAt(null, T)).toBeNull();
  });
});
