import { describe, expect, it } from 'vitest';
import { canPublish, canSubscribe, describeIdentity, type Identity, isReservedClientId } from './acl.js';

const service: Identity = { kind: 'service' };
const anonymous: Identity = { kind: 'anonymous' };
const sensor: Identity = { kind: 'sensor', username: 'sensor:aq-1', sensorId: 'aq-1' };
const gateway: Identity = { kind: 'gateway', username: 'gateway:gw-1', gatewayId: 'gw-1' };
const department: Identity = { kind: 'department', username: 'department:fire', department: 'fire' };
const integration: Identity = { kind: 'integration', username: 'demo-feed' };
/** Column order of the tables below. */
const IDENTITIES = [service, anonymous, sensor, gateway, department, integration];
const ALL_BUT_SERVICE = IDENTITIES.slice(1);

const pub = (id: Identity, topic: string, retain = false, root?: string) =>
  canPublish(id, topic, { retain }, root).ok;
const sub = (id: Identity, filter: string, root?: string) => canSubscribe(id, filter, root).ok;

describe('canPublish: every identity × every contract topic', () => {
  // Y = allowed, N = refused; columns: service, anonymous, sensor aq-1, gateway gw-1, department fire,
  // integration. First column set without retain, second with retain.
  const table: [string, string, string][] = [
    ['city/v1/sensors/aq-1/data', 'YYYNNY', 'YNNNNN'],
    ['city/v1/sensors/aq-1/meta', 'YNYNNY', 'YNYNNY'],
    ['city/v1/sensors/aq-1/status', 'YNYNNY', 'YNYNNY'],
    ['city/v1/sensors/aq-2/data', 'YYNNNY', 'YNNNNN'],
    ['city/v1/sensors/aq-2/meta', 'YNNNNY', 'YNNNNY'],
    ['city/v1/sensors/aq-2/status', 'YNNNNY', 'YNNNNY'],
    // prefix tricks: S vs S0 vs a prefix of S
    ['city/v1/sensors/aq-10/data', 'YYNNNY', 'YNNNNN'],
    ['city/v1/sensors/aq/meta', 'YNNNNY', 'YNNNNY'],
    ['city/v1/sensors/gw-1/data', 'YYNNNY', 'YNNNNN'],
    ['city/v1/gateways/gw-1/data', 'YYNYNY', 'YNNNNN'],
    ['city/v1/gateways/gw-2/data', 'YYNNNY', 'YNNNNN'],
    ['city/v1/gateways/aq-1/data', 'YYNNNY', 'YNNNNN'],
    ['city/v1/incidents/fire/events', 'YYNNYY', 'YNNNNN'],
    ['city/v1/incidents/police/events', 'YYNNNY', 'YNNNNN'],
    ['city/v1/incidents/fire-ems/events', 'YYNNNY', 'YNNNNN'],
  ];
  for (const [topic, plain, retained] of table) {
    IDENTITIES.forEach((identity, i) => {
      it(`${describeIdentity(identity)} → ${topic}: ${plain[i]} / retained ${retained[i]}`, () => {
        expect(pub(identity, topic, false)).toBe(plain[i] === 'Y');
        expect(pub(identity, topic, true)).toBe(retained[i] === 'Y');
      });
    });
  }
});

describe('canPublish: topics that are not exactly a contract topic', () => {
  const hostile = [
    'city/v1/sensors/aq-1/data/extra',
    'city/v1/sensors/aq-1/data/',
    'city/v1/sensors/aq-1',
    'city/v1/sensors/aq-1/',
    'city/v1/sensors//data',
    'city/v1/sensors/../data',
    'city/v1/sensors/./data',
    'city/v1/sensors/aq-1/../aq-2/data',
    'city/v1/sensors/aq-1/DATA',
    'city/v1/sensors/aq-1/info',
    'city/v1//sensors/aq-1/data',
    '/city/v1/sensors/aq-1/data',
    'city//v1/sensors/aq-1/data',
    'city/v2/sensors/aq-1/data',
    'City/v1/sensors/aq-1/data',
    'cityx/v1/sensors/aq-1/data',
    'other/v1/sensors/aq-1/data',
    'city/v1/sensor/aq-1/data',
    'city/v1/gateways/gw-1/meta',
    'city/v1/gateways/gw-1/status',
    'city/v1/incidents/fire/data',
    'city/v1/incidents/Fire/events',
    'city/v1/incidents/fire/events/x',
    'city/v1/incidents/1fire/events',
    'city/v1/sensors/aq 1/data',
    'city/v1/sensors/aq-1\u0000/data',
    'city/v1/sensors/aq-1/data\n',
    'city/v1/sensors/+/data',
    'city/v1/sensors/#',
    'city/v1/#',
    `city/v1/sensors/${'a'.repeat(129)}/data`,
    'city/v1/foo',
    'city/v1',
    'city',
    '',
    '$SYS/broker/clients',
    '$share/g/city/v1/sensors/aq-1/data',
  ];
  for (const topic of hostile) {
    it(`${JSON.stringify(topic)} is refused for everyone but the service`, () => {
      for (const identity of ALL_BUT_SERVICE) {
        expect(pub(identity, topic, false)).toBe(false);
        expect(pub(identity, topic, true)).toBe(false);
      }
      expect(pub(service, topic)).toBe(true);
    });
  }
});

