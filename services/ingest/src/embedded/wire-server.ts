/**
 * The embedded engine's PostgreSQL wire-protocol server, on the database thread: one connection at a time
 * (PGlite is one backend), others wait their turn. Replaces @electric-sql/pglite-socket 0.0.19, which handed
 * each TCP chunk to PGlite as it came (a split message aborted the engine; an 8 KiB boundary dropped the rest
 * of a pipeline: the embedded stall, see wire-messages.ts), left a departed client's transaction open for the
 * next connection, and wrote each answer after an await from a view of PGlite's reused output buffer.
 *
 * Here every chunk is read into whole messages, fed to the engine synchronously in portions it reads
 * completely, and the answers are copied and written in order: nothing else runs between a call and the copy
 * of its answer.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { endsWithReadyForQuery, enginePortions, WireMessageReader } from './wire-messages.js';

/** The engine's raw protocol entry: PGlite's `execProtocolRawSync` (its answer is a view it reuses). */
export interface WireEngine {
  execProtocolRawSync(message: Uint8Array): Uint8Array;
}

/** What the served connection is doing, for the service's stall watchdog and its log line. */
export interface WireConnectionState {
  /** The client connected at (epoch ms). */
  since: number;
  /** Bytes received from the client, and answered to it. */
  bytesIn: number;
  bytesOut: number;
  /** The last message the client sent was read at (epoch ms), and the engine last answered at. */
  lastRequestAt: number | null;
  lastAnswerAt: number | null;
  /** The engine's last answer did not end with ReadyForQuery, though its input asked for one. */
  answerIncomplete: boolean;
  /** Bytes of an incomplete message waiting for the rest. */
  bufferedBytes: number;
  /** The last message types in and out, oldest first, e.g. "P,B,D,E,S". */
  lastIn: string;
  lastOut: string;
}

export interface WireServer {
  port: number;
  /** The served connection, or null when none. */
  connection(): WireConnectionState | null;
  /** Connections waiting for the served one to end. */
  queued(): number;
  /** Drops the served connection (its client sees the connection end) and resets the engine's session. */
  dropConnection(reason: string): boolean;
  close(): Promise<void>;
}

const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
const TERMINATE = 0x58;
/** The password message: after it the engine holds a session for this client. */
const PASSWORD = 0x70;
/** Sync or a simple query: the engine must answer with ReadyForQuery. */
const ASKS_READY = new Set([0x53, 0x51]);

function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** Message types of a byte string of whole messages, e.g. "P,B,D,E,S" (the last 12). */
function typesOf(bytes: Uint8Array): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let offset = 0; offset + 5 <= view.length; offset += 1 + view.readInt32BE(offset + 1)) {
    types.push(String.fromCharCode(view[offset]!));
    if (view.readInt32BE(offset + 1) < 4) break;
  }
  return types.slice(-12).join(',');
}

export function startWireServer(engine: WireEngine, host = '127.0.0.1'): Promise<WireServer> {
  let active: { socket: Socket; state: WireConnectionState; authenticated: boolean } | null = null;
  const waiting: Socket[] = [];
  let closing = false;

  /**
   * NOTE: PGlite keeps one session for every connection it serves. A client that went away inside a
   * transaction, or in an extended-protocol error waiting for Sync, would leave that state to the next one:
   * Sync ends an ignored pipeline, ROLLBACK ends an open transaction, as a real backend's exit would.
   */
  const resetSession = () => {
    engine.execProtocolRawSync(SYNC);
    engine.execProtocolRawSync(simpleQuery('rollback'));
  };

  const serveNext = () => {
    while (!active && waiting.length > 0 && !closing) {
      const socket = waiting.shift()!;
      if (!socket.destroyed) serve(socket);
    }
  };

  const finish = (socket: Socket) => {
    if (active?.socket !== socket) {
      const i = waiting.indexOf(socket);
      if (i >= 0) waiting.splice(i, 1);
      return;
    }
    const hadSession = active.authenticated;
    active = null;
    if (hadSession && !closing) resetSession();
    serveNext();
  };

  const serve = (socket: Socket) => {
    const reader = new WireMessageReader();
    const state: WireConnectionState = {
      since: Date.now(),
      bytesIn: 0,
      bytesOut: 0,
      lastRequestAt: null,
      lastAnswerAt: null,
      answerIncomplete: false,
      bufferedBytes: 0,
      lastIn: '',
      lastOut: '',
    };
    const current = { socket, state, authenticated: false };
    active = current;
    socket.on('data', (chunk: Buffer) => {
      if (active !== current) return;
      state.bytesIn += chunk.length;
      let messages: ReturnType<WireMessageReader['push']>;
      try {
        messages = reader.push(chunk);
      } catch {
        // Not the PostgreSQL protocol: nothing sensible can be answered.
        socket.destroy();
        return;
      }
      state.bufferedBytes = reader.buffered;
      const answers: Buffer[] = [];
      let typed: Buffer[] = [];
      const run = () => {
        if (typed.length === 0) return;
        const asksReady = typed.some((m) => ASKS_READY.has(m[0]!));
        let last: Buffer | null = null;
        for (const portion of enginePortions(typed)) {
          // NOTE: copied at once; PGlite writes the next call's answer into the same buffer.
          last = Buffer.from(engine.execProtocolRawSync(portion));
          if (last.length > 0) answers.push(last);
        }
        state.lastRequestAt = Date.now();
        state.lastIn = typed
          .map((m) => String.fromCharCode(m[0]!))
          .slice(-12)
          .join(',');
        state.answerIncomplete = asksReady && (last === null || !endsWithReadyForQuery(last));
        typed = [];
      };
      for (const message of messages) {
        if (message.kind === 'typed') {
          if (message.type === PASSWORD) current.authenticated = true;
          if (message.type === TERMINATE) {
            run();
            socket.end();
            break;
          }
          typed.push(message.bytes);
          continue;
        }
        run();
        if (message.kind === 'encryption-request') answers.push(Buffer.from('N'));
        else if (message.kind === 'cancel') {
          socket.destroy();
          return;
        } else {
          // The start-up message goes alone: PGlite reads a call starting with a length as a start-up.
          const answer = Buffer.from(engine.execProtocolRawSync(message.bytes));
          if (answer.length > 0) answers.push(answer);
        }
      }
      run();
      if (answers.length === 0 || socket.destroyed) return;
      const out = answers.length === 1 ? answers[0]! : Buffer.concat(answers);
      state.bytesOut += out.length;
      state.lastAnswerAt = Date.now();
      state.lastOut = typesOf(out);
      socket.write(out);
    });
    socket.resume();
  };

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => finish(socket));
    if (closing) {
      socket.destroy();
      return;
    }
    // NOTE: paused until served, so a waiting connection's bytes stay in its socket meanwhile.
    socket.pause();
    waiting.push(socket);
    serveNext();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the embedded database socket has no port'));
        return;
      }
      resolve({
        port: address.port,
        connection: () => (active ? { ...active.state } : null),
        queued: () => waiting.length,
        dropConnection(_reason: string) {
          if (!active) return false;
          const { socket } = active;
          socket.destroy();
          // 'close' comes later; the session is reset now, so the next connection finds it clean.
          finish(socket);
          return true;
        },
        close() {
          closing = true;
          for (const socket of [...waiting, ...(active ? [active.socket] : [])]) socket.destroy();
          waiting.length = 0;
          active = null;
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
