/**
 * Topic layout of wire contract v1 (see docs/wire-contract.md). The root is configurable (default `city`).
 * Parsing is pure so that the MQTT handler only does IO.
 */
import { MAX_TOPIC_LENGTH } from './limits.js';
import { DEPARTMENT_ID_REGEX, ID_REGEX } from './patterns.js';
import { problem } from './problems.js';
import { DEPARTMENT_RULE, ID_RULE } from './schemas.js';
import { firstControlCharacter, quote } from './text.js';

export const WIRE_VERSION = 'v1';

export type TopicMatch =
  | { kind: 'sensor-data'; sensorId: string }
  | { kind: 'gateway-data'; gatewayId: string }
  | { kind: 'sensor-meta'; sensorId: string }
  | { kind: 'sensor-status'; sensorId: string }
  | { kind: 'incident-events'; department: string };

const SENSOR_LEAVES = ['data', 'meta', 'status'];

// NOTE: parsed for every message on the ingest's hot path: the prefix is built once per root and the levels
// are cut with indexOf rather than split into an array.
let prefixRoot: string | null = null;
let prefix = '';

export function parseTopic(root: string, topic: string): TopicMatch | null {
  if (root !== prefixRoot) {
    prefixRoot = root;
    prefix = `${root}/${WIRE_VERSION}/`;
  }
  if (!topic.startsWith(prefix)) return null;
  const first = topic.indexOf('/', prefix.length);
  const second = first < 0 ? -1 : topic.indexOf('/', first + 1);
  if (second < 0 || topic.indexOf('/', second + 1) >= 0) return null;
  const collection = topic.slice(prefix.length, first);
  const id = topic.slice(first + 1, second);
  const leaf = topic.slice(second + 1);
  if (collection === 'sensors' && ID_REGEX.test(id)) {
    if (leaf === 'data') return { kind: 'sensor-data', sensorId: id };
    if (leaf === 'meta') return { kind: 'sensor-meta', sensorId: id };
    if (leaf === 'status') return { kind: 'sensor-status', sensorId: id };
  }
  if (collection === 'gateways' && leaf === 'data' && ID_REGEX.test(id))
    return { kind: 'gateway-data', gatewayId: id };
  if (collection === 'incidents' && leaf === 'events' && DEPARTMENT_ID_REGEX.test(id))
    return { kind: 'incident-events', department: id };
  return null;
}

/**
 * Why `topic` is not a topic of contract v1, in one plain sentence naming the wrong level where it can
 * tell; null when {@link parseTopic} accepts it. Kept apart from parseTopic so that the hot path stays a
 * cheap match and the wording is only built for topics that are dead-lettered.
 */
export function explainTopic(root: string, topic: string): string | null {
  if (parseTopic(root, topic)) return null;
  if (topic.includes('\u0000')) return problem('topic', 'contains a NUL character');
  // NOTE: MQTT libraries replace invalid UTF-8 bytes of a topic with U+FFFD before we see it, so a real
  // U+FFFD and broken bytes look alike here: say what is seen, and the likely cause.
  if (topic.includes('\uFFFD'))
    return problem(
      'topic',
      'contains U+FFFD, the replacement character (its bytes were probably not valid UTF-8)',
    );
  const control = firstControlCharacter(topic);
  if (control) return problem('topic', `contains a control character (${control})`);
  if (topic.length > MAX_TOPIC_LENGTH)
    return problem('topic', `longer than ${MAX_TOPIC_LENGTH} characters (got ${topic.length})`);
  const expected =
    `must be ${root}/${WIRE_VERSION}/sensors/{id}/data|meta|status, ` +
    `${root}/${WIRE_VERSION}/gateways/{id}/data or ${root}/${WIRE_VERSION}/incidents/{department}/events`;
  const levels = topic.split('/');
  if (levels[0] !== root)
    return problem('topic', `must start with "${root}/${WIRE_VERSION}/" (got ${quote(topic)})`);
  if (levels[1] !== WIRE_VERSION) {
    return problem(
      'topic',
      `version ${quote(levels[1] ?? '')} is not supported: this service speaks ${WIRE_VERSION} (${root}/${WIRE_VERSION}/…)`,
    );
  }
  if (levels.length === 5) {
    const [, , collection, id = '', leaf = ''] = levels;
    if (collection === 'sensors' && SENSOR_LEAVES.includes(leaf))
      return problem('topic', `sensor id ${quote(id)} must be ${ID_RULE.description}`);
    if (collection === 'gateways' && leaf === 'data')
      return problem('topic', `gateway id ${quote(id)} must be ${ID_RULE.description}`);
    if (collection === 'incidents' && leaf === 'events')
      return problem('topic', `department ${quote(id)} must be ${DEPARTMENT_RULE.description}`);
  }
  return problem('topic', `${expected} (got ${quote(topic)})`);
}

export function isValidSensorId(id: string): boolean {
  return ID_REGEX.test(id);
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
