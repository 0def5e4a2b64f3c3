/**
 * Sensor values at the playhead from the replay's reading columns (REPLAY_READING_COLUMNS: rows sorted by
 * sensor, metric, ts; each sensor-metric a contiguous run led by its last reading at or before the chunk's
 * start). One cursor per sensor-metric run points at its last row at or before the playhead; playing moves
 * each cursor forward a row or two, a seek back finds it by binary search. No object is built per row.
 *
 * A bucket (bucketMs > 0) is a mean over [ts, ts + bucketMs): it counts from its end, so a frame never shows
 * a value made of readings later than the playhead. A run's lead (a raw reading before the chunk) counts
 * from its own time.
 */

/** The reading columns as plain arrays: the sensor and metric of each row as codes into their names. */
export interface ReadingColumns {
  length: number;
  sensorNames: readonly string[];
  sensorCodes: Int32Array;
  metricNames: readonly string[];
  metricCodes: Int32Array;
  ts: Float64Array;
  value: Float64Array;
  /** 0 = raw readings; else the bucket length (ms). */
  bucketMs: number;
  /**
   * The chunk's start: a row before it is the run's lead, the last raw reading at or before the start
   * (buckets all start at or after it), shown from its own time.
   */
  from?: number;
}

export interface ValueAt {
  value: number;
  /** When it was read (raw) or when its bucket ended. */
  at: number;
}

export class ReadingCursor {
  /** Per run: first row, one past its last row, its sensor and metric code. */
  private readonly runStart: Int32Array;
  private readonly runEnd: Int32Array;
  private readonly runSensor: Int32Array;
  /** Per run: the row shown at the playhead, or runStart - 1 for none yet. */
  private readonly position: Int32Array;
  /** Per run, per sensor name: the runs of each sensor (to answer a tooltip). */
  private readonly runsOfSensor = new Map<string, number[]>();
  private t = Number.NEGATIVE_INFINITY;
  readonly runs: number;

  constructor(readonly columns: ReadingColumns) {
    const starts: number[] = [];
    const { sensorCodes, metricCodes, length } = columns;
    for (let row = 0; row < length; row++) {
      if (row === 0 || sensorCodes[row] !== sensorCodes[row - 1] || metricCodes[row] !== metricCodes[row - 1])
        starts.push(row);
    }
    this.runs = starts.length;
    this.runStart = Int32Array.from(starts);
    this.runEnd = new Int32Array(this.runs);
    this.runSensor = new Int32Array(this.runs);
    this.position = new Int32Array(this.runs);
    for (let run = 0; run < this.runs; run++) {
      const start = this.runStart[run] as number;
      this.runEnd[run] = run + 1 < this.runs ? (this.runStart[run + 1] as number) : length;
      this.runSensor[run] = sensorCodes[start] as number;
      this.position[run] = start - 1;
      const name = columns.sensorNames[sensorCodes[start] as number] ?? '';
      const list = this.runsOfSensor.get(name);
      if (list) list.push(run);
      else this.runsOfSensor.set(name, [run]);
    }
  }

  /** When a row counts as known: its time (raw, or a run's lead) or its bucket's end. */
  private shownFrom(row: number): number {
    const ts = this.columns.ts[row] as number;
    return this.isLead(row) ? ts : ts + this.columns.bucketMs;
  }

  /**
   * A run's lead: its first row, a raw reading at or before the chunk's start. NOTE: at exactly the start it
   * has the same time as the first bucket (which holds that very reading), so a first row at the start is the
   * lead only when the next row of the run is at the start too; before the start it always is.
   */
  private isLead(row: number): boolean {
    const from = this.columns.from;
    if (from === undefined || this.columns.bucketMs === 0) return false;
    const ts = this.columns.ts[row] as number;
    if (ts < from) return true;
    if (ts > from || row + 1 >= this.columns.length) return false;
    const { sensorCodes, metricCodes } = this.columns;
    const first =
      row === 0 || sensorCodes[row - 1] !== sensorCodes[row] || metricCodes[row - 1] !== metricCodes[row];
    const sameRunNext =
      sensorCodes[row + 1] === sensorCodes[row] && metricCodes[row + 1] === metricCodes[row];
    return first && sameRunNext && this.columns.ts[row + 1] === ts;
  }

  /**
   * Moves every run to its last row shown at or before `t`. Calls `onChange(sensorCode, at)` for each run
   * whose row changed (at = NaN when it has none any more). Returns how many runs moved.
   */
  moveTo(t: number, onChange?: (sensorCode: number, at: number) => void): number {
    const forward = t >= this.t;
    this.t = t;
    let moved = 0;
    for (let run = 0; run < this.runs; run++) {
      const start = this.runStart[run] as number;
      const end = this.runEnd[run] as number;
      const before = this.position[run] as number;
      let pos = before;
      if (forward) {
        while (pos + 1 < end && this.shownFrom(pos + 1) <= t) pos++;
      } else {
        // Binary search: the last row in [start, end) shown at or before t.
        let lo = start;
        let hi = end;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (this.shownFrom(mid) <= t) lo = mid + 1;
          else hi = mid;
        }
        pos = lo - 1;
      }
      if (pos !== before) {
        this.position[run] = pos;
        moved++;
        onChange?.(this.runSensor[run] as number, pos >= start ? this.shownFrom(pos) : Number.NaN);
      }
    }
    return moved;
  }

  /** The latest shown time of any metric of the sensor at the cursor (NaN for none). */
  lastSeen(sensorId: string): number {
    let latest = Number.NaN;
    for (const run of this.runsOfSensor.get(sensorId) ?? []) {
      const pos = this.position[run] as number;
      if (pos < (this.runStart[run] as number)) continue;
      const at = this.shownFrom(pos);
      if (!(at <= latest)) latest = at;
    }
    return latest;
  }

  /** Every metric's value at the cursor for one sensor (for its tooltip). */
  valuesOf(sensorId: string): Record<string, ValueAt> {
    const values: Record<string, ValueAt> = {};
    for (const run of this.runsOfSensor.get(sensorId) ?? []) {
      const pos = this.position[run] as number;
      if (pos < (this.runStart[run] as number)) continue;
      const metric = this.columns.metricNames[this.columns.metricCodes[pos] as number] ?? '';
      values[metric] = { value: this.columns.value[pos] as number, at: this.shownFrom(pos) };
    }
    return values;
  }
}
