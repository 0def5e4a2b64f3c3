import { describe, expect, it } from 'vitest';
import { explainTopic, isValidSensorId, parseTopic, topics, WIRE_VERSION } from './topics.js';

describe('topics builders ↔ parseTopic', () => {
  const roots = ['city', 'my-city_2', 'x'];
  const ids = ['s1', 'sensor.42', 'urn:dev:ow:10e2', 'A-b_c.d:e', 'x'.repeat(128)];

  it('uses wire version v1', () => {
    expect(WIRE_VERSION).toBe('v1');
    expect(topics.sensorData('city', 's1')).toBe('city/v1/sensors/s1/data');
  });

  it.each(roots)('round-trips every builder under root %s', (root) => {
    for (const id of ids) {
      expect(parseTopic(root, topics.sensorData(root, id))).toEqual({ kind: 'sensor-data', sensorId: id });
      expect(parseTopic(root, topics.sensorMeta(root, id))).toEqual({ kind: 'sensor-meta', sensorId: id });
      expect(parseTopic(root, topics.sensorStatus(root, id))).toEqual({
        kind: 'sensor-status',
        sensorId: id,
      });
      expect(parseTopic(root, topics.gatewayData(root, id))).toEqual({ kind: 'gateway-data', gatewayId: id });
    }
    for (const dept of ['fire', 'public-works', 'ems', 'a', `a${'b'.repeat(39)}`]) {
      expect(parseTopic(root, topics.incidentEvents(root, dept))).toEqual({
        kind: 'incident-events',
        department: dept,
      });
    }
  });

  it('builds the subscription wildcard for the whole contract', () => {
    expect(topics.all('city')).toBe('city/v1/#');
  });
});

describe('parseTopic rejections', () => {
  it.each([
    ['wrong root', 'town/v1/sensors/s1/data'],
    ['root as a prefix of another word', 'citya/v1/sensors/s1/data'],
    ['wrong version', 'city/v2/sensors/s1/data'],
    ['missing version', 'city/sensors/s1/data'],
    ['extra level', 'city/v1/sensors/s1/data/extra'],
    ['extra level in the middle', 'city/v1/sensors/a/b/data'],
    ['missing leaf', 'city/v1/sensors/s1'],
    ['trailing slash', 'city/v1/sensors/s1/data/'],
    ['unknown leaf', 'city/v1/sensors/s1/config'],
    ['unknown collection', 'city/v1/devices/s1/data'],
    ['gateway meta is not a thing', 'city/v1/gateways/g1/meta'],
    ['incident leaf must be events', 'city/v1/incidents/fire/data'],
    ['single-level wildcard as id', 'city/v1/sensors/+/data'],
    ['multi-level wildcard as id', 'city/v1/sensors/#/data'],
    ['wildcard inside id', 'city/v1/sensors/s+1/data'],
    ['hash inside id', 'city/v1/sensors/s#1/data'],
    ['wildcard leaf', 'city/v1/sensors/s1/#'],
    ['empty id', 'city/v1/sensors//data'],
    ['id too long (129)', `city/v1/sensors/${'x'.repeat(129)}/data`],
    ['id starting with a dot', 'city/v1/sensors/.s1/data'],
    ['id with a space', 'city/v1/sensors/s 1/data'],
    ['id with NUL', 'city/v1/sensors/s\u00001/data'],
    ['gateway empty id', 'city/v1/gateways//data'],
    ['department upper case', 'city/v1/incidents/Fire/events'],
    ['department starting with a digit', 'city/v1/incidents/1fire/events'],
    ['department too long (41)', `city/v1/incidents/a${'b'.repeat(40)}/events`],
    ['department wildcard', 'city/v1/incidents/+/events'],
    ['empty department', 'city/v1/incidents//events'],
    ['empty topic', ''],
  ])('rejects %s', (_label, topic) => {
    expect(parseTopic('city', topic)).toBeNull();
  });

  it('only accepts the configured root', () => {
    const topic = topics.sensorData('city', 's1');
    expect(parseTopic('city', topic)).not.toBeNull();
    expect(parseTopic('other', topic)).toBeNull();
  });
});

describe('isValidSensorId', () => {
  it('accepts bounded single-level ids and rejects the rest', () => {
    expect(isValidSensorId('s1')).toBe(true);
    expect(isValidSensorId('x'.repeat(128))).toBe(true);
    expect(isValidSensorId('x'.repeat(129))).toBe(false);
    expect(isValidSensorId('')).toBe(false);
    expect(isValidSensorId('a/b')).toBe(false);
    expect(isValidSensorId('+')).toBe(false);
    expect(isValidSensorId('#')).toBe(false);
  });
});

