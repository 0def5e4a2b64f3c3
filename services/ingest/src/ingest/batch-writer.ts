/**
 * The one write path. Every MQTT message is submitted here and its promise settles only after the
 * transaction holding its records (or its dead letter) has committed: the caller acknowledges the message
 * to the broker then, and not before, so a crash loses nothing that was acknowledged.
 *
 * Failures (db/storage-errors.ts says which is which):
 * - an outage (the server is gone, refuses writes, lacks a function…) refuses every record alike: the
 *   same batch is retried with backoff, nothing is acknowledged or dead-lettered meanwhile, `storage`
 *   says why, and the pending-bytes cap makes the MQTT side stop reading so memory stays bounded;
 * - a record the database refuses for its values is isolated by splitting the batch, and only its
 *   message is dead-lettered with the database's reason; the rest of the batch is stored.
 */
import { EventEmitter } from 'node:events';
import type { Placer } from '@twin/city';
import type { IngestRecord, StorageState } from '@twin/domain';
import type pg from 'pg';
import type { Dialect } from '../db/dialect.js';
import { DuplicateOutlook } from '../db/insert-readings.js';
import { withTransaction } from '../db/pool.js';
import { classifyStorageError, describeStorageError, StorageUnavailableError } from '../db/storage-errors.js';
import { type BatchOutcome, type MessageCounts, type WriteContext, writeBatch } from '../db/write-batch.js';
import type { IngestMetrics } from './counters.js';
import { asciiDeadLetter, type DeadLetter, deadLetter } from './dead-letter.js';
import { Fifo } from './fifo.js';
import type { KnownDepartments } from './known-departments.js';
import { type OwnedRecord, ownersWithNewData, prepareBatch } from './prepare-batch.js';
import { StorageHealth } from './storage-health.js';

/** One received message, decoded: what to store, and why parts of it (or all of it) are refused. */
export interface IngestMessage {
  topic: string;
  payload: Uint8Array;
  records: IngestRecord[];
  /** Decode errors, in plain words: the message is dead-lettered with all of them. */
  errors: string[];
}

/**
 * Once committed a message is exactly one of: stored (something of it was new), duplicate (all of it was
 * already stored) or rejected (dead-lettered, wholly or in part; its good parts are stored).
 */
export type MessageOutcome = 'stored' | 'duplicate' | 'rejected';

/**
 * Told once how a submitted message ended: after the commit that stored it (or its dead letter), or that it
 * was not committed (then it must not be acknowledged).
 */
export interface Settlement {
  settled(outcome: MessageOutcome): void;
  failed(err: Error): void;
}

/** The writer stopped before this message was committed: it must not be acknowledged. */
export class WriterClosedError extends Error {
  constructor() {
    super('the batch writer stopped before this message was committed');
    this.name = 'WriterClosedError';
  }
}

interface Pending {
  message: IngestMessage;
  /** Rows this message adds to a batch (metric values, events, registrations, its dead letter). */
  size: number;
  /** Estimated memory held until it is committed. */
  bytes: number;
  /** Something of it was committed as new; kept across retries of the same batch. */
  hasNew: boolean;
  /** Why the database refused some of its records. */
  refused: string[];
  settled: boolean;
  to: Settlement;
}

export interface BatchWriterOptions {
  pool: pg.Pool;
  dialect: Dialect;
  /** District and grid cell of a position (the city pack's). */
  places: Placer;
  /** The departments this process knows are registered (the write path registers the others). */
  departments: KnownDepartments;
  metrics: IngestMetrics;
  /** Rows per transaction (a single bigger message is written alone). */
  maxRecords: number;
  /** How long the first message of an idle writer waits for others to share its transaction. */
  flushIntervalMs: number;
  /**
   * Transactions in flight at once (default 1). More overlap one batch's commit with the next one's
   * statements. Only where acknowledgements do not follow commit order (the external broker's deferred
   * PUBACKs are sent in arrival order; the embedded broker's are sent as each commit settles, and MQTT
   * wants a client's PUBACKs in the order of its PUBLISHes), and the pool has the connections.
   */
  maxConcurrentBatches?: number;
  log: {
    info(obj: unknown, msg: string): void;
    warn(obj: unknown, msg: string): void;
    error(obj: unknown, msg: string): void;
  };
  now?: () => number;
}

