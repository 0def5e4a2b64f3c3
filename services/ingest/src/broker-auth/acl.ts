/**
 * Who may publish and subscribe on the embedded broker: pure rules over wire contract v1 topics
 * (`{root}/v1/sensors/{id}/data|meta|status`, `{root}/v1/gateways/{id}/data`,
 * `{root}/v1/incidents/{department}/events`). docs/ingestion.md shows the same rules as a table.
 *
 * Topics are compared level by level through the contract's own parser (parseTopic), so a topic is either
 * exactly a contract topic with a valid id in it, or refused: no prefix tricks (`…/data/extra`, `S` vs
 * `S2`), no empty levels, no `..`, no wildcards or control characters in ids.
 */
import { DEPARTMENT_ID_REGEX, parseTopic, type TopicMatch, WIRE_VERSION } from '@twin/domain';

export type Identity =
  /** The service itself: in-process publishes (Aedes calls the hook with client null). */
  | { kind: 'service' }
  | { kind: 'anonymous' }
  | { kind: 'sensor'; username: string; sensorId: string }
  | { kind: 'gateway'; username: string; gatewayId: string }
  | { kind: 'department'; username: string; department: string }
  /** A system publishing for many devices or departments: the demo feed, a CAD bridge. */
  | { kind: 'integration'; username: string };

export type Decision = { ok: true } | { ok: false; reason: string };

export const DEFAULT_TOPIC_ROOT = 'city';

/** Client ids starting with this belong to the service's own ingest subscriber. */
export const RESERVED_CLIENT_ID_PREFIX = 'twin-ingest';

const ALLOW: Decision = { ok: true };

function refuse(reason: string): Decision {
  return { ok: false, reason };
}

/** Quotes a client-supplied string for a reason text: bounded, escaped, never raw control characters. */
function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** A short name for the identity in reasons: `sensor "aq-1"`, `anonymous clients`… */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'service':
      return 'the service';
    case 'anonymous':
      return 'anonymous clients';
    case 'sensor':
      return `sensor ${quote(identity.sensorId)}`;
    case 'gateway':
      return `gateway ${quote(identity.gatewayId)}`;
    case 'department':
      return `department ${quote(identity.department)}`;
    case 'integration':
      return `integration ${quote(identity.username)}`;
  }
}

const isRetainable = (match: TopicMatch) => match.kind === 'sensor-meta' || match.kind === 'sensor-status';

export function canPublish(
  identity: Identity,
  topic: string,
  options: { retain: boolean },
  topicRoot: string = DEFAULT_TOPIC_ROOT,
): Decision {
  if (identity.kind === 'service') return ALLOW;
  const v1 = `${topicRoot}/${WIRE_VERSION}`;
  const who = describeIdentity(identity);
  const match = parseTopic(topicRoot, topic);
  if (!match) {
    return refuse(
      `${who} may not publish to ${quote(topic)}: not a topic of the wire contract ` +
        `(${v1}/sensors/<id>/data|meta|status, ${v1}/gateways/<id>/data, ${v1}/incidents/<department>/events)`,
    );
  }
  // Retained messages are replayed to every new subscriber: only registrations and last-will status.
  if (options.retain && !isRetainable(match)) {
    return refuse(`${who} may not publish retained messages to ${quote(topic)} (only …/meta and …/status)`);
  }
  switch (identity.kind) {
    case 'anonymous':
      if (options.retain) return refuse(`${who} may not publish retained messages`);
      if (match.kind === 'sensor-data' || match.kind === 'gateway-data' || match.kind === 'incident-events')
        return ALLOW;
      return refuse(
        `${who} may only publish to ${v1}/sensors/+/data, ${v1}/gateways/+/data and ${v1}/incidents/+/events`,
      );
    case 'sensor': {
      const own =
        (match.kind === 'sensor-data' || match.kind === 'sensor-meta' || match.kind === 'sensor-status') &&
        match.sensorId === identity.sensorId;
      return own
        ? ALLOW
        : refuse(`${who} may only publish to ${v1}/sensors/${identity.sensorId}/data, …/meta or …/status`);
    }
    case 'gateway':
      return match.kind === 'gateway-data' && match.gatewayId === identity.gatewayId
        ? ALLOW
        : refuse(`${who} may only publish to ${v1}/gateways/${identity.gatewayId}/data`);
    case 'department':
      return match.kind === 'incident-events' && match.department === identity.department
        ? ALLOW
        : refuse(`${who} may only publish to ${v1}/incidents/${identity.department}/events`);
    case 'integration':
      return ALLOW;
  }
}

export function canSubscribe(
  identity: Identity,
  filter: string,
  topicRoot: string = DEFAULT_TOPIC_ROOT,
): Decision {
  if (identity.kind === 'service') return ALLOW;
  const v1 = `${topicRoot}/${WIRE_VERSION}`;
  const who = describeIdentity(identity);
  if (identity.kind !== 'department') {
    return refuse(`${who} may not subscribe (asked for ${quote(filter)}): they only publish`);
  }
  // Exactly five levels: root / v1 / incidents / (+ | a department id) / events. Anything wider (#, $share/…,
  // a + anywhere else, another collection) is refused.
  const levels = filter.split('/');
  const [root, version, collection, department, leaf] = levels;
  const ok =
    levels.length === 5 &&
    root === topicRoot &&
    version === WIRE_VERSION &&
    collection === 'incidents' &&
    leaf === 'events' &&
    department !== undefined &&
    (department === '+' || DEPARTMENT_ID_REGEX.test(department));
  return ok
    ? ALLOW
    : refuse(
        `${who} may only subscribe to ${v1}/incidents/+/events or ${v1}/incidents/<department>/events, ` +
          `not ${quote(filter)}`,
      );
}

/** The ingest's own client id(s), and anything starting with `twin-ingest`, are not for other clients. */
export function isReservedClientId(clientId: string, reserved: readonly string[]): boolean {
  return clientId.startsWith(RESERVED_CLIENT_ID_PREFIX) || reserved.includes(clientId);
}
