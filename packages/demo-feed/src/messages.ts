/** Wire contract v1 messages as the simulator sends them: topic + serialised payload, built by pure functions. */
import {
  type GatewayItem,
  type IncidentEvent,
  type ReadingPayload,
  type SensorMetaPayload,
  topics,
} from '@twin/domain';

export interface OutMessage {
  topic: string;
  payload: string;
  /** Registrations and statuses are retained so a late subscriber (a restarted ingest) still learns them. */
  retain: boolean;
  /** What it carries, for the publisher's counters: readings, incident events, or registration/status. */
  kind: 'readings' | 'incident-events' | 'meta' | 'status';
  /** How many readings or events it carries. */
  items: number;
}

/** An incident event as published: the department is the topic segment, not a payload field. */
export type WireIncidentEvent = Omit<IncidentEvent, 'department'>;

export function metaMessage(root: string, sensorId: string, meta: SensorMetaPayload): OutMessage {
  return {
    topic: topics.sensorMeta(root, sensorId),
    payload: JSON.stringify(meta),
    retain: true,
    kind: 'meta',
    items: 1,
  };
}

export function statusMessage(root: string, sensorId: string, status: 'online' | 'offline'): OutMessage {
  return {
    topic: topics.sensorStatus(root, sensorId),
    payload: status,
    retain: true,
    kind: 'status',
    items: 1,
  };
}

export function readingMessage(root: string, sensorId: string, reading: ReadingPayload): OutMessage {
  return {
    topic: topics.sensorData(root, sensorId),
    payload: JSON.stringify(reading),
    retain: false,
    kind: 'readings',
    items: 1,
  };
}

export function gatewayMessage(root: string, gatewayId: string, items: GatewayItem[]): OutMessage {
  return {
    topic: topics.gatewayData(root, gatewayId),
    payload: JSON.stringify(items),
    retain: false,
    kind: 'readings',
    items: items.length,
  };
}

/** One event as an object, several as a JSON array (both are contract v1). */
export function incidentMessage(root: string, department: string, events: WireIncidentEvent[]): OutMessage {
  const body = events.length === 1 ? events[0] : events;
  return {
    topic: topics.incidentEvents(root, department),
    payload: JSON.stringify(body),
    retain: false,
    kind: 'incident-events',
    items: events.length,
  };
}
