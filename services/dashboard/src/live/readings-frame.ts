/**
 * A readings delta as typed arrays: what the live decoder (a Web Worker, live-decode.worker.ts) hands the
 * main thread instead of parsed objects. At 50,000 sensors a socket message carries up to 2,000 readings;
 * parsing them into objects on the main thread (and collecting those objects afterwards) made live-update
 * tasks of 50–90 ms. Here each reading is a few numbers in arrays whose buffers are transferred, not copied.
 *
 * Sensor ids and metric names are interned: the encoder gives each a number the first time it sees it and
 * sends the new names once, with the frame that first uses them (`newIds`, `newMetrics`, in number order).
 * The receiving side (`FrameNames`) must take in the new names of every frame in the order they were encoded,
 * including frames it then drops, or later numbers would name the wrong sensor.
 */
import type { ReadingDelta } from '@twin/domain';

export interface ReadingsFrame {
  /** Names first used by this frame: sensor ids numbered from `idsBefore`, metrics from `metricsBefore`. */
  newIds: string[];
  newMetrics: string[];
  /** How many ids and metrics were numbered before this frame (checks that no frame was skipped). */
  idsBefore: number;
  metricsBefore: number;
  /** Readings in this frame. */
  count: number;
  /** Per reading: the sensor's number and its `lastSeen` (epoch ms). */
  sensor: Uint32Array;
  lastSeen: Float64Array;
  /** Reading i's values are entries valueStart[i] … valueStart[i + 1] - 1. */
  valueStart: Uint32Array;
  /** Per value: the metric's number, the value and its `ts`. */
  metric: Uint32Array;
  value: Float64Array;
  ts: Float64Array;
}

/** The buffers a frame can transfer to another thread (postMessage's transfer list). */
export function frameBuffers(frame: ReadingsFrame): ArrayBuffer[] {
  return [frame.sensor, frame.lastSeen, frame.valueStart, frame.metric, frame.value, frame.ts].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** Numbers names as it first sees them; `takeNew` returns the names numbered since the last call. */
class Interner {
  private readonly numberOf = new Map<string, number>();
  private sent = 0;
  private readonly names: string[] = [];

  get sentCount(): number {
    return this.sent;
  }

  number(name: string): number {
    let n = this.numberOf.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.numberOf.set(name, n);
      this.names.push(name);
    }
    return n;
  }

  takeNew(): string[] {
    const fresh = this.names.slice(this.sent);
    this.sent = this.names.length;
    return fresh;
  }
}

/**
 * Turns readings deltas (as the live protocol sends them) into frames. Readings that are not what the
 * protocol says (no string id, no finite `lastSeen`) are skipped, and so are values without finite numbers:
 * the server is trusted, but a malformed entry must not become a NaN on the map or throw in the worker.
 */
export class ReadingsEncoder {
  private readonly ids = new Interner();
  private readonly metrics = new Interner();

  encode(readings: readonly ReadingDelta[]): ReadingsFrame {
    const idsBefore = this.ids.sentCount;
    const metricsBefore = this.metrics.sentCount;
    let valueCount = 0;
    for (const reading of readings) {
      const values = (reading as { values?: unknown } | null)?.values;
      if (values !== null && typeof values === 'object') valueCount += Object.keys(values).length;
    }
    const sensor = new Uint32Array(readings.length);
    const lastSeen = new Float64Array(readings.length);
    const valueStart = new Uint32Array(readings.length + 1);
    const metric = new Uint32Array(valueCount);
    const value = new Float64Array(valueCount);
    const ts = new Float64Array(valueCount);
    let count = 0;
    let v = 0;
    for (const reading of readings) {
      if (typeof reading?.sensorId !== 'string' || !Number.isFinite(reading.lastSeen)) continue;
      sensor[count] = this.ids.number(reading.sensorId);
      lastSeen[count] = reading.lastSeen;
      valueStart[count] = v;
      const values = reading.values;
      if (values !== null && typeof values === 'object')
        for (const name of Object.keys(values)) {
          const held = values[name];
          if (!Number.isFinite(held?.value) || !Number.isFinite(held?.ts)) continue;
          metric[v] = this.metrics.number(name);
          value[v] = held?.value as number;
          ts[v] = held?.ts as number;
          v++;
        }
      count++;
    }
    valueStart[count] = v;
    return {
      newIds: this.ids.takeNew(),
      newMetrics: this.metrics.takeNew(),
      idsBefore,
      metricsBefore,
      count,
      sensor,
      lastSeen,
      valueStart,
      metric,
      value,
      ts,
    };
  }
}

/** The receiving side's names: every frame's new names, taken in the order the frames were encoded. */
export class FrameNames {
  readonly ids: string[] = [];
  readonly metrics: string[] = [];

  /** Throws when a frame was skipped or taken twice: its numbers would then name the wrong sensors. */
  take(frame: ReadingsFrame): void {
    if (frame.idsBefore !== this.ids.length || frame.metricsBefore !== this.metrics.length)
      throw new Error(
        `readings frame out of order: it numbers from ${frame.idsBefore}/${frame.metricsBefore}, ` +
          `${this.ids.length}/${this.metrics.length} names are known`,
      );
    for (const id of frame.newIds) this.ids.push(id);
    for (const metric of frame.newMetrics) this.metrics.push(metric);
  }
}

/** A frame with the names its numbers refer to: what the sensor store applies. */
export interface NamedReadings {
  frame: ReadingsFrame;
  names: FrameNames;
}
