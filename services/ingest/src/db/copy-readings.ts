/**
 * Readings into `readings` by `COPY … from stdin (format binary)`: what PostgreSQL parses fastest (no text
 * arrays, no timestamp text) and inserts with its multi-row path into the partitions. No `on conflict`: a
 * reading already stored fails the COPY with a unique violation (db/insert-readings.ts then takes the path
 * that names duplicates).
 */
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ReadingColumns } from '../ingest/prepare-batch.js';

/** PostgreSQL's binary COPY header: signature, flags, header-extension length. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01), where binary timestamps count from. */
const PG_EPOCH_US = Date.UTC(2000, 0, 1) * 1000;
/** Per row: field count, then length + bytes of each field (two texts, an int8 timestamp, a float8). */
const FIXED_ROW_BYTES = 2 + 4 + 4 + (4 + 8) + (4 + 8);

/**
 * Rounds half to even, as PostgreSQL's rint does when it turns `ms * interval '1 millisecond'` into
 * microseconds: a reading copied here and the same reading inserted by the statement that names duplicates
 * get the same timestamp, so a redelivery is recognised by either path.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Epoch ms → microseconds since 2000-01-01, exactly as the SQL path computes it. */
export function pgMicroseconds(ms: number): number {
  return roundHalfEven(ms * 1000) - PG_EPOCH_US;
}

/** The rows in COPY's binary format. */
export function encodeReadings(r: ReadingColumns): Buffer {
  const rows = r.sensorIds.length;
  let bound = HEADER.length + 2 + rows * FIXED_ROW_BYTES;
  // NOTE: an upper bound (3 bytes of UTF-8 per UTF-16 unit); the buffer is cut to what was written.
  for (let i = 0; i < rows; i++) bound += 3 * (r.sensorIds[i]!.length + r.metrics[i]!.length);
  const buf = Buffer.allocUnsafe(bound);
  let at = HEADER.copy(buf, 0);
  const text = (s: string) => {
    const n = buf.write(s, at + 4, 'utf8');
    buf.writeInt32BE(n, at);
    at += 4 + n;
  };
  for (let i = 0; i < rows; i++) {
    at = buf.writeInt16BE(4, at);
    text(r.sensorIds[i]!);
    text(r.metrics[i]!);
    const us = pgMicroseconds(r.ts[i]!);
    const high = Math.floor(us / 2 ** 32);
    at = buf.writeInt32BE(8, at);
    at = buf.writeInt32BE(high, at);
    at = buf.writeUInt32BE(us - high * 2 ** 32, at);
    at = buf.writeInt32BE(8, at);
    at = buf.writeDoubleBE(r.values[i]!, at);
  }
  at = buf.writeInt16BE(-1, at);
  return buf.subarray(0, at);
}

/**
 * Copies the rows in; resolves once PostgreSQL has taken all of them, rejects with its error. With
 * `savepoint`, that savepoint is set first, in the same round trip (one simple query of two statements).
 */
export async function copyReadings(client: PoolClient, r: ReadingColumns, savepoint?: string): Promise<void> {
  const copy = 'copy readings (sensor_id, metric, ts, value) from stdin (format binary)';
  const stream = client.query(copyFrom(savepoint ? `savepoint ${savepoint}; ${copy}` : copy));
  // NOTE: the stream can report an error after the first (its connection ending after a failed COPY);
  // unheard, that would end the process. The first one rejects `finished` below.
  stream.on('error', () => {});
  stream.end(encodeReadings(r));
  await finished(stream);
}
