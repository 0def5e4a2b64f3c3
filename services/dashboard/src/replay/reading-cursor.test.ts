import { REPLAY_READING_COLUMNS } from '@twin/domain';
import { Dictionary, Float64, Int32, Table, tableToIPC, Uint32, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readingColumnsFromIpc } from './arrow-readings.js';
import { ReadingCursor } from './reading-cursor.js';

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
