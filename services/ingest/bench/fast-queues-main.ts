/**
 * PROTOTYPE of a fix, not the product: the service's main.ts with the two message queues of the ingest
 * path emptied in one splice per batch instead of one Array.shift() per message. Used by
 * `BENCH_SERVICE_PROTOTYPE=fast-queues` to measure the change side by side with the real service.
 *
 * NOTE: the profile of the external single-reading run showed BatchWriter.take and the deferred-acks flush
 * taking more than half of the service's CPU: with an external broker up to 65,535 messages wait in
 * those arrays, and shift() on an array that long moves every element (V8 left-trims only small ones),
 * so draining n messages cost O(n²).
 */
import { register } from 'node:module';
import { BatchWriter } from '../src/ingest/batch-writer.js';

register('./fast-queues-hooks.mjs', import.meta.url);

interface WriterInternals {
  queue: { size: number }[];
  queuedRows: number;
  opts: { maxRecords: number };
  take(): unknown[];
}
(BatchWriter.prototype as unknown as WriterInternals).take = function take(this: WriterInternals) {
  let rows = 0;
  let count = 0;
  while (count < this.queue.length) {
    const next = this.queue[count]!;
    if (count > 0 && rows + next.size > this.opts.maxRecords) break;
    rows += next.size;
    count++;
  }
  this.queuedRows -= rows;
  return this.queue.splice(0, count);
};
await import('../src/main.js');
