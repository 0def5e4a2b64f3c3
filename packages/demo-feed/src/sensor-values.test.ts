import { describe, expect, it } from 'vitest';
import type { SimSensor } from './sensor-fleet.js';
import { localHour, sensorValues } from './sensor-values.js';

const TZ = 'America/Los_Angeles';

function sensor(kind: SimSensor['kind'], site = 0.5): SimSensor {
  return {
    sensorId: `sim-test-${kind}`,
    kind,
    department: 'transport',
    name: 'test (simulated)',
    lat: 37.76,
    lon: -122.43,
    district: 'Mission',
    units: {},
    intervalMs: 5000,
    gatewayId: null,
    site,
  };
}

/** 2024-06-12 at `hour` local time in San Francisco (PDT, UTC−7). */
const at = (hour: number) => Date.UTC(2024, 5, 12, hour + 7, 0, 0);

describe('localHour', () => {
  it('follows the city time zone, including daylight saving time', () => {
    expect(localHour(Date.UTC(2024, 5, 12, 15, 30), TZ)).toBeCloseTo(8.5, 5);
    expect(localHour(Date.UTC(2024, 0, 12, 15, 30), TZ)).toBeCloseTo(7.5, 5);
  });
});

describe('sensorValues', () => {
  it('is a pure function of sensor, time and seed', () => {
    const s = sensor('air-quality');
    expect(sensorValues(s, at(9), 7, TZ)).toEqual(sensorValues(s, at(9), 7, TZ));
    expect(sensorValues(s, at(9), 7, TZ)).not.toEqual(sensorValues(s, at(9), 8, TZ));
  });

  it('follows diurnal curves: rush-hour traffic, street lights at night', () => {
    const road = sensor('traffic-flow');
    const rush = sensorValues(road, at(8.5), 1, TZ);
    const night = sensorValues(road, at(3), 1, TZ);
    expect(rush.vehicles_per_min).toBeGreaterThan(3 * (night.vehicles_per_min ?? 0));
    expect(rush.speed_kmh).toBeLessThan(night.speed_kmh ?? 0);
    const light = sensor('streetlight');
    expect(sensorValues(light, at(23), 1, TZ).power_w).toBeGreaterThan(80);
    expect(sensorValues(light, at(13), 1, TZ).power_w).toBeLessThan(10);
  });

  it('returns finite values within plausible ranges for every kind over a day', () => {
    const kinds: SimSensor['kind'][] = [
      'air-quality',
      'noise',
      'weather',
      'traffic-flow',
      'parking',
      'water-pressure',
      'water-level',
      'streetlight',
    ];
    for (const kind of kinds) {
      for (let minute = 0; minute < 24 * 60; minute += 17) {
        const values = sensorValues(sensor(kind, (minute % 100) / 100), at(0) + minute * 60_000, 3, TZ);
        expect(Object.keys(values).length).toBeGreaterThan(0);
        for (const v of Object.values(values)) expect(Number.isFinite(v)).toBe(true);
        if (values.occupancy_pct !== undefined) expect(values.occupancy_pct).toBeLessThanOrEqual(100);
        if (values.pressure_kpa !== undefined) expect(values.pressure_kpa).toBeGreaterThan(300);
        if (values.pm25 !== undefined) expect(values.pm25).toBeGreaterThan(0);
      }
    }
  });
});
