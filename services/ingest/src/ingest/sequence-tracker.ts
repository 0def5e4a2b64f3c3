/**
 * Counts readings lost before they reached us, from the optional per-sensor `seq` counter (BRIEF.md).
 * Only forward gaps count: a repeated or older seq is a duplicate or a late message, not a loss, and a
 * big backwards jump is a device restart.
 */
export class SequenceTracker {
  private readonly last = new Map<string, number>();

  /** Returns how many readings are missing between the previous seq of this sensor and this one. */
  observe(sensorId: string, seq: number): number {
    const prev = this.last.get(sensorId);
    // seq 0 or a big backwards jump is a device (or feed) restart: start counting afresh.
    if (prev === undefined || seq === 0 || seq < prev - 1000) {
      this.last.set(sensorId, seq);
      return 0;
    }
    if (seq <= prev) return 0;
    this.last.set(sensorId, seq);
    return seq - prev - 1;
  }
}
