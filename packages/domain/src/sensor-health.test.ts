import { describe, expect, it } from 'vitest';
import { sensorHealthAt, sensorHealthOf, sensorStaleAfterMs } from './sensor-health.js';

const T = Date.UTC(2020, 3, 7, 17);
const S = 1000;

describe('sensor health', () => {
  it('is stale after three missed reports, at least a minute when the interval is unknown', () => {
    expect(sensorStaleAfterMs({ intervalS: 60 })).toBe(180 * S);
    expect(sensorStaleAfterMs({ intervalS: 5 })).toBe(60 * S);
    expect(sensorStaleAfterMs({ intervalS: null })).toBe(60 * S);
  });

  it('says ok, stale or offline at chosen instants', () => {
    const sensor = { status: 'online' as const, intervalS: 60, lastSeen: T };
    expect(sensorHealthAt(sensor, T)).toBe('ok');
    expect(sensorHealthAt(sensor, T + 180 * S)).toBe('ok');
    expect(sensorHealthAt(sensor, T + 180 * S + 1)).toBe('stale');
    expect(sensorHealthAt({ ...sensor, lastSeen: null }, T)).toBe('stale');
    expect(sensorHealthAt({ ...sensor, status: 'offline' }, T)).toBe('offline');
    expect(sensorHealthAt({ ...sensor, status: 'unknown' }, T + 60 * S)).toBe('ok');
  });

  it('widens the limit by the slack given (a bucket known only by its end)', () => {
    const sensor = { status: 'online' as const, intervalS: 60, lastSeen: T };
    expect(sensorHealthAt(sensor, T + 200 * S)).toBe('stale');
    expect(sensorHealthAt(sensor, T + 200 * S, 60 * S)).toBe('ok');
    expect(sensorHealthAt(sensor, T + 241 * S, 60 * S)).toBe('stale');
  });

  it('gives the same answers on plain numbers, NaN meaning never seen', () => {
    expect(sensorHealthOf(false, T, 180 * S, T + 180 * S)).toBe('ok');
    expect(sensorHealthOf(false, T, 180 * S, T + 180 * S + 1)).toBe('stale');
    expect(sensorHealthOf(false, Number.NaN, 180 * S, T)).toBe('stale');
    expect(sensorHealthOf(true, T, 180 * S, T)).toBe('offline');
  });
});