/**
 * Told in-process after each commit, for what concerns this instance only (the rollup refresh of late
 * readings, waking this instance's change-feed tailer early). What changed reaches live clients through the
 * change log, never through this event.
 */
export interface CommittedEvent {
  committedAt: number;
  /** The newest change-log seq of the transaction (null: it changed nothing). */
  lastSeq: number | null;
  /** The times of the oldest and newest reading in this batch, or null without readings. */
  readingsWindow: { oldest: number; newest: number } | null;
  /** Plain PostgreSQL: (sensor, metric, minute) this transaction marked late for the 1-minute rollup. */
  lateRollupKeys: number;
}

const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 5_000;
/** Memory a decoded record holds beyond its share of the payload (objects, strings, column arrays). */
const RECORD_OVERHEAD_BYTES = 256;

/** A tally of message outcomes, one count per MessageOutcome. */
const noOutcomes = (): MessageCounts => ({ stored: 0, duplicate: 0, rejected: 0 });

function sizeOf(message: IngestMessage): number {
  let size = message.errors.length > 0 ? 1 : 0;
  for (const r of message.records) size += r.kind === 'reading' ? Object.keys(r.values).length : 1;
  return Math.max(1, size);
}

export class BatchWriter extends EventEmitter<{ committed: [CommittedEvent]; storage: [StorageState] }> {
  private readonly queue = new Fifo<Pending>();
  private queuedRows = 0;
  private heldBytes = 0;
  private heldMessages = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Transactions running now (at most maxConcurrentBatches). */
  private readonly flushes = new Set<Promise<void>>();
  private closed = false;
  private abandoned = false;
  /** Wakes the transactions waiting to retry (on close). */
  private readonly retryWakers = new Set<() => void>();
  private readonly byteWaiters: { limit: number; resolve: () => void }[] = [];
  private readonly health: StorageHealth;
  private readonly duplicates = new DuplicateOutlook();
  private readonly now: () => number;
  /** Server time of the newest successful transaction of any kind: the database answers. */
  lastTransactionAt: number | null = null;

  constructor(private readonly opts: BatchWriterOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.health = new StorageHealth({
      metrics: opts.metrics,
      log: opts.log,
      now: this.now,
      waiting: () => this.heldMessages,
    });
    this.health.on('change', (state) => this.emit('storage', state));
    opts.metrics.readPendingFrom(() => ({ messages: this.heldMessages, bytes: this.heldBytes }));
  }

  /** Can the writer store right now? While not, nothing is acknowledged and nothing is dead-lettered. */
  get storage(): StorageState {
    return this.health.state;
  }

  /** Estimated memory of messages received and not yet committed. */
  get pendingBytes(): number {
    return this.heldBytes;
  }

  get pendingMessages(): number {
    return this.heldMessages;
  }

  /** Resolves once the memory held by uncommitted messages is at most `limit` bytes. */
  whenPendingBytesAtMost(limit: number): Promise<void> {
    if (this.heldBytes <= limit || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.byteWaiters.push({ limit, resolve }));
  }

  /** Queues one message; resolves after the commit that stores it (or its dead letter). */
  submit(message: IngestMessage): Promise<MessageOutcome> {
    return new Promise<MessageOutcome>((resolve, reject) =>
      this.submitTo(message, { settled: resolve, failed: reject }),
    );
  }

  /**
   * {@link submit} without a promise: `to` is told after the commit. NOTE: the MQTT subscription's hot path
   * (deferred-acks.ts) passes its in-flight entry itself, instead of a promise, its two resolvers and the
   * `then` reactions it would need per message.
   */
  submitTo(message: IngestMessage, to: Settlement): void {
    if (this.closed) {
      to.failed(new WriterClosedError());
      return;
    }
    const size = sizeOf(message);
    const pending: Pending = {
      message,
      size,
      bytes: message.payload.byteLength + message.records.length * RECORD_OVERHEAD_BYTES,
      hasNew: false,
      refused: [],
      settled: false,
      to,
    };
    this.queue.push(pending);
    this.queuedRows += size;
    this.hold(pending, +1);
    if (this.queuedRows >= this.opts.maxRecords) this.kick();
    else if (!this.timer && this.flushes.size === 0)
      this.timer = setTimeout(() => this.kick(), this.opts.flushIntervalMs);
  }

