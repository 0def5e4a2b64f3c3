/**
 * Work that arrives in bursts, done in slices of at most `budgetMs` each, yielding to the browser between
 * slices. At city scale one live message can carry thousands of readings (50,000 sensors; a delta after a
 * pause): applied in one go they held the main thread for 60–170 ms, past the wall's 50 ms budget for a task,
 * so a frame or a click waited. Items are applied in arrival order; the first slice runs at once (a small
 * delta costs no extra task), the rest in later tasks.
 */
export interface TimeSlicedQueueOptions<T> {
  /** Applies items; returns nothing. Called with at most `sliceItems` items at a time. */
  apply(items: readonly T[]): void;
  budgetMs?: number;
  /** Items per call of `apply` (the budget is checked between calls). */
  sliceItems?: number;
  /** Runs `task` in a later task (default: a MessageChannel message, which is not clamped like setTimeout). */
  schedule?(task: () => void): void;
  now?(): number;
  /** Wraps each slice (the live-update timing, live-timing.ts). */
  measure?(run: () => void): void;
}

const DEFAULT_BUDGET_MS = 8;
const DEFAULT_SLICE_ITEMS = 256;

export class TimeSlicedQueue<T> {
  private readonly batches: (readonly T[])[] = [];
  /** How many items of the first batch are done. */
  private offset = 0;
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly sliceItems: number;
  private readonly schedule: (task: () => void) => void;
  private readonly now: () => number;
  private readonly measure: (run: () => void) => void;

  constructor(private readonly opts: TimeSlicedQueueOptions<T>) {
    this.budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
    this.sliceItems = opts.sliceItems ?? DEFAULT_SLICE_ITEMS;
    this.schedule = opts.schedule ?? nextTask();
    this.now = opts.now ?? (() => performance.now());
    this.measure = opts.measure ?? ((run) => run());
  }

  /** Items waiting (not yet applied). */
  get pending(): number {
    let n = 0;
    for (const batch of this.batches) n += batch.length;
    return n - this.offset;
  }

  /** Adds a batch and works on the queue now, within the budget; the rest follows in later tasks. */
  push(items: readonly T[]): void {
    if (items.length === 0) return;
    this.batches.push(items);
    if (!this.scheduled) this.work();
  }

  /** Drops everything waiting (a snapshot replaced what they would have updated). */
  clear(): void {
    this.batches.length = 0;
    this.offset = 0;
  }

  private work(): void {
    const started = this.now();
    do {
      const batch = this.batches[0];
      if (!batch) return;
      const end = Math.min(batch.length, this.offset + this.sliceItems);
      const slice = this.offset === 0 && end === batch.length ? batch : batch.slice(this.offset, end);
      this.offset = end;
      if (end === batch.length) {
        this.batches.shift();
        this.offset = 0;
      }
      this.opts.apply(slice);
    } while (this.now() - started < this.budgetMs);
    if (this.batches.length === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.measure(() => this.work());
    });
  }
}

/** A scheduler for the next task: MessageChannel where there is one (browsers), else setTimeout. */
export function nextTask(): (task: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (task) => setTimeout(task, 0);
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  // NOTE: in Node (unit tests) an open port keeps the process alive; browsers have no unref.
  (channel.port1 as { unref?(): void }).unref?.();
  return (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  };
}
