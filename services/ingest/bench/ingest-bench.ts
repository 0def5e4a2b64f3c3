/**
 * Ingest benchmark: how fast readings published over MQTT are committed to the database, side by side with
 * the broker's own pass-through (a plain subscriber that only counts the same messages) in the same run.
 * Prints medians over runs and the ratio stored/pass-through. A script that prints figures, not a test.
 *
 *   npx tsx services/ingest/bench/ingest-bench.ts                     # embedded stack (Aedes + PGlite)
 *   DATABASE_URL=… MQTT_URL=… npx tsx services/ingest/bench/ingest-bench.ts   # adds the external stack
 *
 * Options (env): BENCH_RUNS (3), BENCH_MESSAGES (400), BENCH_READINGS_PER_MESSAGE (100), BENCH_SENSORS (2000).
 */
import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import mqtt from 'mqtt';
import { connectPublisher, startStack, targets } from '../test/harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const PER_MESSAGE = Number(process.env.BENCH_READINGS_PER_MESSAGE ?? 100);
const SENSORS = Number(process.env.BENCH_SENSORS ?? 2000);

async function storedReadings(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/twin_readings_stored_total (\d+)/.exec(text)?.[1] ?? 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function runOnce(target: ReturnType<typeof targets>[number]) {
  const stack = await startStack(target);
  try {
    const base = stack.runtime.url;
    // The baseline: a subscriber on the same broker that only counts the messages.
    const counter = mqtt.connect(stack.runtime.mqttUrl, {
      clientId: `bench-count-${randomUUID().slice(0, 8)}`,
    });
    await new Promise<void>((r) => counter.once('connect', () => r()));
    await counter.subscribeAsync(topics.all(stack.topicRoot), { qos: 1 });
    let counted = 0;
    let passThroughDone = 0;
    counter.on('message', () => {
      counted++;
      if (counted === MESSAGES) passThroughDone = performance.now();
    });

    const pub = await connectPublisher(stack.runtime.mqttUrl);
    const t0 = Date.now() - 3600_000;
    const payloads = Array.from({ length: MESSAGES }, (_, m) =>
      JSON.stringify(
        Array.from({ length: PER_MESSAGE }, (_, i) => {
          const n = m * PER_MESSAGE + i;
          return {
            sensorId: `bench-${n % SENSORS}`,
            ts: t0 + Math.floor(n / SENSORS) * 1000,
            values: { v: n },
          };
        }),
      ),
    );
    const before = await storedReadings(base);
    const start = performance.now();
    // NOTE: bounded in-flight publishing (QoS 1) so the publisher is not the bottleneck nor the broker's queue.
    const inflight = new Set<Promise<unknown>>();
    for (const payload of payloads) {
      const p = pub.publishAsync(topics.gatewayData(stack.topicRoot, 'bench-gw'), payload, { qos: 1 });
      inflight.add(p);
      p.finally(() => inflight.delete(p));
      if (inflight.size >= 100) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const expected = before + MESSAGES * PER_MESSAGE;
    while ((await storedReadings(base)) < expected) await new Promise((r) => setTimeout(r, 20));
    const storedDone = performance.now();
    while (counted < MESSAGES) await new Promise((r) => setTimeout(r, 5));
    await pub.endAsync();
    await counter.endAsync();
    const readings = MESSAGES * PER_MESSAGE;
    return {
      storedPerS: readings / ((storedDone - start) / 1000),
      passThroughPerS: readings / (((passThroughDone || storedDone) - start) / 1000),
    };
  } finally {
    await stack.destroy();
  }
}

for (const target of targets()) {
  const stored: number[] = [];
  const pass: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await runOnce(target);
    stored.push(r.storedPerS);
    pass.push(r.passThroughPerS);
  }
  const ms = median(stored);
  const mp = median(pass);
  console.log(
    `${target.name.padEnd(9)} ${MESSAGES} msgs × ${PER_MESSAGE} readings, ${RUNS} runs: ` +
      `stored ${Math.round(ms).toLocaleString('en-US')} readings/s (median), ` +
      `broker pass-through ${Math.round(mp).toLocaleString('en-US')} readings/s, ratio ${(ms / mp).toFixed(2)}`,
  );
}
process.exit(0);
