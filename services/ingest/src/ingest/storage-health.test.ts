import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterValue, createIngestMetrics } from './counters.js';
import { REPORT_AFTER_MS, StorageHealth } from './storage-health.js';

const refused = Object.assign(new Error('permission denied for table readings'), { code: '42501' });

function setup() {
  const metrics = createIngestMetrics();
  const logs: string[] = [];
  const health = new StorageHealth({
    metrics,
    log: { info: (_o, m) => logs.push(`info ${m}`), warn: (_o, m) => logs.push(`warn ${m}`) },
    now: () => Date.now(),
    waiting: () => 3,
  });
  const changes: boolean[] = [];
  health.on('change', (s) => changes.push(s.ok));
  return { metrics, logs, health, changes };
}

describe('StorageHealth', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not report a failure that the next attempt fixes', () => {
    const { health, logs, changes } = setup();
    health.failed(refused);
    expect(health.failingReason).toMatch(/permission denied/);
    expect(health.state.ok).toBe(true);
    vi.advanceTimersByTime(REPORT_AFTER_MS - 1);
    health.succeeded();
    vi.advanceTimersByTime(10_000);
    expect(health.state.ok).toBe(true);
    expect(health.failingReason).toBeNull();
    expect(logs).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('reports a lasting failure once, with its reason and start, and its end', async () => {
    const { health, logs, changes, metrics } = setup();
    const start = Date.now();
    health.failed(refused);
    vi.advanceTimersByTime(REPORT_AFTER_MS);
    expect(health.state).toEqual({
      ok: false,
      reason: 'database refuses writes: permission denied for table readings (42501)',
      since: start,
    });
    expect(await counterValue(metrics.storageUp)).toBe(0);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1000);
      health.failed(refused);
    }
    expect(logs).toEqual([
      'warn storage failing: nothing is acknowledged or dead-lettered until it works again; retrying',
    ]);
    vi.advanceTimersByTime(60_000);
    health.failed(refused);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toBe('warn storage still failing; retrying');
    health.succeeded();
    expect(health.state.ok).toBe(true);
    expect(logs[2]).toBe('info storage works again');
    expect(changes).toEqual([false, true]);
    expect(await counterValue(metrics.storageUp)).toBe(1);
    expect(await counterValue(metrics.storageOutages)).toBe(1);
  });

  it('tells the wall when the reason changes during a reported failure', () => {
    const { health, changes } = setup();
    health.failed(refused);
    vi.advanceTimersByTime(REPORT_AFTER_MS);
    health.failed(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(health.state.reason).toMatch(/^database unreachable/);
    expect(changes).toEqual([false, false]);
  });
});