describe('canPublish: topic root', () => {
  it('uses the configured root and refuses the default one then', () => {
    expect(pub(sensor, 'it1234/v1/sensors/aq-1/data', false, 'it1234')).toBe(true);
    expect(pub(sensor, 'city/v1/sensors/aq-1/data', false, 'it1234')).toBe(false);
    expect(pub(anonymous, 'it1234/v1/incidents/fire/events', false, 'it1234')).toBe(true);
    expect(pub(integration, 'city/v1/incidents/fire/events', false, 'it1234')).toBe(false);
  });

  it('defaults to "city"', () => {
    expect(canPublish(sensor, 'city/v1/sensors/aq-1/data', { retain: false }).ok).toBe(true);
  });
});

describe('canPublish: reasons in plain words', () => {
  it('names the identity and what it may do', () => {
    expect(canPublish(sensor, 'city/v1/sensors/aq-2/data', { retain: false })).toEqual({
      ok: false,
      reason: 'sensor "aq-1" may only publish to city/v1/sensors/aq-1/data, …/meta or …/status',
    });
    expect(canPublish(department, 'city/v1/incidents/police/events', { retain: false })).toEqual({
      ok: false,
      reason: 'department "fire" may only publish to city/v1/incidents/fire/events',
    });
    expect(canPublish(gateway, 'city/v1/sensors/aq-1/meta', { retain: true })).toEqual({
      ok: false,
      reason: 'gateway "gw-1" may only publish to city/v1/gateways/gw-1/data',
    });
  });

  it('explains retained refusals and unknown topics, quoting (and bounding) what the client sent', () => {
    const retained = canPublish(anonymous, 'city/v1/sensors/aq-1/data', { retain: true });
    expect(retained.ok === false && retained.reason).toMatch(/may not publish retained messages/);
    const odd = canPublish(integration, `x/\n${'y'.repeat(500)}`, { retain: false });
    expect(odd.ok).toBe(false);
    if (!odd.ok) {
      expect(odd.reason).toContain('"x/\\nyyy');
      expect(odd.reason).not.toContain('\n');
      expect(odd.reason.length).toBeLessThan(500);
      expect(odd.reason).toMatch(/not a topic of the wire contract/);
    }
  });
});

describe('canSubscribe', () => {
  const departmentMay = [
    'city/v1/incidents/+/events',
    'city/v1/incidents/fire/events',
    'city/v1/incidents/police/events',
    'city/v1/incidents/public-works/events',
  ];
  const nobodyMay = [
    '#',
    '+',
    '+/#',
    'city/#',
    'city/+',
    'city/v1/#',
    'city/v1/+/#',
    'city/v1/incidents/#',
    'city/v1/incidents/+/#',
    'city/v1/incidents/+/+',
    'city/v1/incidents/fire/#',
    'city/v1/incidents/fire/+',
    'city/v1/+/+/events',
    'city/v1/+/fire/events',
    'city/+/incidents/+/events',
    '+/v1/incidents/+/events',
    '#/v1/incidents/+/events',
    '$share/g/city/v1/incidents/+/events',
    '$share/ingest/city/v1/#',
    '$SYS/#',
    '$SYS/broker/clients',
    'city/v1/sensors/+/data',
    'city/v1/sensors/aq-1/meta',
    'city/v1/gateways/+/data',
    'city/v1/incidents/Fire/events',
    'city/v1/incidents//events',
    'city/v1/incidents/../events',
    'city/v1/incidents/fire/events/extra',
    'city/v1/incidents/+/events/#',
    'city/v1/incidents/fire/events/',
    '/city/v1/incidents/+/events',
    'other/v1/incidents/+/events',
    'city/v2/incidents/+/events',
    'city/v1/incidents/fire+/events',
    '',
  ];

  for (const filter of departmentMay) {
    it(`only a department (and the service) may subscribe to ${filter}`, () => {
      expect(sub(department, filter)).toBe(true);
      expect(sub(service, filter)).toBe(true);
      for (const identity of [anonymous, sensor, gateway, integration])
        expect(sub(identity, filter)).toBe(false);
    });
  }
  for (const filter of nobodyMay) {
    it(`nobody but the service may subscribe to ${JSON.stringify(filter)}`, () => {
      for (const identity of ALL_BUT_SERVICE) expect(sub(identity, filter)).toBe(false);
      expect(sub(service, filter)).toBe(true);
    });
  }

  it('follows the topic root', () => {
    expect(sub(department, 'it1/v1/incidents/+/events', 'it1')).toBe(true);
    expect(sub(department, 'city/v1/incidents/+/events', 'it1')).toBe(false);
  });

  it('says why', () => {
    expect(canSubscribe(anonymous, '#')).toEqual({
      ok: false,
      reason: 'anonymous clients may not subscribe (asked for "#"): they only publish',
    });
    expect(canSubscribe(department, 'city/v1/#')).toEqual({
      ok: false,
      reason:
        'department "fire" may only subscribe to city/v1/incidents/+/events or ' +
        'city/v1/incidents/<department>/events, not "city/v1/#"',
    });
  });
});

describe('isReservedClientId', () => {
  it('reserves the ingest ids given and anything starting with twin-ingest', () => {
    expect(isReservedClientId('it-ingest-1234', ['it-ingest-1234'])).toBe(true);
    expect(isReservedClientId('twin-ingest-host', [])).toBe(true);
    expect(isReservedClientId('twin-ingest', [])).toBe(true);
    expect(isReservedClientId('twin-ingestion-x', [])).toBe(true);
    expect(isReservedClientId('it-ingest-12345', ['it-ingest-1234'])).toBe(false);
    expect(isReservedClientId('it-ingest-123', ['it-ingest-1234'])).toBe(false);
    expect(isReservedClientId('x-twin-ingest', [])).toBe(false);
    expect(isReservedClientId('sensor-aq-1', ['it-ingest-1234'])).toBe(false);
    expect(isReservedClientId('', [])).toBe(false);
  });
});
