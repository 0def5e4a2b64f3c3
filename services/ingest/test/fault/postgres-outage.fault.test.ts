/**
 * PostgreSQL goes away under load. The service must stay up, say why it is not ready, keep its memory
 * bounded (INGEST_MAX_PENDING_BYTES) while the broker keeps the backlog, write nothing good to the dead
 * letters, and store everything once the database is back.
 */

import {
  describeWith,
  type HttpAnswer,
  metricSum,
  type ReadyBody,
  type ServiceProcess,
  sleep,
  waitFor,
} from '@twin/test-kit';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { type ExternalStack, startExternalStack } from './external-stack.js';
import { type Load, startLoad } from './load-publisher.js';
import { compare, keySpace } from './reading-keys.js';
import { sampleEvery } from './sampler.js';
import { countStoredExternal, readStoredExternal } from './stored-readings.js';

const MiB = 1024 * 1024;
const PENDING_CAP = 16 * MiB;
/** The largest message the service accepts (MAX_PAYLOAD_BYTES default, 256 KiB). */
const MAX_MESSAGE = 256 * 1024;
const RSS_HEADROOM = 200 * MiB;

/** Polls the stored count until it reaches `expected` or has not grown for stallMs. Returns the last count. */
async function waitStored(databaseUrl: string, expected: number, stallMs = 30_000): Promise<number> {
  let last = -1;
  let lastChange = Date.now();
  return waitFor(
    {
      what: `${expected} readings stored (or no progress for ${stallMs} ms)`,
      timeoutMs: 240_000,
      intervalMs: 500,
    },
    async () => {
      const n = await countStoredExternal(databaseUrl);
      if (n !== last) {
        last = n;
        lastChange = Date.now();
      }
      return { done: n >= expected || Date.now() - lastChange > stallMs, value: n, seen: `${n} stored` };
    },
  );
}

function describeExit(service: ServiceProcess): string {
  return `the service exited; output tail:\n${service.output().slice(-1500)}`;
}

