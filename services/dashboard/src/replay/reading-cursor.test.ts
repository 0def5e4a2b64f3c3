import { REPLAY_READING_COLUMNS } from '@twin/domain';
import { Dictionary, Float64, Int32, Table, tableToIPC, Uint32, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readingColumnsFromIpc } from './arrow-readings.js';
import { type ReadingColumns, ReadingCursor } from './reading-cursor.js';

const C = REPLAY_READING_COLUMNS;

/** An Arrow IPC stream as the server writes it: dictionary-encoded names, Float64 times and values. */
function stream(rows: [string, string, number, number][]): Uint8Array {
  const table = new Table({
    [C.sensor]: vectorFromArray(
      rows.map((r) => r[0]),
      new Dictionary(new Utf8(), new Int32()),
    ),
    [C.metric]: vectorFromArray(
      rows.map((r) => r[1]),
      new Dictionary(new Utf8(), new Int32()),
    ),
    [C.ts]: vectorFromArray(
      rows.map((r) => r[2]),
      new Float64(),
    ),
    [C.value]: vectorFromArray(
      rows.map((r) => r[3]),
      new Float64(),
    ),
    [C.min]: vectorFromArray(
      rows.map((r) => r[3]),
      new Float64(),
    ),
    [C.max]: vectorFromArray(
      rows.map((r) => r[3]),
      new Float64(),
    ),
    [C.count]: vectorFromArray(
      rows.map(() => 1),
      new Uint32(),
    ),
  });
  return tableToIPC(table, 'stream');
}

// Sensor a: a lead reading before the window (t=50), then 110 and 130; sensor b's temperature only at 120.
const ROWS: [string, string, number, number][] = [
  ['a', 'no2', 50, 1],
  ['a', 'no2', 110, 2],
  ['a', 'no2', 130, 3],
  ['a', 'pm25', 105, 9],
  ['b', 'temp', 120, 20.5],
];

describe('reading cursor over the Arrow columns', () => {
  it('decodes the stream into codes and typed arrays', () => {
    const columns = readingColumnsFromIpc(stream(ROWS), 0);
    expect(columns.length).toBe(5);
    expect(columns.sensorNames).toEqual(['a', 'b']);
    expect([...columns.sensorCodes]).toEqual([0, 0, 0, 0, 1]);
    expect(columns.metricNames).toEqual(['no2', 'pm25', 'temp']);
    expect([...columns.ts]).toEqual([50, 110, 130, 105, 120]);
  });

  it('gives the last reading at or before the playhead, moving forward and back', () => {
    const cursor = new ReadingCursor(readingColumnsFromIpc(stream(ROWS), 0));
    expect(cursor.runs).toBe(3);
    cursor.moveTo(100);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 1, at: 50 } });
    expect(cursor.valuesOf('b')).toEqual({});
    expect(cursor.lastSeen('b')).toBeNaN();
    cursor.moveTo(110);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 2, at: 110 }, pm25: { value: 9, at: 105 } });
    cursor.moveTo(200);
    expect(cursor.valuesOf('a').no2).toEqual({ value: 3, at: 130 });
    expect(cursor.valuesOf('b').temp).toEqual({ value: 20.5, at: 120 });
    expect(cursor.lastSeen('a')).toBe(130);
    // A seek back finds the rows again (binary search), not only forward steps.
    cursor.moveTo(115);
    expect(cursor.valuesOf('a').no2).toEqual({ value: 2, at: 110 });
    expect(cursor.valuesOf('b')).toEqual({});
    cursor.moveTo(10);
    expect(cursor.valuesOf('a')).toEqual({});
  });

  it('reports the sensors whose row moved, and only those', () => {
    const cursor = new ReadingCursor(readingColumnsFromIpc(stream(ROWS), 0));
    const changed: [number, number][] = [];
    expect(cursor.moveTo(60, (sensor, at) => changed.push([sensor, at]))).toBe(1);
    expect(changed).toEqual([[0, 50]]);
    expect(cursor.moveTo(61)).toBe(0);
  });

  it('counts a bucket from its end, so no frame shows a mean of later readings', () => {
    const cursor = new ReadingCursor(readingColumnsFromIpc(stream([['a', 'no2', 60_000, 4]]), 60_000));
    cursor.moveTo(90_000);
    expect(cursor.valuesOf('a')).toEqual({});
    cursor.moveTo(120_000);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 4, at: 120_000 } });
  });

  it("shows a run's lead (a raw reading before the chunk) from its own time", () => {
    const bytes = stream([
      ['a', 'no2', 30_000, 7],
      ['a', 'no2', 60_000, 4],
    ]);
    const cursor = new ReadingCursor(readingColumnsFromIpc(bytes, 60_000, 60_000));
    cursor.moveTo(60_000);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 7, at: 30_000 } });
    cursor.moveTo(120_000);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 4, at: 120_000 } });
  });

  it('shows a lead read exactly at the chunk start from that instant, its bucket from its end', () => {
    // a: read at 60 s exactly (the lead), then the bucket starting at 60 s that holds it; b: no lead.
    const bytes = stream([
      ['a', 'no2', 60_000, 7],
      ['a', 'no2', 60_000, 5],
      ['b', 'no2', 60_000, 3],
    ]);
    const cursor = new ReadingCursor(readingColumnsFromIpc(bytes, 60_000, 60_000));
    cursor.moveTo(60_000);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 7, at: 60_000 } });
    expect(cursor.valuesOf('b')).toEqual({});
    cursor.moveTo(120_000);
    expect(cursor.valuesOf('a')).toEqual({ no2: { value: 5, at: 120_000 } });
    expect(cursor.valuesOf('b')).toEqual({ no2: { value: 3, at: 120_000 } });
  });
});

