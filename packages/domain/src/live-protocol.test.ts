import { describe, expect, it } from 'vitest';
import { LIVE_PROTOCOL_VERSION, LiveMessageType, parseLiveMessage } from './live-protocol.js';

describe('parseLiveMessage', () => {
  it('accepts every known type at version 2', () => {
    expect(LIVE_PROTOCOL_VERSION).toBe(2);
    for (const type of Object.values(LiveMessageType)) {
      const msg = parseLiveMessage(JSON.stringify({ v: 2, type, at: 5, seq: 7 }));
      expect(msg).not.toBeNull();
      expect(msg?.type).toBe(type);
      expect(msg?.at).toBe(5);
    }
  });

  it('keeps the body of a message', () => {
    const msg = parseLiveMessage(
      JSON.stringify({ v: 2, type: 'changes', at: 1, seq: 3, readings: [{ sensorId: 's1' }] }),
    );
    expect(msg).toMatchObject({ type: 'changes', seq: 3, readings: [{ sensorId: 's1' }] });
  });

  it.each([
    ['version 1 (no log positions)', { v: 1, type: 'snapshot', at: 1, seq: 1 }],
    ['version as a string', { v: '2', type: 'snapshot', at: 1, seq: 1 }],
    ['no version', { type: 'snapshot', at: 1, seq: 1 }],
    ['unknown type', { v: 2, type: 'explode', at: 1, seq: 1 }],
    ['type in another case', { v: 2, type: 'Snapshot', at: 1, seq: 1 }],
    ['no type', { v: 2, at: 1, seq: 1 }],
    ['numeric type', { v: 2, type: 1, at: 1, seq: 1 }],
    ['no seq', { v: 2, type: 'changes', at: 1 }],
    ['a negative seq', { v: 2, type: 'changes', at: 1, seq: -1 }],
    ['a fractional seq', { v: 2, type: 'changes', at: 1, seq: 1.5 }],
    ['seq as a string', { v: 2, type: 'changes', at: 1, seq: '1' }],
  ])('rejects %s', (_label, body) => {
    expect(parseLiveMessage(JSON.stringify(body))).toBeNull();
  });

  it.each(['', '{', 'not json', 'null', '1', '"snapshot"', '[]', 'undefined'])(
    'rejects non-object JSON %j',
    (text) => {
      expect(parseLiveMessage(text)).toBeNull();
    },
  );

  // Names inherited from Object.prototype must not pass as known types (`in` would let them through).
  it('rejects type names inherited from Object.prototype', () => {
    for (const type of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(parseLiveMessage(JSON.stringify({ v: 2, type, at: 1, seq: 1 })), type).toBeNull();
    }
  });
});
