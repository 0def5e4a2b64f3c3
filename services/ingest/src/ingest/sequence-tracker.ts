/**
 * Counts readings lost before they reached us, from the optional per-sensor `seq` counter (BRIEF.md).
 * The state of every sensor lives in the database (db/sequences.ts), so the count is right when the stream
 * is split across instances and messages of one sensor commit out of order: a gap counted by one instance
 * is taken back when another commits the missing seq. Only seqs of readings that were new are observed:
 * a replayed reading is neither a loss nor a late arrival.
 */

/** A backwards jump larger than this is a device restart, not a late message. */
export const RESTART_JUMP = 1000;
/**
 * A forward jump larger than this is a counter that was reset or corrupted, not that many lost readings:
 * one reading claiming seq 1e15 after seq 1 once added 1e15 to the loss counter.
 */
export const MAX_COUNTED_GAP = 100_000;

/** Where counting of a sensor started (its first seq after a restart) and the highest seq seen since. */
export interface SeqState {
  first: number;
  last: number;
}

export interface SeqObservation {
  /**
   * Change to the count of readings still missing: positive for a forward gap, -1 for a late reading that
   * fills a hole counted before.
   */
  gap: number;
  /** The counter restarted or jumped too far: counting starts afresh from this seq. */
  reset: boolean;
}

/** Observes seqs against (and updates) the stored states of their sensors. */
export class SequenceTracker {
  constructor(private readonly states = new Map<string, SeqState>()) {}

  observe(sensorId: string, seq: number): SeqObservation {
    const prev = this.states.get(sensorId);
    if (prev === undefined) return this.restart(sensorId, seq, false);
    // seq 0 or a big backwards jump is a device (or feed) restart: start counting afresh.
    if (seq === 0 || seq < prev.last - RESTART_JUMP) return this.restart(sensorId, seq, seq !== prev.last);
    if (seq === prev.last) return { gap: 0, reset: false };
    if (seq < prev.last) return { gap: seq > prev.first ? -1 : 0, reset: false };
    if (seq - prev.last - 1 > MAX_COUNTED_GAP) return this.restart(sensorId, seq, true);
    this.states.set(sensorId, { first: prev.first, last: seq });
    return { gap: seq - prev.last - 1, reset: false };
  }

  /** The states after the observations, to store back. */
  get changed(): ReadonlyMap<string, SeqState> {
    return this.states;
  }

  private restart(sensorId: string, seq: number, reset: boolean): SeqObservation {
    this.states.set(sensorId, { first: seq, last: seq });
    return { gap: 0, reset };
  }
}