describeWith(['postgres', 'mosquitto'], 'PostgreSQL outage under load (external stack)', () => {
  const stacks: ExternalStack[] = [];
  const loads: Load[] = [];

  afterAll(async () => {
    for (const l of loads) await l.close();
    for (const s of stacks) await s.destroy();
  });

  it('PostgreSQL stopped for ≥ 10 s mid-stream: stays up, says why, bounded memory, nothing lost or dead-lettered', async () => {
    const stack = await startExternalStack('pgout', { INGEST_MAX_PENDING_BYTES: String(PENDING_CAP) });
    stacks.push(stack);
    onTestFailed(async () => {
      console.error(await stack.diagnostics());
    });
    const WARM = 10_000;
    const PER_MESSAGE = 40;
    const MESSAGE_BYTES = 10 * 1024;
    const OUTAGE_MESSAGES = Math.ceil((200 * MiB) / MESSAGE_BYTES) + 100;
    const OUTAGE = OUTAGE_MESSAGES * PER_MESSAGE;
    const space = keySpace(WARM + OUTAGE, 2_000);

    // Warm-up: the service is storing, its memory has settled.
    const warm = startLoad({
      url: stack.broker.url,
      topicRoot: stack.topicRoot,
      space,
      count: WARM,
      perMessage: 1,
    });
    loads.push(warm);
    await warm.waitAcked(60_000);
    await waitFor(
      { what: `${WARM} warm-up readings stored`, timeoutMs: 60_000, intervalMs: 300 },
      async () => {
        const n = await countStoredExternal(stack.databaseUrl);
        return { done: n >= WARM, value: n, seen: `${n} stored` };
      },
    );
    const service = stack.service;
    let rssBefore = 0;
    for (let i = 0; i < 5; i++) {
      rssBefore = Math.max(rssBefore, (await service.rssBytes()) ?? 0);
      await sleep(200);
    }

    const rss = sampleEvery(200, async () => service.rssBytes());
    const pending = sampleEvery(500, async () =>
      metricSum(await service.metrics(), 'twin_ingest_pending_bytes'),
    );
    const ready = sampleEvery(500, () => service.readyz());
    const health = sampleEvery(1_000, () => service.healthz());

    // The outage: PostgreSQL down while ≥ 200 MB of gateway messages are published.
    const outageStart = Date.now();
    await stack.pg.stop();
    const outageLoad = startLoad({
      url: stack.broker.url,
      topicRoot: stack.topicRoot,
      space,
      first: WARM,
      count: OUTAGE,
      perMessage: PER_MESSAGE,
      messageBytes: MESSAGE_BYTES,
      published: warm.published,
      acked: warm.acked,
    });
    loads.push(outageLoad);
    await outageLoad.waitAcked(180_000);
    const outageBytes = outageLoad.stats.bytes;
    const minOutage = outageStart + 10_000;
    if (Date.now() < minOutage) await sleep(minOutage - Date.now());
    const aliveDuringOutage = service.running();
    await stack.pg.start();
    const outageEnd = Date.now();

    // Back: ready again within ~30 s.
    let readyAfterMs: number | null = null;
    if (service.running()) {
      readyAfterMs = await waitFor(
        { what: '/readyz 200 after PostgreSQL is back', timeoutMs: 30_000, intervalMs: 250 },
        async () => {
          const r = await service.readyz();
          return {
            done: r.status === 200,
            value: Date.now() - outageEnd,
            seen: `${r.status} ${JSON.stringify(r.body)}`,
          };
        },
      ).catch((err: Error) => {
        // Asserted below (readyAfterMs not null); the message says what /readyz answered last.
        console.error(err.message);
        return null;
      });
    }
    const rssSamples = await rss.stop();
    const pendingSamples = await pending.stop();
    const readySamples = await ready.stop();
    const healthSamples = await health.stop();

    // A crashed service is restarted so that what it lost can still be counted.
    const crashed = !aliveDuringOutage || !service.running();
    const crashOutput = crashed ? describeExit(service) : '';
    if (crashed) await stack.restartService();

    const total = WARM + OUTAGE;
    const last = await waitStored(stack.databaseUrl, total);
    const result = await readStoredExternal(stack.databaseUrl, space);
    const cmp = compare(space, warm.published, warm.acked, result.stored);
    const metrics = await stack.service.metrics().catch(() => new Map<string, number>());
    const rejected = metricSum(metrics, 'twin_messages_rejected_total');

    const during = (s: { at: number }) => s.at >= outageStart + 3_000 && s.at < outageEnd;
    const peakRss = Math.max(0, ...rssSamples.map((s) => s.value ?? 0));
    const pendingValues = pendingSamples
      .filter((s) => s.value !== null && s.value !== undefined)
      .map((s) => s.value!);
    const peakPending = pendingValues.length > 0 ? Math.max(...pendingValues) : undefined;
    const readyDuring = readySamples.filter(during);
    const badReady = readyDuring.filter((s) => {
      const r = s.value as HttpAnswer<ReadyBody> | null;
      return !(
        r &&
        r.status === 503 &&
        r.body?.storage?.ok === false &&
        typeof r.body.storage.reason === 'string' &&
        /database|postgres/i.test(r.body.storage.reason)
      );
    });
    const healthDuring = healthSamples.filter(during);
    const badHealth = healthDuring.filter((s) => s.value?.status !== 200);
    const fmt = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
    console.info(
      [
        `postgres outage: ${((outageEnd - outageStart) / 1000).toFixed(1)} s, ${fmt(outageBytes)} published during it in ${outageLoad.stats.messages} messages`,
        `process alive during outage: ${aliveDuringOutage}, crashed: ${crashed}`,
        `RSS before ${fmt(rssBefore)}, peak during outage and recovery ${fmt(peakRss)} (limit ${fmt(rssBefore + RSS_HEADROOM)})`,
        `twin_ingest_pending_bytes peak: ${peakPending === undefined ? 'metric not exposed' : fmt(peakPending)}`,
        `/readyz during outage: ${readyDuring.length} samples, ${badReady.length} not (503 + storage.ok=false + reason); example ${JSON.stringify(readyDuring[readyDuring.length >> 1]?.value ?? readyDuring[0]?.error ?? null)}`,
        `/healthz during outage: ${healthDuring.length} samples, ${badHealth.length} not 200`,
        `ready again ${readyAfterMs === null ? 'never (within 30 s)' : `${readyAfterMs} ms`} after PostgreSQL was back`,
        `stored: ${cmp.summary}; rows ${result.total}, distinct ${result.distinct}, last count ${last}`,
        `dead letters ${result.deadLetters} ${JSON.stringify(result.deadLetterReasons)}, twin_messages_rejected_total ${rejected}`,
      ].join('\n  '),
    );

    expect
      .soft(crashed ? crashOutput : 'stayed up', 'the process stays up through the outage')
      .toBe('stayed up');
    expect
      .soft(badHealth.length, `/healthz answers 200 during the outage (${healthDuring.length} samples)`)
      .toBe(0);
    expect.soft(healthDuring.length, 'healthz was sampled during the outage').toBeGreaterThan(0);
    expect
      .soft(
        badReady.length,
        `/readyz during the outage must be 503 with storage.ok=false and a reason naming the database; e.g. ${JSON.stringify(badReady[0]?.value ?? badReady[0]?.error)}`,
      )
      .toBe(0);
    expect.soft(readyDuring.length, 'readyz was sampled during the outage').toBeGreaterThan(0);
    expect.soft(outageBytes, 'published at least 200 MB during the outage').toBeGreaterThanOrEqual(200 * MiB);
    expect
      .soft(peakRss, `peak RSS ${fmt(peakRss)} < RSS before ${fmt(rssBefore)} + 200 MiB`)
      .toBeLessThan(rssBefore + RSS_HEADROOM);
    expect.soft(peakPending, 'twin_ingest_pending_bytes is exposed on /metrics').toBeDefined();
    if (peakPending !== undefined)
      expect
        .soft(peakPending, 'pending bytes stay under the cap plus one maximum message')
        .toBeLessThanOrEqual(PENDING_CAP + MAX_MESSAGE);
    expect.soft(readyAfterMs, '/readyz back to 200 within 30 s').not.toBeNull();
    expect.soft(cmp.lostAcked.length, `acknowledged readings lost: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.missing.length, `published readings not stored: ${cmp.summary}`).toBe(0);
    expect.soft(result.total, 'no duplicates').toBe(result.distinct);
    expect
      .soft(result.deadLetters, `no dead letters for good data: ${JSON.stringify(result.deadLetterReasons)}`)
      .toBe(0);
    expect.soft(rejected, 'twin_messages_rejected_total').toBe(0);
  });

  it('connections terminated 5× under load: the process survives, nothing lost or dead-lettered', async () => {
    const stack = await startExternalStack('pgterm');
    stacks.push(stack);
    onTestFailed(async () => {
      console.error(await stack.diagnostics());
    });
    const READINGS = 40_000;
    const space = keySpace(READINGS);
    const load = startLoad({
      url: stack.broker.url,
      topicRoot: stack.topicRoot,
      space,
      count: READINGS,
      rate: 4_000,
    });
    loads.push(load);
    const service = stack.service;
    await waitFor({ what: 'the service storing readings', timeoutMs: 60_000, intervalMs: 200 }, async () => {
      const n = await countStoredExternal(stack.databaseUrl);
      return { done: n > 0, value: n, seen: `${n} stored` };
    });
    const terminated: number[] = [];
    const aliveAfter: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      terminated.push(await stack.pg.terminateConnections(stack.dbName));
      await sleep(1_000);
      aliveAfter.push(service.running());
    }
    await load.waitAcked(120_000);
    await sleep(2_000);
    const alive = service.running();
    const crashOutput = alive ? '' : describeExit(service);
    if (!alive) await stack.restartService();

    const last = await waitStored(stack.databaseUrl, READINGS);
    const result = await readStoredExternal(stack.databaseUrl, space);
    const cmp = compare(space, load.published, load.acked, result.stored);
    const rejected = metricSum(
      await stack.service.metrics().catch(() => new Map<string, number>()),
      'twin_messages_rejected_total',
    );
    console.info(
      [
        `terminate connections: backends terminated per round ${JSON.stringify(terminated)}, alive after each round ${JSON.stringify(aliveAfter)}, alive at the end ${alive}`,
        `stored: ${cmp.summary}; rows ${result.total}, distinct ${result.distinct}, last count ${last}`,
        `dead letters ${result.deadLetters} ${JSON.stringify(result.deadLetterReasons)}, twin_messages_rejected_total ${rejected}`,
      ].join('\n  '),
    );
    expect
      .soft(alive ? 'stayed up' : crashOutput, 'the process survives terminated connections')
      .toBe('stayed up');
    expect
      .soft(
        terminated.reduce((a, b) => a + b, 0),
        'connections were terminated',
      )
      .toBeGreaterThan(0);
    expect.soft(cmp.lostAcked.length, `acknowledged readings lost: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.missing.length, `published readings not stored: ${cmp.summary}`).toBe(0);
    expect.soft(result.total, 'no duplicates').toBe(result.distinct);
    expect
      .soft(result.deadLetters, `no dead letters for good data: ${JSON.stringify(result.deadLetterReasons)}`)
      .toBe(0);
    expect.soft(rejected, 'twin_messages_rejected_total').toBe(0);
  });
});
