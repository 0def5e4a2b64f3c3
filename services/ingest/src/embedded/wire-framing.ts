/**
 * PostgreSQL wire-protocol framing for the embedded database's socket.
 *
 * NOTE: @electric-sql/pglite-socket 0.0.19 hands every TCP chunk to PGlite as if it were whole messages.
 * A message larger than one chunk (~64 KiB, e.g. a batch insert's array parameter) arrives split, and PGlite
 * aborts the whole process ("RuntimeError: unreachable"). We buffer bytes per connection and pass on only
 * complete messages. The patch is pinned to that version by the test in wire-framing.test.ts and by the
 * integration test that stores a batch larger than 64 KiB.
 */
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export interface FrameResult {
  /** Bytes of complete messages, in order (empty when none is complete yet). */
  complete: Buffer;
  /** Bytes of an incomplete message, kept for the next chunk. */
  rest: Buffer;
  /** Still in the start-up phase (untyped messages: length first, no type byte). */
  startup: boolean;
}

/** Splits a byte stream into complete protocol messages and a remainder. Pure. */
export function frameMessages(buffer: Buffer, startup: boolean): FrameResult {
  let offset = 0;
  let inStartup = startup;
  for (;;) {
    const left = buffer.length - offset;
    if (inStartup) {
      if (left < 4) break;
      const length = buffer.readInt32BE(offset);
      if (length < 4 || left < length) break;
      const code = length >= 8 ? buffer.readInt32BE(offset + 4) : 0;
      offset += length;
      // After an SSL/GSS request the client sends the real start-up message, still untyped.
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) inStartup = false;
    } else {
      if (left < 5) break;
      const length = buffer.readInt32BE(offset + 1);
      if (length < 4 || left < 1 + length) break;
      offset += 1 + length;
    }
  }
  return { complete: buffer.subarray(0, offset), rest: buffer.subarray(offset), startup: inStartup };
}

interface HandlerInternals {
  handleData(data: Buffer): Promise<number>;
  attach(socket: unknown): Promise<unknown>;
  __framing?: { pending: Buffer; startup: boolean };
}

let patched = false;

/** Installs the framing once per process, before the socket server accepts connections. */
export function installWireFraming(): void {
  if (patched) return;
  patched = true;
  const proto = PGLiteSocketHandler.prototype as unknown as HandlerInternals;
  const originalAttach = proto.attach;
  const originalHandleData = proto.handleData;
  proto.attach = function attach(this: HandlerInternals, socket: unknown) {
    this.__framing = { pending: Buffer.alloc(0), startup: true };
    return originalAttach.call(this, socket);
  };
  proto.handleData = function handleData(this: HandlerInternals, data: Buffer) {
    if (!this.__framing) this.__framing = { pending: Buffer.alloc(0), startup: true };
    const state = this.__framing;
    const joined = state.pending.length > 0 ? Buffer.concat([state.pending, data]) : data;
    const { complete, rest, startup } = frameMessages(joined, state.startup);
    state.pending = Buffer.from(rest);
    state.startup = startup;
    if (complete.length === 0) return Promise.resolve(0);
    return originalHandleData.call(this, complete);
  };
}
