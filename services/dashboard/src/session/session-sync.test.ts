import { QueryClient } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveSocket, type SocketLike } from '../live/live-socket.js';
import { ME_QUERY_KEY } from './me-query.js';
import {
  SESSION_RECHECK_MIN_INTERVAL_MS,
  socketActionFor,
  startSessionSync,
  wasRefused,
} from './session-sync.js';

const lead: Principal = {
  id: 'u1',
  username: 'f.lead',
  displayName: 'Fire Lead',
  role: 'lead',
  department: 'fire',
  kind: 'session',
};

describe('socketActionFor', () => {
  it('starts on sign-in, stops on sign-out, restarts for someone else, else leaves it', () => {
    expect(socketActionFor(undefined, undefined)).toBe('none');
    expect(socketActionFor(undefined, lead)).toBe('start');
    expect(socketActionFor(null, lead)).toBe('start');
    expect(socketActionFor(lead, null)).toBe('stop');
    expect(socketActionFor(undefined, null)).toBe('stop');
    expect(socketActionFor(null, null)).toBe('none');
    expect(socketActionFor(lead, { ...lead })).toBe('none');
    expect(socketActionFor(lead, { ...lead, id: 'u2' })).toBe('restart');
    expect(socketActionFor(lead, { ...lead, role: 'command', department: null })).toBe('restart');
  });
});

describe('wasRefused', () => {
  it('is a close that never opened', () => {
    expect(wasRefused('connecting', 'closed')).toBe(true);
    expect(wasRefused('open', 'closed')).toBe(false);
    expect(wasRefused('closed', 'connecting')).toBe(false);
  });
});

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  close() {}
}

describe('startSessionSync', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp() {
    vi.useFakeTimers();
    const queryClient = new QueryClient();
    const created: FakeSocket[] = [];
    const socket = new LiveSocket('ws://test/api/v1/live', {
      createSocket: () => {
        const s = new FakeSocket();
        created.push(s);
        return s;
      },
      random: () => 0.5,
    });
    let now = 0;
    const stop = startSessionSync(queryClient, socket, () => now);
    return { queryClient, socket, created, stop, advance: (ms: number) => (now += ms) };
  }

  it('keeps the socket off until someone signs in, and off again after sign-out', () => {
    const { queryClient, socket, created, stop } = setUp();
    expect(created).toHaveLength(0);
    queryClient.setQueryData(ME_QUERY_KEY, lead);
    expect(created).toHaveLength(1);
    expect(socket.getStatus()).toBe('connecting');
    queryClient.setQueryData(ME_QUERY_KEY, null);
    expect(socket.getStatus()).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(created).toHaveLength(1);
    stop();
  });

  it('re-checks who we are when the socket is refused, at most once per interval', () => {
    const { queryClient, created, stop, advance } = setUp();
    queryClient.setQueryData(ME_QUERY_KEY, lead);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    created[0]?.onclose?.({});
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate.mock.calls[0]?.[0]).toEqual({ queryKey: ME_QUERY_KEY });
    vi.advanceTimersByTime(1000);
    created[1]?.onclose?.({});
    expect(invalidate).toHaveBeenCalledTimes(1);
    advance(SESSION_RECHECK_MIN_INTERVAL_MS);
    vi.advanceTimersByTime(2000);
    created.at(-1)?.onclose?.({});
    expect(invalidate).toHaveBeenCalledTimes(2);
    stop();
  });
});
