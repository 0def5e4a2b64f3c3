/**
 * The PostgreSQL wire protocol as the embedded engine must be fed it. Pure: bytes in, messages and the
 * engine's portions out; wire-server.ts does the sockets.
 *
 * NOTE (the embedded stall, issue 6): PGlite 0.3's `interactive_one` processes the messages of one call until
 * its receive buffer (PostgreSQL's PqRecvBuffer, PQ_RECV_BUFFER_SIZE = 8,192 bytes, refilled from the call's
 * input) is empty, and then returns; whatever input it has not read yet is dropped. When a message of a
 * pipeline ends exactly where one 8 KiB refill ends, the messages after it — typically Execute and Sync — are
 * never run, no ReadyForQuery comes back, and the client waits for good. So a call gets whole messages of at
 * most 8 KiB in total (all read by the first refill), or a single larger message (read by as many refills as
 * it needs, and nothing after it).
 */

/** PostgreSQL's PQ_RECV_BUFFER_SIZE, which PGlite's build keeps. */
export const ENGINE_RECEIVE_BUFFER_BYTES = 8192;

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** 'p': the password message; PGlite treats a call that starts with it as authentication only. */
const PASSWORD = 0x70;

export type WireMessage =
  /** The start-up message (untyped: length first). */
  | { kind: 'startup'; bytes: Buffer }
  /** An SSL or GSS encryption request: answered 'N' (not supported), then the real start-up follows. */
  | { kind: 'encryption-request'; bytes: Buffer }
  /** A cancel request: the engine cannot cancel a running statement. */
  | { kind: 'cancel'; bytes: Buffer }
  /** Every message after start-up: type byte, length, body. */
  | { kind: 'typed'; type: number; bytes: Buffer };

/**
 * Splits a connection's byte stream into whole protocol messages; keeps an incomplete one for the next chunk
 * (a message larger than one TCP chunk arrives split).
 */
export class WireMessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private startup = true;

  /** Bytes received and not yet part of a whole message. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): WireMessage[] {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: WireMessage[] = [];
    let offset = 0;
    for (;;) {
      const left = buffer.length - offset;
      if (this.startup) {
        if (left < 4) break;
        const length = buffer.readInt32BE(offset);
        if (length < 8) throw new Error(`invalid start-up message length ${length}`);
        if (left < length) break;
        const bytes = buffer.subarray(offset, offset + length);
        const code = bytes.readInt32BE(4);
        offset += length;
        if (code === SSL_REQUEST || code === GSSENC_REQUEST)
          messages.push({ kind: 'encryption-request', bytes });
        else if (code === CANCEL_REQUEST) messages.push({ kind: 'cancel', bytes });
        else {
          messages.push({ kind: 'startup', bytes });
          this.startup = false;
        }
      } else {
        if (left < 5) break;
        const length = buffer.readInt32BE(offset + 1);
        if (length < 4) throw new Error(`invalid message length ${length} (type ${buffer[offset]})`);
        if (left < 1 + length) break;
        messages.push({
          kind: 'typed',
          type: buffer[offset]!,
          bytes: buffer.subarray(offset, offset + 1 + length),
        });
        offset += 1 + length;
      }
    }
    // NOTE: a copy, so the kept bytes do not pin the whole chunk they came in.
    this.pending = Buffer.from(buffer.subarray(offset));
    return messages;
  }
}

/**
 * Groups typed messages, in order, into the byte strings of the engine's calls: whole messages of at most
 * ENGINE_RECEIVE_BUFFER_BYTES together; a larger message, or a password message, alone.
 */
export function enginePortions(messages: readonly Buffer[]): Buffer[] {
  const portions: Buffer[] = [];
  let group: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (group.length === 0) return;
    portions.push(group.length === 1 ? group[0]! : Buffer.concat(group, size));
    group = [];
    size = 0;
  };
  for (const message of messages) {
    if (message.length > ENGINE_RECEIVE_BUFFER_BYTES || message[0] === PASSWORD) {
      flush();
      portions.push(message);
      continue;
    }
    if (size + message.length > ENGINE_RECEIVE_BUFFER_BYTES) flush();
    group.push(message);
    size += message.length;
  }
  flush();
  return portions;
}

/** Does this answer end with ReadyForQuery (the engine is done with what it was given)? */
export function endsWithReadyForQuery(answer: Uint8Array): boolean {
  // ReadyForQuery: 'Z', length 5, one status byte.
  const n = answer.length;
  return (
    n >= 6 &&
    answer[n - 6] === 0x5a &&
    answer[n - 5] === 0 &&
    answer[n - 4] === 0 &&
    answer[n - 3] === 0 &&
    answer[n - 2] === 5
  );
}
