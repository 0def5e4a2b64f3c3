/**
 * Ingest benchmark: how fast readings published over MQTT are committed to the database — and acknowledged,
 * since a message is acknowledged only after its commit — side by side with a broker pass-through baseline
 * in the same run. Prints medians and spread over runs and the ratio stored / pass-through. A script that
 * prints figures, not a test.
 *
 *   npx pnpm@10.34.9 bench:ingest                                    # embedded stack (Aedes + PGlite)
 *   DATABASE_URL=… MQTT_URL=… npx pnpm@10.34.9 bench:ingest          # adds the external stack
 *
 * Baseline: on the external stack, a plain subscriber on the same broker counting the same messages. The
 * embedded broker lets nobody subscribe to the whole tree, so there the baseline is a plain Aedes in the same
 * process with the same publisher and a counting subscriber.
 *
 * Options (env): BENCH_RUNS (5), BENCH_MESSAGES (2000), BENCH_READINGS_PER_MESSAGE (100), BENCH_SENSORS
 * (2000), BENCH_IN_FLIGHT (100), BENCH_FLUSH_INTERVAL_MS (the service's default). Runs are ≥ 200,000
 * readings by default so start-up is noise.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { topics } from '@twin/domain';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { defaultFlushIntervalMs } from '../src/config.js';
import { connectPublisher, startStack, type Target, targets } from '../test/harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const PER_MESSAGE = Number(process.env.BENCH_READINGS_PER_MESSAGE ?? 100);
const SENSORS = Number(process.env.BENCH_SENSORS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 100);
/** The service's own default for the stack unless set (the test harness otherwise uses 20 ms). */
const flushIntervalMs = (target: Target) =>
  process.env.BENCH_FLUSH_INTERVAL_MS ??
  String(defaultFlushIntervalMs({ flushIntervalMs: null, mqttUrl: target.mqttUrl }));
const READINGS = MESSAGES * PER_MESSAGE;

function payloads(root: string): { topic: string; body: string }[] {
  const t0 = Date.now() - 3600_000;
  return Array.from({ length: MESSAGES }, (_, m) => {
    const items = Array.from({ length: PER_MESSAGE }, (_, i) => {
      const n = m * PER_MESSAGE + i;
      return { sensorId: `bench-${n % SENSORS}`, ts: t0 + Math.floor(n / SENSORS) * 1000, values: { v: n } };
    });
    return PER_MESSAGE === 1
      ? {
          topic: topics.sensorData(root, items[0]!.sensorId),
          body: JSON.stringify({ ts: items[0]!.ts, values: items[0]!.values }),
        }
      : { topic: topics.gatewayData(root, 'bench-gw'), body: JSON.stringify(items) };
  });
}

/** Publishes everything at QoS 1 with a bounded number in flight; resolves when the last PUBACK came. */
async function publishAll(pub: MqttClient, messages: { topic: string; body: string }[]): Promise<void> {
  const inflight = new Set<Promise<unknown>>();
  for (const { topic, body } of messages) {
    const p = pub.publishAsync(topic, body, { qos: 1 });
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    if (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
  }
  await Promise.all(inflight);
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

/** Readings per second from publishing the first message until every reading is committed. */
async function storedRate(target: Target): Promise<number> {
  const stack = await startStack(target, { env: { FLUSH_INTERVAL_MS: flushIntervalMs(target) } });
  try {
    const base = stack.runtime.url;
    const pub = await connectPublisher(stack);
    const messages = payloads(stack.topicRoot);
    const before = await metric(base, 'twin_readings_stored_total');
    const start = performance.now();
    await publishAll(pub, messages);
    while ((await metric(base, 'twin_readings_stored_total')) < before + READINGS)
      await new Promise((r) => setTimeout(r, 10));
    const seconds = (performance.now() - start) / 1000;
    await pub.endAsync();
    return READINGS / seconds;
  } finally {
    await stack.destroy();
  }
}

/** The same publisher and messages through a broker to a subscriber that only counts them. */
async function passThroughRate(target: Target): Promise<number> {
  let url = target.mqttUrl;
  let closeBroker = async () => {};
  if (!url) {
    const aedes = await Aedes.createBroker();
    const server = createServer(aedes.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
    closeBroker = async () => {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    };
  }
  try {
    const root = `bench${randomUUID().slice(0, 8)}`;
    const counter = await mqtt.connectAsync(url, { clientId: `bench-count-${randomUUID().slice(0, 8)}` });
    await counter.subscribeAsync(topics.all(root), { qos: 1 });
    let counted = 0;
    let done: () => void = () => {};
    const all = new Promise<void>((r) => {
      done = r;
    });
    counter.on('message', () => {
      if (++counted === MESSAGES) done();
    });
    const pub = await mqtt.connectAsync(url, { clientId: `bench-pub-${randomUUID().slice(0, 8)}` });
    const start = performance.now();
    await publishAll(pub, payloads(root));
    await all;
    const seconds = (performance.now() - start) / 1000;
    await pub.endAsync();
    await counter.endAsync();
    return READINGS / seconds;
  } finally {
    await closeBroker();
  }
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return `${fmt(median)} (min ${fmt(sorted[0]!)}, max ${fmt(sorted[sorted.length - 1]!)})`;
}

for (const target of targets()) {
  const stored: number[] = [];
  const pass: number[] = [];
  const ratios: number[] = [];
  // NOTE: alternated in each run, so drift on a shared machine hits both sides alike.
  for (let run = 0; run < RUNS; run++) {
    const s = await storedRate(target);
    const p = await passThroughRate(target);
    stored.push(s);
    pass.push(p);
    ratios.push(s / p);
  }
  const sortedRatios = [...ratios].sort((a, b) => a - b);
  console.log(
    `${target.name}: ${MESSAGES.toLocaleString('en-US')} msgs × ${PER_MESSAGE} readings, ${RUNS} runs, ${IN_FLIGHT} in flight\n` +
      `  stored (acknowledged after commit): ${summary(stored)} readings/s\n` +
      `  broker pass-through:                ${summary(pass)} readings/s\n` +
      `  ratio (median of runs): ${sortedRatios[Math.floor(RUNS / 2)]!.toFixed(2)} ` +
      `(min ${sortedRatios[0]!.toFixed(2)}, max ${sortedRatios[RUNS - 1]!.toFixed(2)})`,
  );
}
process.exit(0);
