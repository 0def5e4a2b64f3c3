import { describe, expect, it } from 'vitest';
import {
  computeLiveStatus,
  dataAgeMs,
  HEARTBEAT_TIMEOUT_MS,
  type HeartbeatSample,
  liveStatusDetail,
  liveStatusText,
  STALE_AFTER_MS,
  storageFailingForMs,
} from './staleness.js';

const now = 1_000_000;

describe('computeLiveStatus', () => {
  it('is live when the socket is open and data is recent', () => {
    const hb = { at: now, lastIngestAt: now - 2_000, receivedAt: now };
    expect(computeLiveStatus('open', hb, now)).toEqual({ kind: 'live' });
  });

  it('is stale when the newest data is older than the threshold', () => {
    const hb = { at: now, lastIngestAt: now - STALE_AFTER_MS - 5_000, receivedAt: now };
    const status = computeLiveStatus('open', hb, now);
    expect(status).toMatchObject({ kind: 'stale', reason: 'old-data' });
    expect(liveStatusText(status)).toBe('STALE — no data for 35s');
  });

  it('measures data age on the server clock, so a skewed browser clock does not matter', () => {
    // Server clock is an hour behind the browser: age = (at − lastIngestAt) + (now − receivedAt).
    const hb = { at: now - 3_600_000, lastIngestAt: now - 3_600_000 - 1_000, receivedAt: now - 2_000 };
    expect(dataAgeMs(hb, now)).toBe(3_000);
    expect(computeLiveStatus('open', hb, now).kind).toBe('live');
  });

  it('is stale when the socket is down, still saying how old the data is', () => {
    const hb = { at: now - 10_000, lastIngestAt: now - 10_000, receivedAt: now - 10_000 };
    const status = computeLiveStatus('closed', hb, now);
    expect(status).toMatchObject({ kind: 'stale', reason: 'disconnected' });
    expect(liveStatusText(status)).toBe('STALE — no data for 10s');
  });

  it('is stale when heartbeats stop although the socket looks open', () => {
    const hb = { at: now, lastIngestAt: now, receivedAt: now - HEARTBEAT_TIMEOUT_MS - 1 };
    expect(computeLiveStatus('open', hb, now)).toMatchObject({ kind: 'stale', reason: 'disconnected' });
  });

  it('explains the state before any heartbeat or data', () => {
    expect(liveStatusText(computeLiveStatus('connecting', null, now))).toBe(
      'STALE — no connection to server',
    );
    const noData = computeLiveStatus('open', { at: now, lastIngestAt: null, receivedAt: now }, now);
    expect(liveStatusText(noData)).toBe('STALE — no data yet');
  });
});

