import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, deleteJson, getJson, onUnauthorized, postJson, reportsSessionLoss } from './http.js';

function answer(status: number, body?: unknown) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) =>
    body === undefined ? new Response(null, { status }) : Response.json(body, { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requestJson', () => {
  it('sends the session cookie (same origin only)', async () => {
    const fetch = answer(200, { ok: true });
    await getJson('/incidents');
    expect(fetch.mock.calls[0]?.[1]?.credentials).toBe('same-origin');
  });

  it('reports a 401 from a data route to the listeners, with the error for the caller', async () => {
    answer(401, { error: 'unauthorized', message: 'session expired' });
    const heard: string[] = [];
    const stop = onUnauthorized((path) => heard.push(path));
    try {
      const error = await getJson('/incidents?status=open').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
      expect((error as ApiError).message).toBe('session expired');
      expect(heard).toEqual(['/incidents?status=open']);
    } finally {
      stop();
    }
  });

  it('does not report the 401 of a wrong password, of /me or of a refused kiosk link', async () => {
    answer(401, { error: 'unauthorized', message: 'wrong' });
    const heard: string[] = [];
    const stop = onUnauthorized((path) => heard.push(path));
    try {
      await postJson('/session', { username: 'a', password: 'b' }).catch(() => {});
      await postJson('/session/kiosk', { token: 'x' }).catch(() => {});
      await getJson('/me').catch(() => {});
      expect(heard).toEqual([]);
    } finally {
      stop();
    }
  });

  it('stops reporting once unsubscribed, and does not report 403', async () => {
    const heard: string[] = [];
    const stop = onUnauthorized((path) => heard.push(path));
    answer(403, { error: 'forbidden', message: 'kiosk may not write' });
    await postJson('/incidents/x/actions', { type: 'comment' }).catch(() => {});
    expect(heard).toEqual([]);
    stop();
    answer(401, { error: 'unauthorized', message: 'no session' });
    await getJson('/sensors').catch(() => {});
    expect(heard).toEqual([]);
  });

  it("keeps the server's Retry-After on the error, for the retry policy", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { error: 'Service Unavailable', message: 'the database is reconnecting' },
          { status: 503, headers: { 'retry-after': '5' } },
        ),
      ),
    );
    const error = (await getJson('/replay?from=0&to=1').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(5_000);
    answer(500, { error: 'Internal Server Error', message: 'internal error' });
    expect(((await getJson('/replay').catch((e: unknown) => e)) as ApiError).retryAfterMs).toBeNull();
  });

  it('accepts 204 No Content (sign-out, delete)', async () => {
    answer(204);
    await expect(deleteJson('/session')).resolves.toBeUndefined();
  });
});

describe('reportsSessionLoss', () => {
  it('is true for data routes and false for the session routes and /me', () => {
    expect(reportsSessionLoss('/incidents')).toBe(true);
    expect(reportsSessionLoss('/admin/users')).toBe(true);
    expect(reportsSessionLoss('/sessions-report')).toBe(true);
    expect(reportsSessionLoss('/session')).toBe(false);
    expect(reportsSessionLoss('/session/kiosk')).toBe(false);
    expect(reportsSessionLoss('/me')).toBe(false);
    expect(reportsSessionLoss('/me?x=1')).toBe(false);
  });
});
