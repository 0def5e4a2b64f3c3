import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterValue, createIngestMetrics, STORE_GAUGES_MAX_AGE_MS } from './counters.js';

describe('the gauges read from the store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are read at most once per interval, however often /metrics is scraped', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let reads = 0;
    const metrics = createIngestMetrics(async () => {
      reads++;
      return { openIncidentsOutsideCity: 3, incidentsAwaitingReport: reads };
    });
    for (let i = 0; i < 50; i++) await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect(await counterValue(metrics.openIncidentsOutsideCity)).toBe(3);
    vi.setSystemTime(1_000_000 + STORE_GAUGES_MAX_AGE_MS + 1);
    await metrics.registry.metrics();
    expect(reads).toBe(2);
    expect(await counterValue(metrics.incidentsAwaitingReport)).toBe(2);
  });

  it('keep their last values while the store does not answer', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let up = true;
    const metrics = createIngestMetrics(async () => {
      if (!up) throw new Error('connection refused');
      return { openIncidentsOutsideCity: 7, incidentsAwaitingReport: 2 };
    });
    await metrics.registry.metrics();
    up = false;
    vi.setSystemTime(1_000_000 + 10 * STORE_GAUGES_MAX_AGE_MS);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^twin_open_incidents_outside_city 7$/m);
    expect(text).toMatch(/^twin_incidents_awaiting_report 2$/m);
  });
});
