import { describe, expect, it } from 'vitest';
import { gridCellId } from './grid.js';

const M_PER_DEG_LAT = 111_320;
const metresToLon = (m: number, lat: number) => m / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));

describe('gridCellId', () => {
  const lat = 37.7749;
  const lon = -122.4194;

  it('is stable for the same point and has the row:column shape', () => {
    const id = gridCellId(lon, lat);
    expect(id).toMatch(/^-?\d+:-?\d+$/);
    expect(gridCellId(lon, lat)).toBe(id);
    expect(gridCellId(lon, lat, 500)).toBe(id);
  });

  it('derives the row from latitude in 500 m bands', () => {
    const [row] = gridCellId(lon, lat).split(':');
    expect(Number(row)).toBe(Math.floor(lat / (500 / M_PER_DEG_LAT)));
  });

  it('gives different ids to points ~1 km apart, north–south and east–west', () => {
    const here = gridCellId(lon, lat);
    const north = gridCellId(lon, lat + 1000 / M_PER_DEG_LAT);
    const east = gridCellId(lon + metresToLon(1000, lat), lat);
    expect(north).not.toBe(here);
    expect(east).not.toBe(here);
    expect(east).not.toBe(north);
    // ~2 cells apart along each axis
    const [r0, c0] = here.split(':').map(Number) as [number, number];
    const [r1] = north.split(':').map(Number) as [number, number];
    const [, c2] = east.split(':').map(Number) as [number, number];
    expect(Math.abs(r1 - r0)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(r1 - r0)).toBeLessThanOrEqual(3);
    expect(Math.abs(c2 - c0)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(c2 - c0)).toBeLessThanOrEqual(3);
  });

  it('keeps points a metre apart (east–west) in the same cell away from a boundary', () => {
    // pick a longitude in the middle of a cell
    const dLon = metresToLon(500, lat);
    const mid = (Math.floor(lon / dLon) + 0.5) * dLon;
    expect(gridCellId(mid + metresToLon(1, lat), lat)).toBe(gridCellId(mid, lat));
  });

  it('uses bigger cells for a bigger cell size', () => {
    const a = gridCellId(lon, lat, 10_000);
    const b = gridCellId(lon + metresToLon(1000, lat), lat + 1000 / M_PER_DEG_LAT, 10_000);
    const small = gridCellId(lon, lat, 100);
    expect(a).not.toBe(small);
    // 1 km is at most one 10 km boundary crossing per axis
    const [ra, ca] = a.split(':').map(Number) as [number, number];
    const [rb, cb] = b.split(':').map(Number) as [number, number];
    expect(Math.abs(ra - rb)).toBeLessThanOrEqual(1);
    expect(Math.abs(ca - cb)).toBeLessThanOrEqual(1);
  });
});
