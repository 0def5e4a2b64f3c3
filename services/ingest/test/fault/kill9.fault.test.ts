/**
 * kill -9 of the service, three times mid-stream, restarted each time with the same environment: every
 * reading the publisher got a PUBACK for must be stored, exactly once.
 *
 * External stack: a persistent Mosquitto session holds what the service had not taken yet; the service may
 * only PUBACK (to Mosquitto) what it committed, else the broker forgets messages the database never got.
 * Embedded stack: the broker lives in the killed process, so the publisher's own PUBACKs are at stake.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeWith,
  freePort,
  metricSum,
  type ServiceOptions,
  type ServiceProcess,
  sleep,
  startService,
  waitFor,
} from '@twin/test-kit';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { type ExternalStack, startExternalStack } from './external-stack.js';
import { type Load, startLoad } from './load-publisher.js';
import { compare, keySpace } from './reading-keys.js';
import { countStoredExternal, readStoredEmbedded, readStoredExternal } from './stored-readings.js';

const READINGS = 20_000;
/** Kill when the publisher has this share of the stream acknowledged (and the service is taking messages). */
const KILL_AT = [0.2, 0.45, 0.7];
const PUBLISH_RATE = 4_000;

/**
 * Waits until the service took at least one message since it started, so the kill hits a working service
 * (right after a restart it drains what the broker queued meanwhile: the most messages in flight). Returns
 * false when nothing arrived within 20 s: the kill happens anyway, the final comparison tells what was lost.
 */
async function waitReceiving(service: ServiceProcess): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const received = await service
      .metrics()
      .then((m) => metricSum(m, 'twin_messages_received_total') ?? 0)
      .catch(() => 0);
    if (received > 0) return true;
    await sleep(50);
  }
  return false;
}

interface KillLog {
  at: number;
  publisherAcked: number;
  serviceReceived: number | undefined;
  receiving: boolean;
  exit: string;
}

async function killThreeTimes(
  load: Load,
  current: () => ServiceProcess,
  restart: () => Promise<ServiceProcess>,
): Promise<KillLog[]> {
  const log: KillLog[] = [];
  for (const share of KILL_AT) {
    await waitFor(
      { what: `publisher acknowledged ≥ ${share * READINGS} readings`, timeoutMs: 180_000, intervalMs: 50 },
      async () => {
        const acked = load.ackedCount();
        return { done: acked >= share * READINGS, value: undefined, seen: `${acked} acknowledged` };
      },
    );
    const service = current();
    const receiving = await waitReceiving(service);
    // Kill while the service is busy: 0–250 ms after it started taking messages.
    await sleep(Math.floor(Math.random() * 250));
    const received = await service
      .metrics()
      .then((m) => metricSum(m, 'twin_messages_received_total'))
      .catch(() => undefined);
    const exit = await service.kill9();
    log.push({
      at: Date.now(),
      publisherAcked: load.ackedCount(),
      serviceReceived: received,
      receiving,
      exit: `${exit.code ?? exit.signal}`,
    });
    await restart();
  }
  return log;
}

describeWith(
  ['postgres', 'mosquitto'],
  'kill -9 ×3 mid-stream, external stack (Mosquitto + PostgreSQL)',
  () => {
    let stack: ExternalStack | undefined;
    let load: Load | undefined;

    afterAll(async () => {
      await load?.close();
      await stack?.destroy();
    });

    it(`stores every acknowledged reading of ${READINGS}, once`, async () => {
      stack = await startExternalStack('kill9');
      const s = stack;
      onTestFailed(async () => {
        console.error(await s.diagnostics());
      });
      const space = keySpace(READINGS);
      load = startLoad({
        url: s.broker.url,
        topicRoot: s.topicRoot,
        space,
        count: READINGS,
        rate: PUBLISH_RATE,
      });
      const kills = await killThreeTimes(
        load,
        () => s.service,
        () => s.restartService(),
      );
      console.info(`kill -9 external: kills ${JSON.stringify(kills)}`);

      await load.waitAcked(180_000);
      const stored = await waitStoredExternal(s.databaseUrl, READINGS);
      const result = await readStoredExternal(s.databaseUrl, space);
      const cmp = compare(space, load.published, load.acked, result.stored);
      console.info(
        `kill -9 external: ${cmp.summary}; rows ${result.total}, distinct ${result.distinct}, dead letters ${result.deadLetters}; publisher ${JSON.stringify(load.stats)}; last count ${stored}`,
      );
      expect.soft(cmp.published, 'every reading was published').toBe(READINGS);
      expect.soft(cmp.acked, 'Mosquitto acknowledged every publish').toBe(READINGS);
      expect.soft(cmp.lostAcked.length, `acknowledged readings lost: ${cmp.summary}`).toBe(0);
      expect.soft(cmp.missing.length, `published readings not stored: ${cmp.summary}`).toBe(0);
      expect.soft(cmp.unexpected.length + result.foreign, 'rows that were never published').toBe(0);
      expect.soft(result.total, 'count(*) = count(distinct key): no duplicates').toBe(result.distinct);
      expect
        .soft(
          result.deadLetters,
          `no dead letters for good data: ${JSON.stringify(result.deadLetterReasons)}`,
        )
        .toBe(0);
    });
  },
);

