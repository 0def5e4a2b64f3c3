/**
 * One measured run of each case: the publisher (a child process) against the service, or against a bare
 * broker with a counting or naive subscriber (another child process). Returns readings per second and
 * the latencies; the orchestrator (ingest-bench.ts) only sequences runs and summarises.
 */
import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import { startChild } from './child.js';
import type { PublishCommand, PublishResult } from './publisher.js';
import type { BenchService } from './service.js';
import type { SinkCommand } from './sink.js';
import { percentile } from './stats.js';
import type { Shape, Workload } from './workload.js';

export interface RunSettings {
  sensors: number;
  perMessage: number;
  inFlight: Record<Shape, number>;
  connections: number;
  /** Period of the committed-readings poll (BenchService.readingsStored). */
  pollMs: number;
  /** A service run with no commit for this long is reported as stalled. */
  stallMs: number;
}

/** The service stopped committing mid-run (reported, the stack's remaining runs are skipped). */
export class StalledError extends Error {}

export interface RunResult {
  readings: number;
  /** Readings acknowledged to the publisher (by the service, or by the broker for external/baselines). */
  acked: number;
  tag: string;
  readingsPerS: number;
  /** Publish → PUBACK at the publisher, ms. */
  ackP50: number;
  ackP99: number;
  /** Publish → counted as committed (service runs; polled, so ± pollMs). */
  storedP50: number | null;
  storedP99: number | null;
  /** Naive: rows its table holds at the end. */
  rows: number | null;
}

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Letters and digits only: the tag is a sensor id's first part. */
export const newTag = (prefix: string) => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 6)}`;

async function publish(
  url: string,
  workload: Workload,
  s: RunSettings,
  during?: () => Promise<void>,
): Promise<PublishResult> {
  const pub = startChild('publisher.ts');
  try {
    await pub.next('ready');
    const cmd: PublishCommand = {
      type: 'run',
      url,
      workload,
      inFlight: s.inFlight[workload.shape],
      connections: s.connections,
    };
    pub.send(cmd as never);
    const [result] = await Promise.all([pub.next<PublishResult>('done'), during?.()]);
    // (Promise.all rejects as soon as `during` does: a stalled service does not hang the bench.)
    if (result.failed > 0) throw new Error(`${result.failed} publishes failed`);
    return result;
  } finally {
    await pub.stop();
  }
}

function workloadOf(
  shape: Shape,
  readings: number,
  topicRoot: string,
  tag: string,
  s: RunSettings,
): Workload {
  return {
    topicRoot,
    shape,
    readings,
    perMessage: shape === 'single' ? 1 : s.perMessage,
    sensors: s.sensors,
    tag,
  };
}

/**
 * The service: readings per second from the first publish until all are committed. With the embedded
 * broker a PUBACK is sent after the commit, so the last PUBACK ends the run; an external broker acks the
 * publisher itself, so there the run ends when twin_readings_stored_total has counted every reading.
 */
export async function serviceRun(
  service: BenchService,
  external: boolean,
  topicRoot: string,
  shape: Shape,
  readings: number,
  s: RunSettings,
): Promise<RunResult> {
  const tag = newTag(shape === 'single' ? 's' : 'g');
  const workload = workloadOf(shape, readings, topicRoot, tag, s);
  const before = await service.readingsStored();
  const samples: { at: number; stored: number }[] = [];
  const poll = async () => {
    let progressAt = Date.now();
    for (;;) {
      const stored = (await service.readingsStored()) - before;
      if (stored > (samples.at(-1)?.stored ?? 0)) progressAt = Date.now();
      samples.push({ at: wall(), stored });
      if (stored >= readings) return;
      // NOTE: a stalled writer would otherwise hang the bench; say what was seen instead.
      if (Date.now() - progressAt > s.stallMs)
        throw new StalledError(
          `${shape} run stalled: ${stored} of ${readings} readings stored, none for ${s.stallMs / 1000} s ` +
            `(pending messages: ${await service.metric('twin_messages_pending')})`,
        );
      await sleep(s.pollMs);
    }
  };
  const result = await publish(service.mqttUrl, workload, s, poll);
  const storedAt = (count: number) => samples.find((x) => x.stored >= count)?.at ?? Number.NaN;
  const end = external ? storedAt(readings) : result.lastAckAt;
  // NOTE: one publisher connection, one ingest subscription, one writer: readings commit in publish
  // order, so message i is stored once the counter reaches the readings up to and including it.
  const perMessage = workload.perMessage;
  let k = 0;
  const storedMs = result.sentAt.map((sent, i) => {
    while (k < samples.length - 1 && samples[k]!.stored < (i + 1) * perMessage) k++;
    return samples[k]!.at - (result.startedAt + sent);
  });
  return {
    readings,
    acked: result.acked * perMessage,
    tag,
    readingsPerS: readings / ((end - result.startedAt) / 1000),
    ackP50: percentile(result.ackMs, 50),
    ackP99: percentile(result.ackMs, 99),
    storedP50: percentile(storedMs, 50),
    storedP99: percentile(storedMs, 99),
    rows: null,
  };
}

/**
 * A bare broker and a subscriber in a process of its own: `count` (pass-through) or `naive` (one INSERT
 * per message, acked after it). Ends when the subscriber has handled the last message.
 */
export async function baselineRun(
  mode: 'count' | 'naive',
  brokerUrl: string,
  protocolVersion: 4 | 5,
  shape: Shape,
  readings: number,
  s: RunSettings,
  naiveDatabaseUrl: string | null,
): Promise<RunResult> {
  const topicRoot = newTag('b');
  const tag = newTag(mode === 'naive' ? 'n' : 'p');
  const workload = workloadOf(shape, readings, topicRoot, tag, s);
  const messages = Math.ceil(readings / workload.perMessage);
  const sink = startChild('sink.ts');
  try {
    await sink.next('ready');
    const cmd: SinkCommand = {
      type: 'run',
      mode,
      url: brokerUrl,
      filter: topics.all(topicRoot),
      expected: messages,
      protocolVersion,
      databaseUrl: naiveDatabaseUrl,
    };
    sink.send(cmd as never);
    await sink.next('subscribed', 60_000);
    const result = await publish(brokerUrl, workload, s);
    const done = await sink.next<{ type: 'done'; count: number; lastAt: number; rows: number | null }>(
      'done',
    );
    const end = Math.max(done.lastAt, result.lastAckAt);
    return {
      readings,
      acked: result.acked * workload.perMessage,
      tag,
      readingsPerS: readings / ((end - result.startedAt) / 1000),
      ackP50: percentile(result.ackMs, 50),
      ackP99: percentile(result.ackMs, 99),
      storedP50: null,
      storedP99: null,
      rows: done.rows,
    };
  } finally {
    await sink.stop();
  }
}
