/**
 * Mosquitto restarted twice mid-stream (SIGTERM, 2 s down, started again with the same port and persistence
 * file). The service reconnects and resumes its persistent session, the publisher re-sends what was not
 * acknowledged: every reading stored exactly once, nothing dead-lettered, and /readyz says mqtt: false while
 * the broker is away.
 */

import { describeWith, metricSum, sleep, waitFor } from '@twin/test-kit';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { type ExternalStack, startExternalStack } from './external-stack.js';
import { type Load, startLoad } from './load-publisher.js';
import { compare, keySpace } from './reading-keys.js';
import { sampleEvery } from './sampler.js';
import { countStoredExternal, readStoredExternal } from './stored-readings.js';

const READINGS = 40_000;
const RESTART_AT = [0.25, 0.6];
const DOWN_MS = 2_000;

describeWith(['postgres', 'mosquitto'], 'Mosquitto restarted twice mid-stream (external stack)', () => {
  let stack: ExternalStack | undefined;
  let load: Load | undefined;

  afterAll(async () => {
    await load?.close();
    await stack?.destroy();
  });

  it(`stores all ${READINGS} readings once, no dead letters, /readyz mqtt:false while the broker is down`, async () => {
    stack = await startExternalStack('brokerrestart');
    const s = stack;
    onTestFailed(async () => {
      console.error(await s.diagnostics());
    });
    const space = keySpace(READINGS);
    load = startLoad({ url: s.broker.url, topicRoot: s.topicRoot, space, count: READINGS, rate: 4_000 });
    const l = load;
    const restarts: {
      publishedAt: number;
      downSamples: number;
      downNotReporting: string[];
      readyAgainMs: number | null;
    }[] = [];

    for (const share of RESTART_AT) {
      await waitFor(
        {
          what: `publisher handed ≥ ${share * READINGS} readings to mqtt.js`,
          timeoutMs: 120_000,
          intervalMs: 50,
        },
        async () => {
          const n = l.publishedCount();
          return { done: n >= share * READINGS, value: undefined, seen: `${n} published` };
        },
      );
      const ready = sampleEvery(200, () => s.service.readyz());
      const publishedAt = l.publishedCount();
      const downAt = Date.now();
      await s.broker.stop();
      await sleep(DOWN_MS);
      const upAt = Date.now();
      await s.broker.start();
      const readyAgainMs = await waitFor(
        { what: '/readyz 200 after the broker is back', timeoutMs: 30_000, intervalMs: 200 },
        async () => {
          const r = await s.service.readyz();
          return {
            done: r.status === 200,
            value: Date.now() - upAt,
            seen: `${r.status} ${JSON.stringify(r.body)}`,
          };
        },
      ).catch((err: Error) => {
        console.error(err.message);
        return null;
      });
      const samples = await ready.stop();
      // While the broker is down (after a 0.5 s grace for the client to notice): 503 and mqtt false.
      const down = samples.filter((x) => x.at >= downAt + 500 && x.at < upAt);
      const notReporting = down
        .filter((x) => !(x.value && x.value.status === 503 && x.value.body?.mqtt === false))
        .map((x) => (x.value ? `${x.value.status} ${JSON.stringify(x.value.body)}` : `error ${x.error}`));
      restarts.push({
        publishedAt,
        downSamples: down.length,
        downNotReporting: notReporting.slice(0, 3),
        readyAgainMs,
      });
    }

    await l.waitAcked(120_000);
    let last = -1;
    let lastChange = Date.now();
    const count = await waitFor(
      { what: `${READINGS} readings stored (or no progress for 20 s)`, timeoutMs: 180_000, intervalMs: 500 },
      async () => {
        const n = await countStoredExternal(s.databaseUrl);
        if (n !== last) {
          last = n;
          lastChange = Date.now();
        }
        return { done: n >= READINGS || Date.now() - lastChange > 20_000, value: n, seen: `${n} stored` };
      },
    );
    const result = await readStoredExternal(s.databaseUrl, space);
    const cmp = compare(space, l.published, l.acked, result.stored);
    const metrics = await s.service.metrics();
    const rejected = metricSum(metrics, 'twin_messages_rejected_total');
    console.info(
      [
        `broker restart: ${JSON.stringify(restarts)}`,
        `service alive: ${s.service.running()}; publisher ${JSON.stringify(l.stats)}`,
        `stored: ${cmp.summary}; rows ${result.total}, distinct ${result.distinct}, last count ${count}`,
        `dead letters ${result.deadLetters} ${JSON.stringify(result.deadLetterReasons)}, twin_messages_rejected_total ${rejected}`,
      ].join('\n  '),
    );

    expect.soft(s.service.running(), 'the service stays up').toBe(true);
    for (const [i, r] of restarts.entries()) {
      expect
        .soft(r.downSamples, `restart ${i + 1}: /readyz sampled while the broker was down`)
        .toBeGreaterThan(0);
      expect
        .soft(
          r.downNotReporting,
          `restart ${i + 1}: /readyz must answer 503 with mqtt: false while the broker is down`,
        )
        .toEqual([]);
      expect.soft(r.readyAgainMs, `restart ${i + 1}: /readyz back to 200 within 30 s`).not.toBeNull();
    }
    expect.soft(cmp.acked, 'every publish acknowledged').toBe(READINGS);
    expect.soft(cmp.lostAcked.length, `acknowledged readings lost: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.missing.length, `published readings not stored: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.unexpected.length + result.foreign, 'rows that were never published').toBe(0);
    expect.soft(result.total, 'count(*) = count(distinct key): no duplicates').toBe(result.distinct);
    expect.soft(result.deadLetters, `no dead letters: ${JSON.stringify(result.deadLetterReasons)}`).toBe(0);
    expect.soft(rejected, 'twin_messages_rejected_total').toBe(0);
  });
});