  /**
   * Writes records at once in a transaction of their own, for HTTP actions: a person waits for the answer,
   * so an outage fails fast with StorageUnavailableError (503) instead of waiting in the queue, and a
   * transaction that cannot finish within timeoutMs is cancelled by the server, never applied later.
   */
  async writeNow(records: IngestRecord[], timeoutMs: number): Promise<BatchOutcome> {
    if (this.closed) throw new StorageUnavailableError('the service is stopping');
    // NOTE: a person is waiting: refuse at once during any failure, even one not yet reported.
    const failing = this.health.failingReason;
    if (failing !== null) throw new StorageUnavailableError(failing);
    const prepared = prepareBatch(records.map((record) => ({ record, owner: 0 })));
    try {
      const outcome = await withTransaction(
        this.opts.pool,
        (client) => writeBatch(client, this.context(null), prepared, []),
        { acquireTimeoutMs: timeoutMs, statementTimeoutMs: timeoutMs },
      );
      this.recordCommit(records, outcome);
      return outcome;
    } catch (err) {
      if (classifyStorageError(err) === 'outage')
        throw new StorageUnavailableError(describeStorageError(err));
      throw err;
    }
  }

  private hold(p: Pending, sign: 1 | -1): void {
    this.heldBytes += sign * p.bytes;
    this.heldMessages += sign;
    if (sign < 0) {
      for (let i = this.byteWaiters.length - 1; i >= 0; i--) {
        const waiter = this.byteWaiters[i]!;
        if (this.heldBytes <= waiter.limit) {
          this.byteWaiters.splice(i, 1);
          waiter.resolve();
        }
      }
    }
  }

  private get maxConcurrent(): number {
    return this.opts.maxConcurrentBatches ?? 1;
  }

