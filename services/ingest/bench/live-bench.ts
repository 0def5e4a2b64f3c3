/**
 * `pnpm bench:live`: how fresh the wall is under load. The service runs as `pnpm start` runs it (embedded
 * stack) while a publisher process streams readings (default 100 gateway messages/s × 100 readings =
 * 10,000 readings/s) and another publishes new incidents (5/s); 20 WebSocket clients on /api/v1/live
 * measure, per client, publish → the first message carrying the incident, and the age of readings when they
 * arrive (protocol v2 sends what each read of the change log holds at once, readings merged per sensor
 * within a read). Prints one JSON line.
 *
 *   npx pnpm@10.34.9 bench:live
 *
 * Env: BENCH_LIVE_SECONDS (30, measured after BENCH_LIVE_WARMUP_SECONDS 5), BENCH_LIVE_CLIENTS (20),
 * BENCH_LIVE_GATEWAY_MSGS_PER_S (100), BENCH_READINGS_PER_MESSAGE (100), BENCH_SENSORS (2000),
 * BENCH_LIVE_INCIDENTS_PER_S (5), BENCH_CPU_PROF (folder: the service runs under --cpu-prof).
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { newTag } from './cases.js';
import { type BenchChild, startChild } from './child.js';
import { agePercentile, LiveClient } from './live-client.js';
import { startService } from './service.js';
import { envInt, int, percentile } from './stats.js';
import type { StreamCommand } from './stream-publisher.js';

const SECONDS = envInt('BENCH_LIVE_SECONDS', 30);
const WARMUP = envInt('BENCH_LIVE_WARMUP_SECONDS', 5);
const CLIENTS = envInt('BENCH_LIVE_CLIENTS', 20);
const GATEWAY_PER_S = envInt('BENCH_LIVE_GATEWAY_MSGS_PER_S', 100);
const PER_MESSAGE = envInt('BENCH_READINGS_PER_MESSAGE', 100);
const SENSORS = envInt('BENCH_SENSORS', 2000);
const INCIDENTS_PER_S = envInt('BENCH_LIVE_INCIDENTS_PER_S', 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Finished {
  type: 'finished';
  messages: number;
  readings: number;
  seconds: number;
  behind: number;
}

async function startStream(cmd: Omit<StreamCommand, 'type'>): Promise<BenchChild> {
  const child = startChild('stream-publisher.ts');
  await child.next('ready');
  child.send({ type: 'start', ...cmd });
  await child.next('started');
  return child;
}

const topicRoot = newTag('live');
const service = await startService({
  databaseUrl: null,
  mqttUrl: null,
  topicRoot,
  cpuProfDir: process.env.BENCH_CPU_PROF || null,
});
const children: BenchChild[] = [];
let clients: LiveClient[] = [];
try {
  const wsUrl = `${service.url.replace(/^http/, 'ws')}/api/v1/live`;
  clients = Array.from({ length: CLIENTS }, () => new LiveClient(wsUrl, service.adminToken));
  await Promise.all(clients.map((c) => c.ready));
  const readings = await startStream({
    url: service.mqttUrl,
    mode: 'readings',
    topicRoot,
    messagesPerS: GATEWAY_PER_S,
    perMessage: PER_MESSAGE,
    sensors: SENSORS,
    inFlight: 200,
  });
  children.push(readings);
  const incidents = await startStream({
    url: service.mqttUrl,
    mode: 'incidents',
    topicRoot,
    messagesPerS: INCIDENTS_PER_S,
    perMessage: 1,
    sensors: 1,
    inFlight: 50,
  });
  children.push(incidents);
  await sleep(WARMUP * 1000);
  for (const c of clients) c.recording = true;
  // The clients share this process: a stall of its event loop delays every client's receipt and would be
  // counted as the service's latency. Printed, so that a run whose measuring side stalled can be told.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const before = await service.metric('twin_readings_stored_total');
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const stored = (await service.metric('twin_readings_stored_total')) - before;
  const storedPerS = stored / ((performance.now() - t0) / 1000);
  // Incidents published in the last second may still be on their way: give them time to arrive.
  for (const c of children) c.send({ type: 'finish' });
  const [r, i] = await Promise.all(children.map((c) => c.next<Finished>('finished')));
  await sleep(2000);
  for (const c of clients) c.recording = false;
  loopDelay.disable();

  const incidentMs = clients.flatMap((c) => [...c.samples.incidentMs.values()]);
  const ages = clients.map((c) => c.samples.readingAges);
  const ageCount = ages.reduce((n, h) => n + h.count, 0);
  const seen = clients.map((c) => c.samples.incidentMs.size);
  const result = {
    stack: 'embedded',
    incident_p50_ms: Math.round(percentile(incidentMs, 50)),
    incident_p99_ms: Math.round(percentile(incidentMs, 99)),
    readings_age_p50_ms: Math.round(agePercentile(ages, 50)),
    readings_age_p99_ms: Math.round(agePercentile(ages, 99)),
    clients: clients.filter((c) => !c.samples.closed).length,
    readings_per_s: Math.round(storedPerS),
  };
  process.stdout.write(
    [
      `live bench, embedded stack: ${CLIENTS} clients, ${SECONDS} s measured after ${WARMUP} s warm-up`,
      `  readings offered ${int(r!.readings / r!.seconds)}/s (${GATEWAY_PER_S} msgs/s × ${PER_MESSAGE}; ${int(r!.behind)} msgs not sent: window full), stored ${int(storedPerS)}/s while measuring`,
      `  incidents published ${int(i!.messages)} (${INCIDENTS_PER_S}/s); seen per client min ${Math.min(...seen)} max ${Math.max(...seen)}; ${int(incidentMs.length)} samples`,
      `  publish → incidents delta: p50 ${int(result.incident_p50_ms)} ms, p99 ${int(result.incident_p99_ms)} ms (protocol v2: sent as soon as the change log is read)`,
      `  readings age at arrival: p50 ${int(result.readings_age_p50_ms)} ms, p99 ${int(result.readings_age_p99_ms)} ms over ${int(ageCount)} values (v2: per sensor, newest value of the changes read together)`,
      `  this process's event-loop delay (the clients' side) while measuring: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
      `  messages with an unknown protocol version: ${clients.reduce((n, c) => n + c.samples.unknownVersion, 0)}`,
      JSON.stringify(result),
    ].join('\n') + '\n',
  );
} finally {
  for (const c of clients) c.close();
  for (const c of children) await c.stop();
  await service.stop();
  await service.removeData();
}
process.exit(0);
