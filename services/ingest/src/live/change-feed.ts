/**
 * Tails the change log (db/change-log.ts) for this instance's live hub: every change any instance commits
 * is read back from the store, in `seq` order, once. Woken by PostgreSQL LISTEN/NOTIFY where the engine has
 * it (a dedicated connection; the commit notifies), and by this instance's own commits (an in-process hint
 * that data is there; the data itself always comes from the log); a poll every `pollIntervalMs` covers a
 * lost notification or a dropped LISTEN connection.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { CHANGE_CHANNEL, type ChangeRow, logBounds, readChanges } from '../db/change-log.js';

export interface ChangeFeedOptions {
  pool: pg.Pool;
  /** Connection string for the LISTEN connection; null where the engine has no second connection. */
  listenUrl: string | null;
  pollIntervalMs: number;
  /** Rows per read. */
  pageSize?: number;
  /**
   * At least this long between the starts of two reads (default 25 ms). NOTE: commits can come every few
   * milliseconds; reading after each one doubled the statements on the embedded engine's one connection and
   * cost a fifth of its ingest rate. Changes wait at most this long more to reach a browser.
   */
  minReadGapMs?: number;
  /**
   * True while nobody listens (no live client on this instance): the log is not read then, and the feed
   * starts again from the log's end (resync) when someone does.
   */
  idle?(): boolean;
  log: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
}

const LISTEN_RETRY_MS = 2_000;

export class ChangeFeed extends EventEmitter<{ changes: [ChangeRow[]] }> {
  /** The newest seq read and handed to listeners. */
  position = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private lastReadAt = 0;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  /** Why the last read failed (null: it succeeded). */
  failing: string | null = null;
  /** Reads were skipped while idle: `position` is behind the log until resync(). */
  stale = false;

  constructor(private readonly opts: ChangeFeedOptions) {
    super();
  }

  /** Starts at the log's current end: what came before is in the snapshot a client gets. */
  async start(): Promise<void> {
    this.position = (await logBounds(this.opts.pool)).newest;
    this.pollTimer = setInterval(() => this.wake(), this.opts.pollIntervalMs);
    this.pollTimer.unref();
    if (this.opts.listenUrl) await this.listen(this.opts.listenUrl);
  }

  /** Reads what is new now (or right after the read in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.opts.idle?.()) {
      this.stale = true;
      return;
    }
    // NOTE: a stale position would read the whole backlog: the first listener resyncs first.
    if (this.stale) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const wait = this.lastReadAt + (this.opts.minReadGapMs ?? 25) - Date.now();
    if (wait > 0) {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = null;
        this.wake();
      }, wait);
      return;
    }
    this.lastReadAt = Date.now();
    this.reading = this.readAll().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Moves to the log's end after an idle spell (what came before is in the new listener's snapshot). */
  async resync(): Promise<void> {
    while (this.reading) await this.reading;
    this.position = (await logBounds(this.opts.pool)).newest;
    this.stale = false;
  }

  private async readAll(): Promise<void> {
    const pageSize = this.opts.pageSize ?? 2_000;
    try {
      for (;;) {
        const rows = await readChanges(this.opts.pool, this.position, pageSize);
        if (rows.length === 0) break;
        this.position = rows[rows.length - 1]!.seq;
        this.emit('changes', rows);
        if (rows.length < pageSize) break;
      }
      this.failing = null;
    } catch (err) {
      if (this.failing === null) this.opts.log.warn({ err }, 'reading the change log failed; will retry');
      this.failing = (err as Error).message;
    }
  }

  private async listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    // NOTE: an unhandled 'error' on a pg client kills the process; a lost LISTEN connection is retried while
    // the poll keeps the feed going.
    client.on('error', () => this.relisten(client, url));
    client.on('end', () => this.relisten(client, url));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
      this.listener = client;
      // Anything committed while the connection was down is read now.
      this.wake();
    } catch (err) {
      this.opts.log.warn({ err }, 'LISTEN on the change log failed; polling until it works');
      this.relisten(client, url);
    }
  }

  private relisten(client: pg.Client, url: string): void {
    if (this.listener === client) this.listener = null;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.stopped || this.listenRetry) return;
    this.listenRetry = setTimeout(() => {
      this.listenRetry = null;
      if (!this.stopped) void this.listen(url);
    }, LISTEN_RETRY_MS);
    this.listenRetry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      listener.removeAllListeners('end');
      await listener.end().catch(() => {});
    }
    while (this.reading) await this.reading;
  }
}
