/**
 * Sensor values at the playhead from the replay's reading columns (REPLAY_READING_COLUMNS: rows sorted by
 * sensor, metric, ts; each sensor-metric a contiguous run led by its last reading at or before the chunk's
 * start). One cursor per sensor-metric run points at its last row at or before the playhead. Playing walks
 * the rows in the order they become known, from where the last frame stopped, so a frame costs the rows it
 * crosses (a few hundred of 45,000 sensors at 600×), not a look at every run; a seek back finds each cursor
 * by binary search. No object is built per row.
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
  /** Per row: when it counts as known (`shownFrom`), and its run. */
  private readonly shown: Float64Array;
  private readonly rowRun: Int32Array;
  /** The rows in the order they become known (by `shown`, then row), made at the first move. */
  private order: Uint32Array | null = null;
  /** How many rows of `order` are known at `t`. */
  private known = 0;
  /** Per run: the move that last changed it (to tell each changed run once per move). */
  private readonly changedAt: Uint32Array;
  private moves = 0;

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
    this.changedAt = new Uint32Array(this.runs);
    this.shown = new Float64Array(length);
    this.rowRun = new Int32Array(length);
    for (let run = 0; run < this.runs; run++)
      for (let row = this.runStart[run] as number; row < (this.runEnd[run] as number); row++) {
        this.shown[row] = this.shownFrom(row);
        this.rowRun[row] = run;
      }
  }

  /** Row numbers sorted by when they become known, ties by row (within a run both only grow). */
  private rowsInOrder(): Uint32Array {
    const { length } = this.columns;
    const order = new Uint32Array(length);
    for (let row = 0; row < length; row++) order[row] = row;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let whole = true;
    for (const at of this.shown) {
      min = Math.min(min, at);
      max = Math.max(max, at);
      whole &&= Number.isInteger(at);
    }
    // NOTE: time and row packed into one exact float64 key when they fit in 53 bits (an hour of ms and a
    // million rows take 42), so the keys sort natively instead of through a comparator per pair.
    const rowSpan = 2 ** Math.ceil(Math.log2(length + 1));
    if (length > 0 && whole && (max - min + 1) * rowSpan < 2 ** 53) {
      const keys = new Float64Array(length);
      for (let row = 0; row < length; row++) keys[row] = ((this.shown[row] as number) - min) * rowSpan + row;
      keys.sort();
      for (let i = 0; i < length; i++) order[i] = (keys[i] as number) % rowSpan;
    } else order.sort((a, b) => (this.shown[a] as number) - (this.shown[b] as number) || a - b);
    return order;
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
    this.order ??= this.rowsInOrder();
    const order = this.order;
    const move = ++this.moves;
    const changedRuns: number[] = [];
    const changed = (run: number) => {
      if (this.changedAt[run] === move) return;
      this.changedAt[run] = move;
      changedRuns.push(run);
    };
    if (forward) {
      // Every row that became known since the last move, in order: each is its run's latest so far.
      while (this.known < order.length && (this.shown[order[this.known] as number] as number) <= t) {
        const row = order[this.known++] as number;
        const run = this.rowRun[row] as number;
        if (row > (this.position[run] as number)) {
          this.position[run] = row;
          changed(run);
        }
      }
    } else {
      for (let run = 0; run < this.runs; run++) {
        // Binary search: the last row in [start, end) shown at or before t.
        let lo = this.runStart[run] as number;
        let hi = this.runEnd[run] as number;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((this.shown[mid] as number) <= t) lo = mid + 1;
          else hi = mid;
        }
        if (lo - 1 !== this.position[run]) {
          this.position[run] = lo - 1;
          changed(run);
        }
      }
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.shown[order[mid] as number] as number) <= t) lo = mid + 1;
        else hi = mid;
      }
      this.known = lo;
    }
    if (onChange)
      for (const run of changedRuns) {
        const pos = this.position[run] as number;
        onChange(
          this.runSensor[run] as number,
          pos >= (this.runStart[run] as number) ? (this.shown[pos] as number) : Number.NaN,
        );
      }
    return changedRuns.length;
  }

  /** The latest shown time of any metric of the sensor at the cursor (NaN for none). */
  lastSeen(sensorId: string): number {
    let latest = Number.NaN;
    for (const run of this.runsOfSensor.get(sensorId) ?? []) {
      const pos = this.position[run] as number;
      if (pos < (this.runStart[run] as number)) continue;
      const at = this.shown[pos] as number;
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
      values[metric] = { value: this.columns.value[pos] as number, at: this.shown[pos] as number };
    }
    return values;
  }
}
