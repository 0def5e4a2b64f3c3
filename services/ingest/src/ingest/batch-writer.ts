/**
 * The one write path: every source (MQTT, HTTP actions, later adapters) enqueues records here. Records are
 * written in batches, one transaction at a time; `enqueue` resolves when its records are committed, which
 * is the seam for acking MQTT messages after commit.
 *
 * Failures: a lost connection retries the same batch with backoff (nothing is dropped); a batch the
 * database rejects for its content is split in halves until the offending record is alone, and that record
 * is dead-lettered with the database's reason, so one bad record never blocks or loses the good ones.
 */
import { EventEmitter } from 'node:events';
import type { DistrictIndex } from '@twin/city';
import type { IngestRecord } from '@twin/domain';
import type pg from 'pg';
import type { Dialect } from '../db/dialect.js';
import { withTransaction } from '../db/pool.js';
import { type BatchOutcome, writeBatch } from '../db/write-batch.js';
import type { IngestMetrics } from './counters.js';
import { type DeadLetter, deadLetter, prepareBatch } from './prepare-batch.js';

export interface QueuedRecord {
  record: IngestRecord;
  /** Where it came from, for a dead letter if the database refuses it. */
  topic: string;
  payload: Uint8Array;
}

interface Pending {
  records: QueuedRecord[];
  deadLetters: DeadLetter[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface BatchWriterOptions {
  pool: pg.Pool;
  dialect: Dialect;
  districts: DistrictIndex;
  metrics: IngestMetrics;
  maxRecords: number;
  flushIntervalMs: number;
  log: { warn(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };
}

const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 5_000;

/** Connection-level failures are worth retrying as they are; anything else is about the data. */
export function isTransientDbError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: string; message?: string };
  if (typeof e.code === 'string') {
    if (e.code.startsWith('08') || e.code.startsWith('57P') || e.code === '53300') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(e.code)) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

export interface CommittedEvent extends BatchOutcome {
  committedAt: number;
  /** Newest reading time per sensor in this batch, with the values. */
  readings: Map<string, { ts: number; values: Record<string, number> }>;
}

export class BatchWriter extends EventEmitter<{ committed: [CommittedEvent] }> {
  private queue: Pending[] = [];
  private queuedRecords = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  lastCommitAt: number | null = null;

  constructor(private readonly opts: BatchWriterOptions) {
    super();
  }

  get pendingRecords(): number {
    return this.queuedRecords;
  }

  /** Queues records and dead letters; resolves once they are committed. */
  enqueue(records: QueuedRecord[], deadLetters: DeadLetter[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new Error('batch writer is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, deadLetters, resolve, reject });
      this.queuedRecords += records.length + deadLetters.length;
      this.opts.metrics.queueDepth.set(this.queuedRecords);
      if (this.queuedRecords >= this.opts.maxRecords) this.kick();
      else if (!this.timer) this.timer = setTimeout(() => this.kick(), this.opts.flushIntervalMs);
    });
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      await this.commitWithRetry(batch);
    }
  }

  /** Takes whole enqueue() calls up to maxRecords (at least one), so each promise settles exactly once. */
  private take(): Pending[] {
    const taken: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const size = next.records.length + next.deadLetters.length;
      if (taken.length > 0 && count + size > this.opts.maxRecords) break;
      taken.push(this.queue.shift()!);
      count += size;
    }
    this.queuedRecords -= count;
    this.opts.metrics.queueDepth.set(this.queuedRecords);
    return taken;
  }

  private async commitWithRetry(batch: Pending[]): Promise<void> {
    const records = batch.flatMap((p) => p.records);
    const deadLetters = batch.flatMap((p) => p.deadLetters);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.commitSplitting(records, deadLetters);
        for (const p of batch) p.resolve();
        return;
      } catch (err) {
        this.opts.metrics.batchFailures.inc();
        if (this.closed && attempt > 3) {
          for (const p of batch) p.reject(err as Error);
          return;
        }
        const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
        this.opts.log.warn({ err, attempt, delay }, 'database unavailable; retrying the same batch');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Commits; on a data error splits the batch until the bad record is isolated and dead-lettered. */
  private async commitSplitting(records: QueuedRecord[], deadLetters: DeadLetter[]): Promise<void> {
    try {
      await this.commit(records, deadLetters);
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      if (records.length <= 1) {
        const reason = `storage rejected: ${(err as Error).message}`;
        this.opts.log.error({ err }, 'a record was refused by the database; dead-lettered');
        const extra = records.map((q) => deadLetter(q.topic, reason, q.payload));
        this.opts.metrics.messagesRejected.inc(extra.length);
        await this.commit([], [...deadLetters, ...extra]);
        return;
      }
      const mid = Math.floor(records.length / 2);
      await this.commitSplitting(records.slice(0, mid), deadLetters);
      await this.commitSplitting(records.slice(mid), []);
    }
  }

  private async commit(queued: QueuedRecord[], deadLetters: DeadLetter[]): Promise<void> {
    const records = queued.map((q) => q.record);
    const prepared = prepareBatch(records);
    const outcome = await withTransaction(this.opts.pool, (client) =>
      writeBatch(client, this.opts.dialect, prepared, deadLetters, this.opts.districts),
    );
    const m = this.opts.metrics;
    m.readingsStored.inc(outcome.readingsStored);
    m.readingsDuplicate.inc(outcome.readingsDuplicate);
    m.incidentEventsStored.inc(outcome.eventsStored);
    m.incidentEventsDuplicate.inc(outcome.eventsDuplicate);
    m.batchesCommitted.inc();
    this.lastCommitAt = Date.now();
    const readings = new Map<string, { ts: number; values: Record<string, number> }>();
    for (const r of records) {
      if (r.kind !== 'reading') continue;
      const prev = readings.get(r.sensorId);
      if (!prev || prev.ts <= r.ts)
        readings.set(r.sensorId, { ts: r.ts, values: { ...prev?.values, ...r.values } });
    }
    this.emit('committed', { ...outcome, committedAt: this.lastCommitAt, readings });
  }

  /** Writes what is queued, then refuses new work. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length > 0 && !this.flushing) this.kick();
    while (this.flushing) await this.flushing;
    this.closed = true;
  }
}
