import { isValidSensorId } from '@twin/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimCity } from './city-points.js';
import { metaMessage } from './messages.js';
import { generateFleet, sensorMeta } from './sensor-fleet.js';
import { decode, loadSf } from './test-support.js';

let city: SimCity;
beforeAll(async () => {
  city = await loadSf();
});

const opts = { seed: 42, sensorCount: 300, readingIntervalMs: 5000 };

describe('generateFleet', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = generateFleet(city, opts);
    const b = generateFleet(city, opts);
    expect(b).toEqual(a);
    const c = generateFleet(city, { ...opts, seed: 43 });
    expect(c.map((s) => [s.lat, s.lon])).not.toEqual(a.map((s) => [s.lat, s.lon]));
  });

  it('places every sensor inside the district it names', () => {
    for (const s of generateFleet(city, opts)) {
      expect(city.districtIndex.locate(s.lon, s.lat)).toBe(s.district);
    }
  });

  it('has unique valid ids, several kinds and departments, about a third behind gateways', () => {
    const fleet = generateFleet(city, opts);
    expect(fleet).toHaveLength(300);
    expect(new Set(fleet.map((s) => s.sensorId)).size).toBe(300);
    expect(fleet.every((s) => isValidSensorId(s.sensorId))).toBe(true);
    expect(new Set(fleet.map((s) => s.kind)).size).toBeGreaterThanOrEqual(7);
    const departments = new Set(fleet.map((s) => s.department));
    expect([...departments].sort()).toEqual(['environment', 'public-works', 'transport', 'water']);
    const viaGateway = fleet.filter((s) => s.gatewayId !== null).length / fleet.length;
    expect(viaGateway).toBeGreaterThan(0.25);
    expect(viaGateway).toBeLessThan(0.42);
    expect(new Set(fleet.map((s) => s.district)).size).toBeGreaterThan(25);
  });

  it('jitters each sensor interval around the base interval', () => {
    const intervals = generateFleet(city, opts).map((s) => s.intervalMs);
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(6000);
    expect(new Set(intervals).size).toBeGreaterThan(100);
  });
});

describe('sensorMeta', () => {
  it('marks every sensor simulated and passes the server decoder', () => {
    const now = Date.now();
    for (const s of generateFleet(city, opts)) {
      const meta = sensorMeta(s);
      expect(meta.simulated).toBe(true);
      expect(meta.name).toContain('(simulated)');
      const result = decode(metaMessage('city', s.sensorId, meta), now);
      expect(result.errors).toEqual([]);
      expect(result.records).toEqual([{ kind: 'sensor-meta', sensorId: s.sensorId, ts: now, meta }]);
    }
  });
});
