/**
 * One live socket message from text to what the dashboard applies: the envelope checked by the protocol's
 * parser, and a readings delta turned into a typed-array frame (readings-frame.ts). Pure: the worker
 * (live-decode.worker.ts) runs it off the main thread, and the in-thread decoder (live-decoder.ts) where
 * there are no workers (unit tests, or a worker that failed to start).
 */
import { type LiveMessage, parseLiveMessage } from '@twin/domain';
import type { ReadingsEncoder, ReadingsFrame } from './readings-frame.js';

/** A message without its readings, and the readings as a frame (null: the message had none). */
export interface DecodedLive {
  message: LiveMessage;
  readings: ReadingsFrame | null;
}

/** Null when the text is not a message of this protocol version (the socket ignores it). */
export function decodeLive(text: string, encoder: ReadingsEncoder): DecodedLive | null {
  const message = parseLiveMessage(text);
  if (!message) return null;
  if (message.type !== 'changes' || message.readings === undefined) return { message, readings: null };
  const { readings, ...rest } = message;
  return { message: rest, readings: Array.isArray(readings) ? encoder.encode(readings) : null };
}
