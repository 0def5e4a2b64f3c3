/**
 * Counts readings lost before they reached us, from the optional per-sensor `seq` counter (BRIEF.md).
 * Only forward gaps count: a repeated or older seq is a duplicate or a late message, not a loss, and a
 * big backwards jump is a device restart.
 */

/** A backwards jump larger than this is a device restart, not a late message. */
export const RESTART_JUMP = 1000;
/**
 * A forward jump larger than this is a counter that was reset or corrupted, not that many lost readings:
 * one reading claiming seq 1e15 after seq 1 once added 1e15 to the loss counter.
 */
export const MAX_COUNTED_GAP = 100_000;
/** Sensors remembered; the least recently seen are forgotten first, so hostile ids cannot grow memory. */
export const MAX_TRACKED_SENSORS = 500_000;

export interface SeqObservation {
  /** Readings missing between the previous seq of this sensor and this one. */
  gap: number;
  /** The counter restarted or jumped too far: counting starts afresh from this seq. */
  reset: boolean;
}

export class SequenceTracker {
  private readonly last = new Map<string, number>();

  constructor(private readonly maxSensors = MAX_TRACKED_SENSORS) {}

  observe(sensorId: string, seq: number): SeqObservation {
    const prev = this.last.get(sensorId);
    if (prev === undefined) return this.remember(sensorId, seq, false);
    // seq 0 or a big backwards jump is a device (or feed) restart: start counting afresh.
    if (seq === 0 || seq < prev - RESTART_JUMP) return this.remember(sensorId, seq, seq !== prev);
    if (seq <= prev) return { gap: 0, reset: false };
    if (seq - prev - 1 > MAX_COUNTED_GAP) return this.remember(sensorId, seq, true);
    this.remember(sensorId, seq, false);
    return { gap: seq - prev - 1, reset: false };
  }

  private remember(sensorId: string, seq: number, reset: boolean): SeqObservation {
    // NOTE: delete + set moves the sensor to the end of the Map's insertion order (most recently seen).
    this.last.delete(sensorId);
    this.last.set(sensorId, seq);
    if (this.last.size > this.maxSensors) this.last.delete(this.last.keys().next().value!);
    return { gap: 0, reset };
  }
}
