/**
 * The replay readings as an Apache Arrow IPC stream (REPLAY_READING_COLUMNS): one record batch per chunk of
 * series, the typed arrays of db/replay-readings.ts handed to Arrow as they are (no copy per row). The sensor
 * and metric columns are dictionary-encoded with one dictionary each for the whole stream (written once).
 */
import type { Readable } from 'node:stream';
import { REPLAY_READING_COLUMNS as C } from '@twin/domain';
import {
  Dictionary,
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Uint32,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { ReadingColumnsChunk, ReadingSeriesList } from '../db/replay-readings.js';

export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';

/** The stream's bytes: schema, the dictionaries, then a batch per chunk (an empty batch when there are none). */
export function arrowReadingsStream(
  series: ReadingSeriesList,
  chunks: AsyncIterable<ReadingColumnsChunk>,
): Readable {
  const sensorType = new Dictionary(new Utf8(), new Int32(), 0);
  const metricType = new Dictionary(new Utf8(), new Int32(), 1);
  const fields = [
    new Field(C.sensor, sensorType, false),
    new Field(C.metric, metricType, false),
    new Field(C.ts, new Float64(), false),
    new Field(C.value, new Float64(), false),
    new Field(C.min, new Float64(), false),
    new Field(C.max, new Float64(), false),
    new Field(C.count, new Uint32(), false),
  ];
  const schema = new Schema(fields);
  const sensorDictionary = vectorFromArray(series.sensors, new Utf8());
  const metricDictionary = vectorFromArray(series.metrics, new Utf8());

  const batchOf = (c: ReadingColumnsChunk) => {
    const children = [
      makeData({ type: sensorType, length: c.length, data: c.sensor, dictionary: sensorDictionary }),
      makeData({ type: metricType, length: c.length, data: c.metric, dictionary: metricDictionary }),
      makeData({ type: new Float64(), length: c.length, data: c.ts }),
      makeData({ type: new Float64(), length: c.length, data: c.value }),
      makeData({ type: new Float64(), length: c.length, data: c.min }),
      makeData({ type: new Float64(), length: c.length, data: c.max }),
      makeData({ type: new Uint32(), length: c.length, data: c.count }),
    ];
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: c.length, children }));
  };

  const writer = new RecordBatchStreamWriter();
  const out = writer.toNodeStream();
  (async () => {
    let wrote = false;
    for await (const chunk of chunks) {
      writer.write(batchOf(chunk));
      wrote = true;
    }
    // NOTE: a reader needs the schema even when the window holds nothing.
    if (!wrote) writer.write(batchOf(emptyChunk()));
    writer.finish();
  })().catch((err: Error) => out.destroy(err));
  return out;
}

function emptyChunk(): ReadingColumnsChunk {
  return {
    length: 0,
    sensor: new Int32Array(0),
    metric: new Int32Array(0),
    ts: new Float64Array(0),
    value: new Float64Array(0),
    min: new Float64Array(0),
    max: new Float64Array(0),
    count: new Uint32Array(0),
  };
}
