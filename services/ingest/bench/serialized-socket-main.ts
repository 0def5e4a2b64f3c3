/**
 * PROTOTYPE of a fix, not the product: the service's main.ts with the embedded database's socket handling
 * one chunk at a time. Used by `BENCH_SERVICE_PROTOTYPE=serialized-socket`; it did NOT cure the embedded stall (see
 * docs/benchmarks.md), so reordered answers are not its cause.
 *
 * NOTE: @electric-sql/pglite-socket 0.0.19 calls `handleData` for every TCP chunk without waiting for the
 * previous call. `execProtocolRaw` runs the chunk at once but then awaits `syncToFs`, which returns at once
 * for a second caller while the first caller's sync is pending: the second chunk's answer can be written
 * to the socket before the first's. When one query spans two chunks (a batch insert whose parameters are
 * tens of KiB, split by the wire framing in src/embedded/wire-framing.ts), the client then reads its
 * answers out of order and the connection — the pool's only one — stops answering. Chaining the calls
 * keeps the answers in request order.
 */
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { installWireFraming } from '../src/embedded/wire-framing.js';

installWireFraming();
interface Chained {
  handleData(data: Buffer): Promise<number>;
  __chain?: Promise<unknown>;
}
const proto = PGLiteSocketHandler.prototype as unknown as Chained;
const framed = proto.handleData;
proto.handleData = function handleData(this: Chained, data: Buffer) {
  const run = (this.__chain ?? Promise.resolve()).then(() => framed.call(this, data));
  this.__chain = run.catch(() => {});
  return run;
};
await import('../src/main.js');
