import { describe, expect, it } from 'vitest';
import {
  computeLiveStatus,
  dataAgeMs,
  HEARTBEAT_TIMEOUT_MS,
  liveStatusText,
  STALE_AFTER_MS,
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
