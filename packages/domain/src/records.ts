import type { IncidentEvent, SensorMetaPayload, SensorStatusValue } from './schemas.js';

/** What one accepted MQTT message turns into: the unit of work of the batch writer. */
export type IngestRecord =
  | { kind: 'reading'; sensorId: string; ts: number; values: Record<string, number>; seq?: number }
  | { kind: 'sensor-meta'; sensorId: string; ts: number; meta: SensorMetaPayload }
  | { kind: 'sensor-status'; sensorId: string; ts: number; status: SensorStatusValue }
  | { kind: 'incident-event'; event: IncidentEvent };

/**
 * The outcome of decoding one message. A message can be partly good (a gateway array with one bad item):
 * the good records are stored and the message is also dead-lettered with the reasons of the bad parts.
 */
export interface DecodeResult {
  records: IngestRecord[];
  errors: string[];
}

/** Kept exported from here for existing importers; the limit itself lives with the other bounds. */
export { MAX_ITEMS_PER_MESSAGE } from './limits.js';