describe('explainTopic', () => {
  const EXPECTED =
    'topic: must be city/v1/sensors/{id}/data|meta|status, city/v1/gateways/{id}/data or ' +
    'city/v1/incidents/{department}/events';
  const ID_WORDS = 'must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

  it('returns null for every topic parseTopic accepts', () => {
    for (const topic of [
      topics.sensorData('city', 's1'),
      topics.sensorMeta('city', 's1'),
      topics.sensorStatus('city', 's1'),
      topics.gatewayData('city', 'g1'),
      topics.incidentEvents('city', 'public-works'),
    ]) {
      expect(explainTopic('city', topic)).toBeNull();
    }
  });

  it.each([
    ['city/v1/sensors/s\u00001/data', 'topic: contains a NUL character'],
    [
      'city/v1/sensors/s\uFFFD/data',
      'topic: contains U+FFFD, the replacement character (its bytes were probably not valid UTF-8)',
    ],
    ['city/v1/sensors/s\u0007/data', 'topic: contains a control character (U+0007)'],
    ['city/v1/sensors/s1/data\n', 'topic: contains a control character (U+000A)'],
    ['city/v1/sensors/s\u0085/data', 'topic: contains a control character (U+0085)'],
    [`city/v1/sensors/${'x'.repeat(600)}/data`, 'topic: longer than 512 characters (got 621)'],
    ['town/v1/sensors/s1/data', 'topic: must start with "city/v1/" (got "town/v1/sensors/s1/data")'],
    ['citya/v1/sensors/s1/data', 'topic: must start with "city/v1/" (got "citya/v1/sensors/s1/data")'],
    ['', 'topic: must start with "city/v1/" (got "")'],
    ['city/v2/sensors/s1/data', 'topic: version "v2" is not supported: this service speaks v1 (city/v1/…)'],
    ['city/sensors/s1/data', 'topic: version "sensors" is not supported: this service speaks v1 (city/v1/…)'],
    ['city/v1/sensors/a b/data', `topic: sensor id "a b" ${ID_WORDS}`],
    ['city/v1/sensors/+/data', `topic: sensor id "+" ${ID_WORDS}`],
    ['city/v1/sensors/#/status', `topic: sensor id "#" ${ID_WORDS}`],
    ['city/v1/sensors//meta', `topic: sensor id "" ${ID_WORDS}`],
    [`city/v1/sensors/${'x'.repeat(129)}/data`, `topic: sensor id "${'x'.repeat(40)}…" ${ID_WORDS}`],
    ['city/v1/gateways/.g/data', `topic: gateway id ".g" ${ID_WORDS}`],
    [
      'city/v1/incidents/Fire/events',
      'topic: department "Fire" must be 1 to 40 lowercase letters, digits or "-", starting with a letter',
    ],
    ['city/v1/sensors/s1/config', `${EXPECTED} (got "city/v1/sensors/s1/config")`],
    ['city/v1/sensors/a/b/c', `${EXPECTED} (got "city/v1/sensors/a/b/c")`],
    ['city/v1/devices/s1/data', `${EXPECTED} (got "city/v1/devices/s1/data")`],
    ['city/v1/gateways/g1/meta', `${EXPECTED} (got "city/v1/gateways/g1/meta")`],
    ['city/v1/sensors/s1', `${EXPECTED} (got "city/v1/sensors/s1")`],
  ])('explains %j', (topic, reason) => {
    expect(parseTopic('city', topic)).toBeNull();
    expect(explainTopic('city', topic)).toBe(reason);
  });

  it('uses the configured root in its wording', () => {
    expect(explainTopic('my-city', 'my-city/v1/x')).toBe(
      'topic: must be my-city/v1/sensors/{id}/data|meta|status, my-city/v1/gateways/{id}/data or ' +
        'my-city/v1/incidents/{department}/events (got "my-city/v1/x")',
    );
  });

  it('keeps every explanation short and free of regular expressions', () => {
    const hostile = [
      'a'.repeat(10_000),
      '\u0000'.repeat(1000),
      'city/v1/sensors/a\u202eb/data',
      '/'.repeat(600),
    ];
    for (const topic of hostile) {
      const reason = explainTopic('city', topic)!;
      expect(reason.length).toBeLessThanOrEqual(200);
      expect(reason).not.toMatch(/\^|\$$|\{0,/);
    }
  });
});