  /**
   * Starts transactions for what is queued, up to maxConcurrentBatches at once. NOTE: group commit: while
   * transactions run, new messages queue up and form the next batch, which starts as soon as one ends.
   * A transaction beside a running one starts only for a full batch: two half-empty ones in flight made
   * every batch half as big, and each batch's fixed statements, commit and change-log row cost
   * PostgreSQL a third more CPU per single-reading message (23 against 16 µs, docs/benchmarks.md).
   */
  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (
      this.flushes.size < this.maxConcurrent &&
      this.queue.length > 0 &&
      !this.abandoned &&
      (this.flushes.size === 0 || this.queuedRows >= this.opts.maxRecords || this.closed)
    ) {
      const flush: Promise<void> = this.commitWithRetry(this.take()).finally(() => {
        this.flushes.delete(flush);
        if (this.queue.length > 0 && !this.abandoned) this.next();
      });
      this.flushes.add(flush);
    }
  }

  /**
   * After a transaction: a full batch starts at once; a small one waits flushIntervalMs for more, as the
   * first message of an idle writer does. NOTE: starting every small batch at once made transactions of a
   * few dozen one-reading messages, whose round trips then took the CPU the messages needed.
   */
  private next(): void {
    if (this.queuedRows >= this.opts.maxRecords || this.opts.flushIntervalMs === 0 || this.closed)
      this.kick();
    else if (this.flushes.size === 0) this.timer ??= setTimeout(() => this.kick(), this.opts.flushIntervalMs);
    // (else the transaction still running calls next() when it ends)
  }

  /** Takes whole messages up to maxRecords rows (at least one message). */
  private take(): Pending[] {
    const taken: Pending[] = [];
    let rows = 0;
    for (let next = this.queue.peek(); next !== undefined; next = this.queue.peek()) {
      if (taken.length > 0 && rows + next.size > this.opts.maxRecords) break;
      taken.push(this.queue.shift()!);
      rows += next.size;
    }
    this.queuedRows -= rows;
    return taken;
  }

  private async commitWithRetry(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.commitBatch(batch);
        this.health.succeeded();
        this.settle(batch);
        return;
      } catch (err) {
        this.opts.metrics.batchFailures.inc();
        if (this.abandoned) return this.fail(batch, new WriterClosedError());
        this.health.failed(err);
        await this.pause(Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt));
        if (this.abandoned) return this.fail(batch, new WriterClosedError());
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wakers = this.retryWakers;
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const entries: OwnedRecord[] = [];
    batch.forEach((p, owner) => {
      for (const record of p.message.records) entries.push({ record, owner });
    });
    try {
      await this.transact(batch, entries, this.deadLettersOf(batch), true);
    } catch (err) {
      if (classifyStorageError(err) === 'outage') throw err;
      // Something in the batch is refused for its values: find it, store the rest.
      for (const p of batch) p.refused = [];
      await this.commitIsolating(batch, entries);
      await this.commitDeadLetters(batch, this.deadLettersOf(batch));
    }
  }

  /** Halves the records until each refused one is alone; outages propagate to the retry loop. */
  private async commitIsolating(batch: Pending[], entries: OwnedRecord[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.transact(batch, entries, [], false);
    } catch (err) {
      if (classifyStorageError(err) === 'outage') throw err;
      if (entries.length === 1) {
        const reason = `the database refused part of it: ${describeStorageError(err)}`;
        const owner = batch[entries[0]!.owner]!;
        if (!owner.refused.includes(reason)) owner.refused.push(reason);
        this.opts.log.error({ topic: owner.message.topic, reason }, 'a record was refused by the database');
        return;
      }
      const mid = Math.floor(entries.length / 2);
      await this.commitIsolating(batch, entries.slice(0, mid));
      await this.commitIsolating(batch, entries.slice(mid));
    }
  }

  /** The last transaction of an isolated batch: its dead letters, and the count of all its messages. */
  private async commitDeadLetters(batch: Pending[], letters: DeadLetter[]): Promise<void> {
    const write = async (list: DeadLetter[]) => {
      const outcome = await withTransaction(this.opts.pool, (client) =>
        writeBatch(
          client,
          this.context(() => this.messageCounts(batch, new Set())),
          prepareBatch([]),
          list,
        ),
      );
      this.recordCommit([], outcome);
    };
    try {
      await write(letters);
    } catch (err) {
      if (classifyStorageError(err) === 'outage') throw err;
      // NOTE: must never happen (dead-letter.ts escapes what text columns refuse); if it does, a plain
      // ASCII copy is stored rather than retrying a refused row forever, which once stalled ingest.
      this.opts.log.error(
        { reason: describeStorageError(err) },
        'a dead letter was refused; storing it as ASCII',
      );
      await write(letters.map(asciiDeadLetter));
    }
  }

  private deadLettersOf(batch: Pending[]): DeadLetter[] {
    const letters: DeadLetter[] = [];
    for (const p of batch) {
      const reasons = [...p.message.errors, ...p.refused];
      if (reasons.length > 0) letters.push(deadLetter(p.message.topic, reasons, p.message.payload));
    }
    return letters;
  }

  private context(countMessages: WriteContext['countMessages']): WriteContext {
    return {
      dialect: this.opts.dialect,
      places: this.opts.places,
      departments: this.opts.departments,
      countMessages,
      duplicates: this.duplicates,
    };
  }

  /** How the batch's messages settle, given the owners that had something new in this transaction. */
  private messageCounts(batch: Pending[], newOwners: ReadonlySet<number>): MessageCounts {
    const counts = noOutcomes();
    batch.forEach((p, owner) => {
      counts[this.outcomeOf(p, p.hasNew || newOwners.has(owner))]++;
    });
    return counts;
  }

  private outcomeOf(p: Pending, hasNew: boolean): MessageOutcome {
    if (p.message.errors.length > 0 || p.refused.length > 0) return 'rejected';
    return hasNew ? 'stored' : 'duplicate';
  }

  /**
   * One transaction of records (and dead letters); with countMessages the batch's messages are counted in
   * it too (false while a refused record is being isolated: the closing transaction counts them).
   */
  private async transact(
    batch: Pending[],
    entries: OwnedRecord[],
    letters: DeadLetter[],
    countMessages: boolean,
  ): Promise<void> {
    const prepared = prepareBatch(entries);
    const newOwners = (outcome: BatchOutcome) =>
      ownersWithNewData(prepared, outcome.duplicateReadingRows, outcome.insertedEventKeys);
    const outcome = await withTransaction(this.opts.pool, (client) =>
      writeBatch(
        client,
        this.context(countMessages ? (o) => this.messageCounts(batch, newOwners(o)) : null),
        prepared,
        letters,
      ),
    );
    for (const owner of newOwners(outcome)) batch[owner]!.hasNew = true;
    this.recordCommit(
      entries.map((e) => e.record),
      outcome,
    );
  }

  private recordCommit(records: readonly IngestRecord[], outcome: BatchOutcome): void {
    const m = this.opts.metrics;
    m.readingsStored.inc(outcome.readingsStored);
    m.readingsDuplicate.inc(outcome.readingsDuplicate);
    m.incidentEventsStored.inc(outcome.eventsStored);
    m.incidentEventsDuplicate.inc(outcome.eventsDuplicate);
    m.deadLettersStored.inc(outcome.deadLetters);
    m.seqGaps.inc(Math.max(0, outcome.seqGaps));
    m.seqResets.inc(outcome.seqResets);
    m.incidentsRefolded.inc(outcome.refoldedIncidents);
    m.placedOutsideCity.inc({ kind: 'sensor' }, outcome.placedOutsideCity.sensor);
    m.placedOutsideCity.inc({ kind: 'incident' }, outcome.placedOutsideCity.incident);
    m.batchesCommitted.inc();
    this.opts.departments.remember(outcome.registeredDepartments);
    const committedAt = this.now();
    this.lastTransactionAt = committedAt;
    let readingsWindow: CommittedEvent['readingsWindow'] = null;
    for (const r of records) {
      if (r.kind !== 'reading') continue;
      readingsWindow = readingsWindow
        ? { oldest: Math.min(readingsWindow.oldest, r.ts), newest: Math.max(readingsWindow.newest, r.ts) }
        : { oldest: r.ts, newest: r.ts };
    }
    this.emit('committed', {
      committedAt,
      lastSeq: outcome.lastSeq,
      readingsWindow,
      lateRollupKeys: outcome.lateRollupKeys,
    });
  }

  /** Marks a message settled and frees what it held; false if it already was (settled exactly once). */
  private release(p: Pending): boolean {
    if (p.settled) return false;
    p.settled = true;
    this.hold(p, -1);
    return true;
  }

  private settle(batch: Pending[]): void {
    const counts = noOutcomes();
    for (const p of batch) {
      if (!this.release(p)) continue;
      const outcome = this.outcomeOf(p, p.hasNew);
      counts[outcome]++;
      p.to.settled(outcome);
    }
    const m = this.opts.metrics;
    m.messagesStored.inc(counts.stored);
    m.messagesDuplicate.inc(counts.duplicate);
    m.messagesRejected.inc(counts.rejected);
  }

  private fail(batch: Pending[], err: Error): void {
    for (const p of batch) if (this.release(p)) p.to.failed(err);
  }

  /**
   * Refuses new messages and writes what is queued, for at most graceMs. What cannot be written by then
   * (storage down) is given up unacknowledged: the broker or the device sends it again after the restart.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length > 0) this.kick();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      (async () => {
        while (this.flushes.size > 0) await Promise.all(this.flushes);
        return false;
      })(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (gaveUp) {
      this.abandoned = true;
      for (const wake of [...this.retryWakers]) wake();
      const left = this.queue.drain();
      this.queuedRows = 0;
      this.fail(left, new WriterClosedError());
      this.opts.log.warn(
        { messages: left.length + this.heldMessages },
        'stopped before storage answered; unacknowledged messages will be delivered again',
      );
    }
    for (const waiter of this.byteWaiters.splice(0)) waiter.resolve();
    this.health.close();
  }
}
