/**
 * Turns one MQTT message into queued records and/or a dead letter. Decoding is the pure domain function;
 * this adds the per-sensor sequence accounting and the hand-off to the batch writer.
 */
import { decodeMessage, type IngestRecord, parseTopic } from '@twin/domain';
import type { BatchWriter } from './batch-writer.js';
import type { IngestMetrics } from './counters.js';
import { type DeadLetter, deadLetter } from './prepare-batch.js';
import { SequenceTracker } from './sequence-tracker.js';

export interface MessageHandlerOptions {
  topicRoot: string;
  maxPayloadBytes: number;
  writer: BatchWriter;
  metrics: IngestMetrics;
  now?: () => number;
}

export function createMessageHandler(opts: MessageHandlerOptions) {
  const sequences = new SequenceTracker();
  const now = opts.now ?? Date.now;
  return function handle(topic: string, payload: Uint8Array): Promise<void> {
    const kind = parseTopic(opts.topicRoot, topic)?.kind ?? 'unknown';
    opts.metrics.messagesReceived.inc({ kind });
    const { records, errors } = decodeMessage(topic, payload, {
      topicRoot: opts.topicRoot,
      maxPayloadBytes: opts.maxPayloadBytes,
      now: now(),
    });
    let gaps = 0;
    for (const r of records)
      if (r.kind === 'reading' && r.seq !== undefined) gaps += sequences.observe(r.sensorId, r.seq);
    if (gaps > 0) opts.metrics.seqGaps.inc(gaps);
    const letters: DeadLetter[] = [];
    if (errors.length > 0) {
      opts.metrics.messagesRejected.inc();
      letters.push(deadLetter(topic, errors.slice(0, 5).join('; '), payload));
    }
    return opts.writer.enqueue(
      records.map((record: IngestRecord) => ({ record, topic, payload })),
      letters,
    );
  };
}
