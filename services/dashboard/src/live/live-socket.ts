/**
 * The `/api/v1/live` WebSocket client: connects, parses versioned messages, and reconnects with backoff
 * whenever the server or the network goes away — a wall screen runs unattended for weeks. It remembers the
 * last log position (`seq`) it holds and resumes from there: after a short drop it gets only what it missed
 * instead of a whole new snapshot.
 */

import type { LiveMessage } from '@twin/domain';
import type { SocketState } from '../state/staleness.js';
import { InThreadDecoder, type LiveDecoder } from './live-decoder.js';
import { measureLiveUpdate } from './live-timing.js';
import type { NamedReadings } from './readings-frame.js';

/** First retry comes quickly: most drops are a server restart that is back within a second. */
export const RECONNECT_DELAY_MIN_MS = 500;
/** Never wait longer than this between attempts, so the wall recovers soon after an outage ends. */
export const RECONNECT_DELAY_MAX_MS = 15_000;
export const RECONNECT_BACKOFF_FACTOR = 2;
/** ± share of the delay picked at random, so many screens don't reconnect in lock-step after an outage. */
export const RECONNECT_JITTER = 0.2;
/**
 * Heartbeats arrive every ~5 s. With nothing for this long the connection is half-open (a NAT or proxy
 * dropped it without a close frame): give up on it and reconnect.
 */
export const SILENCE_TIMEOUT_MS = 20_000;
/**
 * Until the first message of a connection: nothing can arrive before the snapshot, and a big city's snapshot
 * (45,000 sensors: 17.7 MB) takes half a minute on a 5 Mbit/s link. With the 20 s above, such a wall would
 * give up on every snapshot midway and ask for it again, for ever.
 */
export const FIRST_MESSAGE_TIMEOUT_MS = 120_000;

/**
 * A message as the dashboard applies it: a `changes` message's readings come apart from it, as typed arrays
 * (readings-frame.ts), and `message.readings` is then absent.
 */
type MessageListener = (message: LiveMessage, readings: NamedReadings | null) => void;
type StatusListener = (state: SocketState) => void;

/** The parts of the WebSocket API used here, so tests can pass a fake. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface LiveSocketOptions {
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  /** Who parses messages (default: this thread, at once; the app passes a worker, live-decoder.ts). */
  decoder?: LiveDecoder;
}

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MIN_MS * RECONNECT_BACKOFF_FACTOR ** attempt);
  return Math.round(base * (1 + RECONNECT_JITTER * (2 * random() - 1)));
}

/** ws(s)://<this host>/api/v1/live: same origin as the page, so it works behind any proxy. */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/live`;
}

/** The live URL asking to resume after `seq`. */
export function withSince(url: string, seq: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}since=${seq}`;
}

export class LiveSocket {
  private socket: SocketLike | null = null;
  private state: SocketState = 'closed';
  private attempt = 0;
  /** The log position this client holds everything up to (null before the first snapshot). */
  private seq: number | null = null;
  private running = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly messageListeners = new Set<MessageListener>();
  private readonly statusListeners = new Set<StatusListener>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly random: () => number;
  private readonly decoder: LiveDecoder;

  constructor(
    private readonly url: string,
    options: LiveSocketOptions = {},
  ) {
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.random = options.random ?? Math.random;
    this.decoder = options.decoder ?? new InThreadDecoder();
  }

  onMessage(listener: MessageListener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  getStatus = (): SocketState => this.state;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    this.setState('closed');
  }

  /**
   * Starts over as a new client: forgets the log position (the next connection gets a full snapshot) and
   * the backoff. Used when who is signed in changes: the old connection was refused or belonged to
   * someone else, and the cache it fed has been emptied.
   */
  restart(): void {
    this.stop();
    this.seq = null;
    this.attempt = 0;
    this.start();
  }

  private connect(): void {
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.seq === null ? this.url : withSince(this.url, this.seq));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.setState('open');
      this.armSilenceTimer(FIRST_MESSAGE_TIMEOUT_MS);
    };
    socket.onmessage = (event) => measureLiveUpdate(() => this.receive(socket, event.data));
    // NOTE: browsers fire `error` then `close`; reconnecting only on `close` avoids scheduling twice.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
  }

  private receive(socket: SocketLike, data: unknown): void {
    this.armSilenceTimer();
    if (typeof data !== 'string') return;
    this.decoder.decode(data, (update) => {
      // NOTE: a message decoded after its connection was given up is dropped, as if it never came: the next
      // connection resumes after the last message applied (`seq`), so the server sends it again.
      if (!update || this.socket !== socket) return;
      const { message, readings } = update;
      // NOTE: only a snapshot proves the server is really serving; resetting the backoff on `open` alone
      // would hammer a server that accepts the socket and then fails.
      if (message.type === 'snapshot' || message.type === 'resumed') this.attempt = 0;
      this.seq = message.seq;
      for (const listener of this.messageListeners) listener(message, readings);
    });
  }

  private scheduleReconnect(): void {
    this.clearTimers();
    this.setState('closed');
    if (!this.running) return;
    const delay = reconnectDelayMs(this.attempt, this.random);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private armSilenceTimer(timeoutMs: number = SILENCE_TIMEOUT_MS): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      const socket = this.socket;
      this.socket = null;
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      this.scheduleReconnect();
    }, timeoutMs);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.reconnectTimer = null;
    this.silenceTimer = null;
  }

  private setState(state: SocketState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.statusListeners) listener(state);
  }
}
