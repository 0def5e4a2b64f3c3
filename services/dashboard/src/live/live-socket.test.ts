import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InThreadDecoder, type LiveDecoder } from './live-decoder.js';
import {
  FIRST_MESSAGE_TIMEOUT_MS,
  LiveSocket,
  liveUrl,
  RECONNECT_DELAY_MAX_MS,
  RECONNECT_DELAY_MIN_MS,
  reconnectDelayMs,
  SILENCE_TIMEOUT_MS,
  type SocketLike,
} from './live-socket.js';

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
}

const snapshot = JSON.stringify({ v: 2, type: 'snapshot', at: 1, seq: 7, incidents: [], sensors: [] });
const heartbeat = JSON.stringify({ v: 2, type: 'heartbeat', at: 2, seq: 9, lastIngestAt: 1, counters: {} });

describe('reconnectDelayMs', () => {
  it('grows exponentially from the minimum and is capped', () => {
    const noJitter = () => 0.5;
    expect(reconnectDelayMs(0, noJitter)).toBe(RECONNECT_DELAY_MIN_MS);
    expect(reconnectDelayMs(1, noJitter)).toBe(RECONNECT_DELAY_MIN_MS * 2);
    expect(reconnectDelayMs(30, noJitter)).toBe(RECONNECT_DELAY_MAX_MS);
  });
});

describe('liveUrl', () => {
  it('uses wss behind https', () => {
    expect(liveUrl({ protocol: 'https:', host: 'ops.city' })).toBe('wss://ops.city/api/v1/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/v1/live');
  });
});

describe('LiveSocket', () => {
  let sockets: FakeSocket[];
  let live: LiveSocket;

  /** A fake socket per connection, kept in `sockets`; the URL each connection asked for goes to `urls`. */
  const createSocket =
    (urls: string[] = []) =>
    (url: string) => {
      urls.push(url);
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    };

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    live = new LiveSocket('ws://x/api/v1/live', { createSocket: createSocket(), random: () => 0.5 });
  });

  afterEach(() => {
    live.stop();
    vi.useRealTimers();
  });

  it('delivers parsed messages, drops unparseable ones, and unsubscribes', () => {
    const received: string[] = [];
    const unsubscribe = live.onMessage((m) => received.push(m.type));
    live.start();
    sockets[0]?.onopen?.({});
    sockets[0]?.onmessage?.({ data: snapshot });
    sockets[0]?.onmessage?.({ data: '{"v":1,"type":"snapshot","seq":1}' });
    sockets[0]?.onmessage?.({ data: '{"v":2,"type":"snapshot"}' });
    sockets[0]?.onmessage?.({ data: 'not json' });
    unsubscribe();
    sockets[0]?.onmessage?.({ data: heartbeat });
    expect(received).toEqual(['snapshot']);
  });

  it('reports its state and reconnects with growing delays after drops', () => {
    const states: string[] = [];
    live.onStatus((s) => states.push(s));
    live.start();
    sockets[0]?.onopen?.({});
    sockets[0]?.onclose?.({});
    expect(states).toEqual(['connecting', 'open', 'closed']);
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS * 2 - 1);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
  });

  it('resets the backoff once a snapshot arrives', () => {
    live.start();
    sockets[0]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    sockets[1]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS * 2);
    sockets[2]?.onopen?.({});
    sockets[2]?.onmessage?.({ data: snapshot });
    sockets[2]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(sockets).toHaveLength(4);
  });

  it('drops a silent (half-open) connection and reconnects', () => {
    live.start();
    sockets[0]?.onopen?.({});
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1);
    sockets[0]?.onmessage?.({ data: heartbeat });
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1);
    expect(sockets[0]?.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(sockets[0]?.closed).toBe(true);
    expect(live.getStatus()).toBe('closed');
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(sockets).toHaveLength(2);
  });

  it('waits longer for the first message (a big snapshot on a slow link), then 20 s between messages', () => {
    live.start();
    sockets[0]?.onopen?.({});
    vi.advanceTimersByTime(FIRST_MESSAGE_TIMEOUT_MS - 1);
    expect(sockets[0]?.closed).toBe(false);
    sockets[0]?.onmessage?.({ data: snapshot });
    vi.advanceTimersByTime(SILENCE_TIMEOUT_MS - 1);
    expect(sockets[0]?.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(sockets[0]?.closed).toBe(true);
  });

  it('gives up on a connection whose first message never comes', () => {
    live.start();
    sockets[0]?.onopen?.({});
    vi.advanceTimersByTime(FIRST_MESSAGE_TIMEOUT_MS);
    expect(sockets[0]?.closed).toBe(true);
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(sockets).toHaveLength(2);
  });

  it('resumes after the last position it holds once it has one', () => {
    const urls: string[] = [];
    const resuming = new LiveSocket('ws://x/api/v1/live', {
      createSocket: createSocket(urls),
      random: () => 0.5,
    });
    resuming.start();
    sockets[0]?.onclose?.({}); // before any message: nothing to resume from
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    sockets[1]?.onmessage?.({ data: snapshot });
    sockets[1]?.onmessage?.({ data: heartbeat });
    sockets[1]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(urls).toEqual(['ws://x/api/v1/live', 'ws://x/api/v1/live', 'ws://x/api/v1/live?since=9']);
    resuming.stop();
  });

  it('with a decoder that answers later, drops what its connection no longer holds and resumes before it', () => {
    const urls: string[] = [];
    const held: (() => void)[] = [];
    const inThread = new InThreadDecoder();
    const delayed: LiveDecoder = { decode: (text, done) => held.push(() => inThread.decode(text, done)) };
    const resuming = new LiveSocket('ws://x/api/v1/live', {
      createSocket: createSocket(urls),
      random: () => 0.5,
      decoder: delayed,
    });
    const received: number[] = [];
    resuming.onMessage((m) => received.push(m.seq));
    resuming.start();
    sockets[0]?.onmessage?.({ data: snapshot });
    sockets[0]?.onmessage?.({ data: heartbeat });
    expect(received).toEqual([]);
    held.shift()?.();
    sockets[0]?.onclose?.({});
    // Decoded after its connection closed: not applied, and not the position to resume from.
    held.shift()?.();
    expect(received).toEqual([7]);
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(urls).toEqual(['ws://x/api/v1/live', 'ws://x/api/v1/live?since=7']);
    resuming.stop();
  });

  it('restart() starts over: a fresh connection without `since`, and the backoff from its minimum', () => {
    const urls: string[] = [];
    const restarting = new LiveSocket('ws://x/api/v1/live', {
      createSocket: createSocket(urls),
      random: () => 0.5,
    });
    restarting.start();
    sockets[0]?.onmessage?.({ data: snapshot });
    sockets[0]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    sockets[1]?.onclose?.({});
    restarting.restart();
    expect(urls).toEqual(['ws://x/api/v1/live', 'ws://x/api/v1/live?since=7', 'ws://x/api/v1/live']);
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS);
    expect(urls).toHaveLength(3);
    sockets[2]?.onclose?.({});
    vi.advanceTimersByTime(RECONNECT_DELAY_MIN_MS);
    expect(urls).toHaveLength(4);
    restarting.stop();
  });

  it('stops for good on stop()', () => {
    live.start();
    live.stop();
    expect(sockets[0]?.closed).toBe(true);
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS * 2);
    expect(sockets).toHaveLength(1);
  });
});