describe('computeLiveStatus while the server cannot store', () => {
  const failing = (since: number | null, reason: string | null = 'connection refused (127.0.0.1:5432)') => ({
    ok: false,
    reason,
    since,
  });
  const ok = { ok: true, reason: null, since: null };

  it('says NOT STORING instead of LIVE although data is recent, with how long and why', () => {
    const hb = { at: now, lastIngestAt: now - 1_000, receivedAt: now, storage: failing(now - 42_000) };
    const status = computeLiveStatus('open', hb, now);
    expect(status).toEqual({
      kind: 'not-storing',
      reason: 'connection refused (127.0.0.1:5432)',
      failingForMs: 42_000,
    });
    expect(liveStatusText(status)).toBe('NOT STORING for 42s');
    expect(liveStatusDetail(status)).toBe('connection refused (127.0.0.1:5432)');
  });

  it('counts the time on the server clock plus the time since the heartbeat arrived', () => {
    // Server clock an hour behind the browser; failing for 40 s when sent, heartbeat arrived 2.5 s ago.
    const serverNow = now - 3_600_000;
    const hb = {
      at: serverNow,
      lastIngestAt: serverNow,
      receivedAt: now - 2_500,
      storage: failing(serverNow - 40_000),
    };
    expect(storageFailingForMs(hb, now)).toBe(42_500);
    expect(liveStatusText(computeLiveStatus('open', hb, now))).toBe('NOT STORING for 42s');
    // A `since` ahead of `at` (clock step on the server) never gives a negative duration.
    expect(storageFailingForMs({ ...hb, storage: failing(serverNow + 5_000) }, now)).toBe(2_500);
  });

  it('says so without a duration when the server does not say since when, and without a reason when none', () => {
    const status = computeLiveStatus(
      'open',
      { at: now, lastIngestAt: now, receivedAt: now, storage: failing(null, null) },
      now,
    );
    expect(status).toEqual({ kind: 'not-storing', reason: null, failingForMs: null });
    expect(liveStatusText(status)).toBe('NOT STORING');
    expect(liveStatusDetail(status)).toBeNull();
  });

  it('wins over old data and no data: not storing is why', () => {
    const old = {
      at: now,
      lastIngestAt: now - STALE_AFTER_MS - 60_000,
      receivedAt: now,
      storage: failing(now),
    };
    expect(computeLiveStatus('open', old, now).kind).toBe('not-storing');
    const none = { at: now, lastIngestAt: null, receivedAt: now, storage: failing(now) };
    expect(computeLiveStatus('open', none, now).kind).toBe('not-storing');
  });

  it('loses to a lost connection or silent server: then we cannot know', () => {
    const hb = {
      at: now - 10_000,
      lastIngestAt: now - 10_000,
      receivedAt: now - 10_000,
      storage: failing(now - 20_000),
    };
    const closed = computeLiveStatus('closed', hb, now);
    expect(closed).toMatchObject({ kind: 'stale', reason: 'disconnected' });
    expect(liveStatusText(closed)).toBe('STALE — no data for 10s');
    expect(liveStatusDetail(closed)).toBeNull();
    expect(computeLiveStatus('connecting', hb, now).kind).toBe('stale');
    const silent = { ...hb, receivedAt: now - HEARTBEAT_TIMEOUT_MS - 1 };
    expect(computeLiveStatus('open', silent, now)).toMatchObject({ kind: 'stale', reason: 'disconnected' });
  });

  it('goes back to LIVE (or STALE) as soon as the server stores again', () => {
    const recent = { at: now, lastIngestAt: now - 1_000, receivedAt: now };
    expect(computeLiveStatus('open', { ...recent, storage: failing(now - 5_000) }, now).kind).toBe(
      'not-storing',
    );
    expect(computeLiveStatus('open', { ...recent, storage: ok }, now)).toEqual({ kind: 'live' });
    const old = { at: now, lastIngestAt: now - STALE_AFTER_MS - 1, receivedAt: now, storage: ok };
    expect(computeLiveStatus('open', old, now)).toMatchObject({ kind: 'stale', reason: 'old-data' });
    expect(storageFailingForMs({ ...recent, storage: ok }, now)).toBeNull();
  });

  it('behaves as before with a server that sends no storage state', () => {
    const recent = { at: now, lastIngestAt: now - 1_000, receivedAt: now };
    expect(computeLiveStatus('open', recent, now)).toEqual({ kind: 'live' });
    expect(computeLiveStatus('open', { ...recent, storage: null }, now)).toEqual({ kind: 'live' });
    const old = { ...recent, lastIngestAt: now - STALE_AFTER_MS - 5_000 };
    expect(liveStatusText(computeLiveStatus('open', old, now))).toBe('STALE — no data for 35s');
    expect(storageFailingForMs(recent, now)).toBeNull();
  });

  it('does not flicker between states on jitter: heartbeats early or late, data age around the threshold', () => {
    // 90 s of a failing server seen every second: heartbeats every 4–6 s, each arriving 0–900 ms late, with
    // the newest data crossing the stale threshold back and forth. The state must be NOT STORING at every tick.
    const since = now;
    const beats: HeartbeatSample[] = [];
    for (let at = now, i = 0; at <= now + 90_000; at += 4_000 + (i % 3) * 1_000, i++) {
      const dataAge = STALE_AFTER_MS + ((i % 3) - 1) * 2_000;
      beats.push({
        at,
        lastIngestAt: at - dataAge,
        receivedAt: at + ((i * 337) % 900),
        storage: failing(since),
      });
    }
    const kinds = new Set<string>();
    for (let t = now + 1_000; t <= now + 90_000; t += 1_000) {
      const latest = beats.filter((b) => b.receivedAt <= t).at(-1) ?? null;
      const status = computeLiveStatus('open', latest, t);
      kinds.add(status.kind);
      // The duration follows the wall clock within the heartbeats' delay: never more than a second off.
      const shown = Number(/for (\d+)s$/.exec(liveStatusText(status))?.[1]);
      expect(Math.abs(shown - (t - since) / 1_000)).toBeLessThanOrEqual(1);
    }
    expect([...kinds]).toEqual(['not-storing']);
  });

  it('does not flicker between LIVE and NOT STORING while the server keeps reporting the same state', () => {
    // Heartbeats saying ok, arriving with jitter just under the heartbeat timeout, stay LIVE.
    const statuses = [0, 4_000, 9_000, HEARTBEAT_TIMEOUT_MS].map((late) =>
      computeLiveStatus('open', { at: now, lastIngestAt: now, receivedAt: now, storage: ok }, now + late),
    );
    expect(statuses.map((s) => s.kind)).toEqual(['live', 'live', 'live', 'live']);
    const failingLate = [0, 4_000, 9_000, HEARTBEAT_TIMEOUT_MS].map((late) =>
      computeLiveStatus(
        'open',
        { at: now, lastIngestAt: now, receivedAt: now, storage: failing(now) },
        now + late,
      ),
    );
    expect(failingLate.map((s) => s.kind)).toEqual([
      'not-storing',
      'not-storing',
      'not-storing',
      'not-storing',
    ]);
  });
});