describe('ReadingCursor against a row-by-row reading', () => {
  /** Raw readings of `sensors` sensors at random times (whole ms or not), rows sorted by sensor and time. */
  function columns(sensors: number, whole: boolean, seed: number): ReadingColumns {
    let state = seed;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const rows: { sensor: number; ts: number }[] = [];
    for (let sensor = 0; sensor < sensors; sensor++) {
      const times = Array.from({ length: Math.floor(random() * 6) }, () => {
        const ts = 1_000_000 + random() * 3_600_000;
        return whole ? Math.floor(ts) : ts;
      }).sort((a, b) => a - b);
      for (const ts of times) rows.push({ sensor, ts });
    }
    return {
      length: rows.length,
      sensorNames: Array.from({ length: sensors }, (_, i) => `s${i}`),
      sensorCodes: Int32Array.from(rows.map((r) => r.sensor)),
      metricNames: ['pm25'],
      metricCodes: new Int32Array(rows.length),
      ts: Float64Array.from(rows.map((r) => r.ts)),
      value: Float64Array.from(rows.map((_, i) => i)),
      bucketMs: 0,
    };
  }

  for (const whole of [true, false])
    it(`shows each sensor's last reading at or before the playhead, forward and back (${whole ? 'whole' : 'fractional'} ms)`, () => {
      const cols = columns(300, whole, whole ? 7 : 11);
      const cursor = new ReadingCursor(cols);
      const expected = (t: number) =>
        cols.sensorNames.map((_, sensor) => {
          let at = Number.NaN;
          for (let row = 0; row < cols.length; row++)
            if (cols.sensorCodes[row] === sensor && (cols.ts[row] as number) <= t)
              at = cols.ts[row] as number;
          return at;
        });
      let previous = expected(Number.NEGATIVE_INFINITY);
      // Small steps forward (playing), a seek back, a jump forward, steps again.
      const times = [
        1_000_000, 1_060_000, 1_120_000, 2_500_000, 1_500_000, 1_510_000, 4_700_000, 200_000, 4_000_000,
      ];
      for (const t of times) {
        const told = new Map<number, number>();
        const moved = cursor.moveTo(t, (sensor, at) => told.set(sensor, at));
        const now = expected(t);
        const shown = cols.sensorNames.map((name) => cursor.valuesOf(name).pm25?.at ?? Number.NaN);
        expect(shown).toEqual(now);
        const changed = now.flatMap((at, sensor) => (Object.is(at, previous[sensor]) ? [] : [sensor]));
        expect([...told.keys()].sort((a, b) => a - b)).toEqual(changed);
        expect(moved).toBe(changed.length);
        for (const sensor of changed) expect(told.get(sensor)).toEqual(now[sensor]);
        previous = now;
      }
    });
});
