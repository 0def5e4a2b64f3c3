/**
 * The replay's readings stream (`GET /api/v1/replay/readings`, an Apache Arrow IPC stream with the columns
 * REPLAY_READING_COLUMNS) turned into plain typed arrays for the reading cursor: the numeric columns as
 * Float64Arrays (no copy when the stream has one batch), the dictionary-encoded sensor and metric as codes
 * into one list of names across batches.
 */
import { REPLAY_READING_COLUMNS } from '@twin/domain';
import { type Table, tableFromIPC, type Vector } from 'apache-arrow';
import type { ReadingColumns } from './reading-cursor.js';

/** Codes of a text column across batches, each batch's dictionary mapped into one list of names. */
function codesOf(vector: Vector | null, length: number): { names: string[]; codes: Int32Array } {
  const names: string[] = [];
  const codes = new Int32Array(length);
  if (!vector) return { names, codes };
  const codeOfName = new Map<string, number>();
  const codeOf = (name: string): number => {
    let code = codeOfName.get(name);
    if (code === undefined) {
      code = names.length;
      names.push(name);
      codeOfName.set(name, code);
    }
    return code;
  };
  let row = 0;
  for (const data of vector.data) {
    const dictionary = data.dictionary;
    if (dictionary) {
      // Dictionary-encoded (as the server writes it): one lookup per dictionary entry, not per row.
      const mapped = new Int32Array(dictionary.length);
      for (let i = 0; i < dictionary.length; i++) mapped[i] = codeOf(String(dictionary.get(i)));
      const indices = data.values as ArrayLike<number>;
      for (let i = 0; i < data.length; i++)
        codes[row++] = mapped[indices[data.offset + i] as number] as number;
    } else {
      for (let i = 0; i < data.length; i++) codes[row++] = codeOf(String(vector.get(row)));
    }
  }
  return { names, codes };
}

function float64Of(table: Table, name: string): Float64Array {
  const column = table.getChild(name);
  if (!column) throw new Error(`the readings stream has no "${name}" column`);
  const array = column.toArray() as ArrayLike<number>;
  return array instanceof Float64Array ? array : Float64Array.from(array);
}

export function readingColumnsFromTable(table: Table, bucketMs: number, from?: number): ReadingColumns {
  const length = table.numRows;
  const sensors = codesOf(table.getChild(REPLAY_READING_COLUMNS.sensor), length);
  const metrics = codesOf(table.getChild(REPLAY_READING_COLUMNS.metric), length);
  return {
    length,
    sensorNames: sensors.names,
    sensorCodes: sensors.codes,
    metricNames: metrics.names,
    metricCodes: metrics.codes,
    ts: float64Of(table, REPLAY_READING_COLUMNS.ts),
    value: float64Of(table, REPLAY_READING_COLUMNS.value),
    bucketMs,
    from,
  };
}

export function readingColumnsFromIpc(
  bytes: Uint8Array | ArrayBuffer,
  bucketMs: number,
  from?: number,
): ReadingColumns {
  return readingColumnsFromTable(
    tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)),
    bucketMs,
    from,
  );
}
