import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './http.js';
import { fetchReplayReadings, fetchReplaySlice } from './replay.js';

/** A server that accepts every request and never answers: fetch settles only when its signal aborts. */
function hangingServer() {
  const fetch = vi.fn(
    (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (!signal) return;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('replay requests that get no answer', () => {
  it('fail a slice as "no answer" after the timeout, so the retry policy asks again', async () => {
    hangingServer();
    const error = await fetchReplaySlice(0, 60_000, undefined, 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).code).toBe('timeout');
  });

  it('fail the readings the same way', async () => {
    hangingServer();
    const error = await fetchReplayReadings(0, 60_000, 60_000, undefined, 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('timeout');
  });

  it("keep the caller's abort an abort (a closed view is not a failure to retry)", async () => {
    hangingServer();
    const controller = new AbortController();
    const pending = fetchReplaySlice(0, 60_000, controller.signal, 60_000).catch((e: unknown) => e);
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('return an answer that comes in time', async () => {
    const slice = { from: 0, to: 60_000, events: [] };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json(slice)),
    );
    expect(await fetchReplaySlice(0, 60_000, undefined, 5_000)).toEqual(slice);
  });
});
