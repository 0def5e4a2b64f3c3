import { describe, expect, it } from 'vitest';
import { cellBounds, gridCellId, parseCellId } from './grid.js';

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

describe('gridCellId, hand-checked', () => {
  it('puts (37.76, -122.415) in cell 8406:-21548 of the 500 m grid', () => {
    // row: 37.76 / (500 / 111320) = 37.76 × 222.64 = 8406.886 → 8406
    // the row's middle latitude: 8406.5 × 500 / 111320 = 37.758264°; cos = 0.790591
    // column width: 500 / (111320 × 0.790591) = 0.00568119°; −122.415 / 0.00568119 = −21547.42 → −21548
    expect(gridCellId(-122.415, 37.76, 500)).toBe('8406:-21548');
  });

  it('puts points of 1° cells (111,320 m) where the arithmetic says', () => {
    expect(gridCellId(0.5, 0.5, M_PER_DEG_LAT)).toBe('0:0');
    expect(gridCellId(1.8, 0.5, M_PER_DEG_LAT)).toBe('0:1');
    expect(gridCellId(-0.5, -0.5, M_PER_DEG_LAT)).toBe('-1:-1');
    // row 5 is 1 / cos(5.5°) = 1.004625° wide: 5 / 1.004625 = 4.977 → column 4
    expect(gridCellId(5, 5, M_PER_DEG_LAT)).toBe('5:4');
  });

  it('puts a point exactly on an edge in the cell north of / east of that edge', () => {
    // 1° rows: latitude 1 is the south edge of row 1, exactly.
    expect(gridCellId(0.5, 1, M_PER_DEG_LAT)).toBe('1:0');
    expect(gridCellId(0.5, 0.999_999_999, M_PER_DEG_LAT)).toBe('0:0');
    // Longitude 0 is the west edge of column 0.
    expect(gridCellId(0, 0.5, M_PER_DEG_LAT)).toBe('0:0');
    expect(gridCellId(-1e-12, 0.5, M_PER_DEG_LAT)).toBe('0:-1');
  });

  it('agrees with cellBounds on every edge, whatever the floating-point rounding', () => {
    // The corners and edges cellBounds reports, fed back, land in the cell itself; the east and north
    // edges belong to the neighbours.
    for (let row = 8380; row < 8440; row += 7) {
      for (let col = -21570; col < -21520; col += 3) {
        const id = `${row}:${col}`;
        const [w, s, e, n] = cellBounds(id, 500);
        expect(gridCellId(w, s, 500), `${id} south-west corner`).toBe(id);
        expect(gridCellId((w + e) / 2, s, 500), `${id} south edge`).toBe(id);
        expect(gridCellId(w, (s + n) / 2, 500), `${id} west edge`).toBe(id);
        expect(gridCellId(e, (s + n) / 2, 500), `${id} east edge`).toBe(`${row}:${col + 1}`);
        // rows have their own column widths: the north edge belongs to the next row (any column)
        expect(gridCellId((w + e) / 2, n, 500).split(':')[0], `${id} north edge`).toBe(String(row + 1));
      }
    }
  });
});

describe('cellBounds and parseCellId', () => {
  it('gives a ~cellMeters square around the points of the cell', () => {
    const id = gridCellId(-122.415, 37.76, 500);
    const [w, s, e, n] = cellBounds(id, 500);
    expect(w).toBeLessThanOrEqual(-122.415);
    expect(e).toBeGreaterThan(-122.415);
    expect(s).toBeLessThanOrEqual(37.76);
    expect(n).toBeGreaterThan(37.76);
    expect((n - s) * M_PER_DEG_LAT).toBeCloseTo(500, 6);
    // east–west at the cell's middle latitude: 500 m within a few centimetres
    expect((e - w) * M_PER_DEG_LAT * Math.cos((((s + n) / 2) * Math.PI) / 180)).toBeCloseTo(500, 1);
  });

  it('parses row:col ids and refuses anything else', () => {
    expect(parseCellId('8406:-21548')).toEqual({ row: 8406, col: -21548 });
    expect(parseCellId('-1:0')).toEqual({ row: -1, col: 0 });
    for (const bad of ['', '1', '1:2:3', 'a:b', '1.5:2', ' 1:2']) expect(parseCellId(bad)).toBeNull();
    expect(() => cellBounds('nope', 500)).toThrow(/not a grid cell id/);
  });
});
