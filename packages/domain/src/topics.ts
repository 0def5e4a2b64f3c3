/**
 * Topic layout of wire contract v1 (see docs/wire-contract.md). The root is configurable (default `city`).
 * Parsing is pure so that the MQTT handler only does IO.
 */
export const WIRE_VERSION = 'v1';

export type TopicMatch =
  | { kind: 'sensor-data'; sensorId: string }
  | { kind: 'gateway-data'; gatewayId: string }
  | { kind: 'sensor-meta'; sensorId: string }
  | { kind: 'sensor-status'; sensorId: string }
  | { kind: 'incident-events'; department: string };

/** Ids are single topic levels: no wildcards, no separators, bounded length. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const DEPT = /^[a-z][a-z0-9-]{0,39}$/;

export function parseTopic(root: string, topic: string): TopicMatch | null {
  const prefix = `${root}/${WIRE_VERSION}/`;
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  if (parts.length !== 3) return null;
  const [collection, id, leaf] = parts as [string, string, string];
  if (collection === 'sensors' && ID.test(id)) {
    if (leaf === 'data') return { kind: 'sensor-data', sensorId: id };
    if (leaf === 'meta') return { kind: 'sensor-meta', sensorId: id };
    if (leaf === 'status') return { kind: 'sensor-status', sensorId: id };
  }
  if (collection === 'gateways' && leaf === 'data' && ID.test(id))
    return { kind: 'gateway-data', gatewayId: id };
  if (collection === 'incidents' && leaf === 'events' && DEPT.test(id))
    return { kind: 'incident-events', department: id };
  return null;
}

export function isValidSensorId(id: string): boolean {
  return ID.test(id);
}

/** Builders used by publishers (the simulator, tests) so that nobody hand-writes topic strings. */
export const topics = {
  sensorData: (root: string, sensorId: string) => `${root}/${WIRE_VERSION}/sensors/${sensorId}/data`,
  sensorMeta: (root: string, sensorId: string) => `${root}/${WIRE_VERSION}/sensors/${sensorId}/meta`,
  sensorStatus: (root: string, sensorId: string) => `${root}/${WIRE_VERSION}/sensors/${sensorId}/status`,
  gatewayData: (root: string, gatewayId: string) => `${root}/${WIRE_VERSION}/gateways/${gatewayId}/data`,
  incidentEvents: (root: string, department: string) =>
    `${root}/${WIRE_VERSION}/incidents/${department}/events`,
  /** Everything of contract v1, for the ingest subscription. */
  all: (root: string) => `${root}/${WIRE_VERSION}/#`,
} as const;
