/**
 * Whether what arrives is being stored, as the writer's attempts tell it. A failure is reported — in the
 * log once, on /readyz, on /metrics and to the wall — only when it has lasted REPORT_AFTER_MS: a blip that
 * the next retry fixes (one dropped connection) must not make an unattended wall flicker.
 */
import { EventEmitter } from 'node:events';
import type { StorageState } from '@twin/domain';
import { describeStorageError } from '../db/storage-errors.js';
import type { IngestMetrics } from './counters.js';

/** A failure is reported once it has lasted this long. */
export const REPORT_AFTER_MS = 2_000;
/** While storage keeps failing, say so again this often (the first report and the recovery always log). */
const STILL_FAILING_LOG_MS = 60_000;

const OK: StorageState = { ok: true, reason: null, since: null };

export interface StorageHealthOptions {
  metrics: Pick<IngestMetrics, 'storageUp' | 'storageOutages'>;
  log: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void };
  now: () => number;
  /** Messages waiting, for the "still failing" log line. */
  waiting(): number;
}

export class StorageHealth extends EventEmitter<{ change: [StorageState] }> {
  private failure: { since: number; reason: string; reported: boolean; timer: NodeJS.Timeout } | null = null;
  private lastLogAt = 0;

  constructor(private readonly opts: StorageHealthOptions) {
    super();
    opts.metrics.storageUp.set(1);
  }

  /** What readiness and the wall show: failing only once the failure is reported. */
  get state(): StorageState {
    const f = this.failure;
    return f?.reported ? { ok: false, reason: f.reason, since: f.since } : OK;
  }

  /** The reason of a current failure, reported or not yet (null while writes succeed). */
  get failingReason(): string | null {
    return this.failure?.reason ?? null;
  }

  /** An attempt failed for a reason that is not about the data (an outage). */
  failed(err: unknown): void {
    const reason = describeStorageError(err);
    const f = this.failure;
    if (!f) {
      const timer = setTimeout(() => this.report(), REPORT_AFTER_MS);
      timer.unref();
      this.failure = { since: this.opts.now(), reason, reported: false, timer };
      return;
    }
    const changed = reason !== f.reason;
    f.reason = reason;
    if (!f.reported) return;
    if (changed) this.emit('change', this.state);
    const now = this.opts.now();
    if (now - this.lastLogAt >= STILL_FAILING_LOG_MS) {
      this.lastLogAt = now;
      this.opts.log.warn(
        { reason, forMs: now - f.since, waiting: this.opts.waiting() },
        'storage still failing; retrying',
      );
    }
  }

  /** An attempt succeeded: whatever failed works again. */
  succeeded(): void {
    const f = this.failure;
    if (!f) return;
    clearTimeout(f.timer);
    this.failure = null;
    if (!f.reported) return;
    this.opts.metrics.storageUp.set(1);
    this.opts.log.info({ forMs: this.opts.now() - f.since }, 'storage works again');
    this.emit('change', this.state);
  }

  close(): void {
    if (this.failure) clearTimeout(this.failure.timer);
  }

  private report(): void {
    const f = this.failure;
    if (!f || f.reported) return;
    f.reported = true;
    this.lastLogAt = this.opts.now();
    this.opts.metrics.storageUp.set(0);
    this.opts.metrics.storageOutages.inc();
    this.opts.log.warn(
      { reason: f.reason, forMs: this.opts.now() - f.since },
      'storage failing: nothing is acknowledged or dead-lettered until it works again; retrying',
    );
    this.emit('change', this.state);
  }
}
