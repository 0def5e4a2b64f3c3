/**
 * Turns one MQTT message into a submission to the batch writer, whichever way it arrived (the embedded
 * broker's hook or an MQTT subscription). Decoding is the pure domain function; this adds the message
 * accounting (the per-sensor sequence accounting is done in the writing transaction, db/sequences.ts). The returned promise settles after the commit: the
 * caller acknowledges the message then.
 */
import { decodeParsedTopic, parseTopic, type UnlistedDepartmentsMode } from '@twin/domain';
import type { BatchWriter, IngestMessage, MessageOutcome, Settlement } from './batch-writer.js';
import type { IngestMetrics } from './counters.js';
import { applyUnlistedPolicy } from './known-departments.js';

export interface MessageHandlerOptions {
  topicRoot: string;
  maxPayloadBytes: number;
  writer: BatchWriter;
  metrics: IngestMetrics;
  /** UNLISTED_DEPARTMENTS, and which departments the city pack lists. */
  unlistedDepartments: UnlistedDepartmentsMode;
  isListedDepartment(id: string): boolean;
  now?: () => number;
}

/** A payload as MQTT libraries hand it over (mqtt-packet types it as a string or a Buffer). */
export type MqttPayload = Uint8Array | string;

const bytesOf = (payload: MqttPayload): Uint8Array =>
  typeof payload === 'string' ? Buffer.from(payload) : payload;

export interface MessageHandler {
  /** Decodes and stores one message; settles after the commit (acknowledge it then). */
  handle(topic: string, payload: MqttPayload): Promise<MessageOutcome>;
  /** {@link handle} without a promise: `to` is told after the commit (BatchWriter.submitTo). */
  handleTo(topic: string, payload: MqttPayload, to: Settlement): void;
  /**
   * A message the broker refused to take from its publisher (topic not allowed for it): dead-lettered with
   * the reason and counted like any rejected message, so a refused device is never stuck re-sending it.
   */
  refuse(topic: string, payload: MqttPayload, reason: string): Promise<MessageOutcome>;
}

export function createMessageHandler(opts: MessageHandlerOptions): MessageHandler {
  const now = opts.now ?? Date.now;
  const decodeOptions = () => ({
    topicRoot: opts.topicRoot,
    maxPayloadBytes: opts.maxPayloadBytes,
    now: now(),
  });
  /** Counts the message as received, by its topic's kind, and returns that match (null: not a contract topic). */
  const receive = (topic: string) => {
    const match = parseTopic(opts.topicRoot, topic);
    opts.metrics.countReceived(match?.kind ?? 'unknown');
    return match;
  };
  /** The message to store: its records, and every reason to dead-letter it. */
  const decode = (topic: string, raw: MqttPayload): IngestMessage => {
    const payload = bytesOf(raw);
    const match = receive(topic);
    const decoded = decodeParsedTopic(match, topic, payload, decodeOptions());
    const policy = applyUnlistedPolicy(opts.unlistedDepartments, decoded.records, opts.isListedDepartment);
    const records = policy.records;
    const errors = policy.errors.length === 0 ? decoded.errors : [...decoded.errors, ...policy.errors];
    if (records.length === 0 && errors.length === 0) errors.push('the message holds nothing to store');
    return { topic, payload, records, errors };
  };
  return {
    handle: (topic, raw) => opts.writer.submit(decode(topic, raw)),
    handleTo: (topic, raw, to) => opts.writer.submitTo(decode(topic, raw), to),
    refuse(topic, raw, reason) {
      const payload = bytesOf(raw);
      const match = receive(topic);
      // NOTE: a topic outside the contract is better explained by the decoder (which level is wrong).
      const errors = match
        ? [`refused by the broker: ${reason}`]
        : decodeParsedTopic(match, topic, payload, decodeOptions()).errors;
      return opts.writer.submit({ topic, payload, records: [], errors });
    },
  };
}
