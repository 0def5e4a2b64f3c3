/**
 * Snapshots shared by live clients that come together — every wall screen reconnecting after a restart — so
 * the store is read once for all of them instead of once each: at 45,000 sensors a snapshot is ~1.1 s of
 * query and parsing and 17.7 MB of text, and twenty walls asking at once held the event loop for seconds
 * while ingest waited.
 *
 * A client is only given a snapshot read after it came: one read before could miss changes the feed
 * published in between, which are neither in that snapshot nor held for the client (live-hub.ts holds what
 * is published from a client's arrival on). So clients that come while a read is on its way share the next
 * read, started when that one ends.
 */
export class SharedSnapshots<S> {
  /** The read on its way. */
  private running: Promise<S> | null = null;
  /** The read the clients that came during `running` wait for; it starts when `running` ends. */
  private waiting: Promise<S> | null = null;

  constructor(private readonly read: () => Promise<S>) {}

  /** A snapshot read after this call. */
  take(): Promise<S> {
    if (this.waiting) return this.waiting;
    const previous = this.running;
    if (!previous) return this.start();
    const waiting = previous
      .catch(() => undefined)
      .then(() => {
        // Clients that come from now on wait for the read after this one.
        this.waiting = null;
        return this.start();
      });
    this.waiting = waiting;
    return waiting;
  }

  private start(): Promise<S> {
    const read = this.read();
    this.running = read;
    const ended = () => {
      if (this.running === read) this.running = null;
    };
    read.then(ended, ended);
    return read;
  }
}