describe('kill -9 ×3 mid-stream, embedded stack (Aedes + PGlite in the process)', () => {
  let service: ServiceProcess | undefined;
  let load: Load | undefined;
  let dataDir = '';

  afterAll(async () => {
    await load?.close();
    if (service?.running()) await service.kill9();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`stores every reading the embedded broker acknowledged, and all ${READINGS} once all are acknowledged`, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'twin-fault-embedded-'));
    const id = Math.random().toString(36).slice(2, 10);
    const options: ServiceOptions = {
      dataDir,
      mqttPort: await freePort(),
      topicRoot: `fkill9emb${id}`,
      clientId: `fault-kill9-emb-${id}`,
    };
    onTestFailed(() => {
      console.error(`--- service output, last 3000 chars ---\n${service?.output().slice(-3000)}`);
    });
    service = await startService(options);
    const space = keySpace(READINGS);
    load = startLoad({
      url: service.mqttUrl,
      topicRoot: options.topicRoot,
      space,
      count: READINGS,
      rate: PUBLISH_RATE,
    });
    const l = load;
    const kills = await killThreeTimes(
      l,
      () => service!,
      async () => {
        service = await startService(options);
        return service;
      },
    );
    console.info(`kill -9 embedded: kills ${JSON.stringify(kills)}`);

    await l.waitAcked(180_000);
    // Let the last service take everything the broker still holds, then stop it cleanly to read its folder.
    await waitQuiet(service);
    const exit = await service.stop();
    expect.soft(exit.code, 'the service stops cleanly on SIGINT').toBe(0);
    const result = await readStoredEmbedded(dataDir, space);
    const cmp = compare(space, l.published, l.acked, result.stored);
    console.info(
      `kill -9 embedded: ${cmp.summary}; rows ${result.total}, distinct ${result.distinct}, dead letters ${result.deadLetters}; publisher ${JSON.stringify(l.stats)}`,
    );
    expect.soft(cmp.acked, 'every publish was eventually acknowledged').toBe(READINGS);
    expect.soft(cmp.lostAcked.length, `acknowledged readings lost: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.missing.length, `published readings not stored: ${cmp.summary}`).toBe(0);
    expect.soft(cmp.unexpected.length + result.foreign, 'rows that were never published').toBe(0);
    expect.soft(result.total, 'count(*) = count(distinct key): no duplicates').toBe(result.distinct);
    expect
      .soft(result.deadLetters, `no dead letters for good data: ${JSON.stringify(result.deadLetterReasons)}`)
      .toBe(0);
  });
});

/**
 * Polls the stored count until it reaches `expected`, or has not grown for 20 s (the assertions then report
 * the shortfall). Returns the last count.
 */
async function waitStoredExternal(databaseUrl: string, expected: number): Promise<number> {
  let last = -1;
  let lastChange = Date.now();
  return waitFor(
    { what: `${expected} readings stored (or no progress for 20 s)`, timeoutMs: 240_000, intervalMs: 500 },
    async () => {
      const n = await countStoredExternal(databaseUrl);
      if (n !== last) {
        last = n;
        lastChange = Date.now();
      }
      return { done: n >= expected || Date.now() - lastChange > 20_000, value: n, seen: `${n} stored` };
    },
  );
}

/** Waits until the service's received counter has not moved for 3 s and nothing is queued for writing. */
async function waitQuiet(service: ServiceProcess): Promise<void> {
  let last = -1;
  let since = Date.now();
  await waitFor(
    { what: 'the service idle (received count steady for 3 s, queue empty)', timeoutMs: 180_000 },
    async () => {
      const m = await service.metrics();
      const received = metricSum(m, 'twin_messages_received_total') ?? 0;
      const queued = metricSum(m, 'twin_messages_pending') ?? metricSum(m, 'twin_ingest_queue_records') ?? 0;
      if (received !== last) {
        last = received;
        since = Date.now();
      }
      return {
        done: queued === 0 && Date.now() - since > 3_000,
        value: undefined,
        seen: `received ${received}, queued ${queued}`,
      };
    },
  );
}
