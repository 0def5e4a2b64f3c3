import { describe, expect, it } from 'vitest';
import { encodeReadings, pgMicroseconds, roundHalfEven } from './copy-readings.js';

describe('binary COPY of readings', () => {
  it('rounds half to even, as PostgreSQL turns ms × 1 ms into microseconds', () => {
    // What PostgreSQL 15 answered for `timestamptz 'epoch' + x * interval '1 millisecond'`, in µs.
    const cases: [number, number][] = [
      [0.5, 0],
      [1.5, 2],
      [2.5, 2],
      [0.4, 0],
      [0.6, 1],
      [-0.5, 0],
      [-1.5, -2],
      [0.9, 1],
    ];
    for (const [x, us] of cases) expect(roundHalfEven(x) + 0, `rint(${x})`).toBe(us);
  });

  it('counts timestamps in microseconds from 2000-01-01', () => {
    expect(pgMicroseconds(Date.UTC(2000, 0, 1))).toBe(0);
    expect(pgMicroseconds(Date.UTC(2000, 0, 1) + 1.0025)).toBe(1002);
    expect(pgMicroseconds(0)).toBe(-946_684_800_000_000);
  });

  it('writes header, rows of four fields and the trailer', () => {
    const ts = Date.UTC(2026, 11, 2, 3, 0, 0);
    const buf = encodeReadings({
      sensorIds: ['s-1', 'é'],
      metrics: ['pm25', 'v'],
      ts: [ts, ts + 1],
      values: [1.5, -2],
    });
    expect(buf.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(buf.readInt32BE(11)).toBe(0);
    expect(buf.readInt32BE(15)).toBe(0);
    let at = 19;
    const text = () => {
      const n = buf.readInt32BE(at);
      const s = buf.subarray(at + 4, at + 4 + n).toString('utf8');
      at += 4 + n;
      return s;
    };
    const rows = [];
    for (let i = 0; i < 2; i++) {
      expect(buf.readInt16BE(at)).toBe(4);
      at += 2;
      const sensor = text();
      const metric = text();
      expect(buf.readInt32BE(at)).toBe(8);
      const us = Number(buf.readBigInt64BE(at + 4));
      expect(buf.readInt32BE(at + 12)).toBe(8);
      const value = buf.readDoubleBE(at + 16);
      at += 24;
      rows.push({ sensor, metric, us, value });
    }
    expect(rows).toEqual([
      { sensor: 's-1', metric: 'pm25', us: pgMicroseconds(ts), value: 1.5 },
      { sensor: 'é', metric: 'v', us: pgMicroseconds(ts + 1), value: -2 },
    ]);
    expect(buf.readInt16BE(at)).toBe(-1);
    expect(buf.length).toBe(at + 2);
  });
});
