import { describe, expect, it } from 'vitest';
import {
  ENGINE_RECEIVE_BUFFER_BYTES,
  endsWithReadyForQuery,
  enginePortions,
  WireMessageReader,
} from './wire-messages.js';

function startup(): Buffer {
  const body = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const msg = Buffer.alloc(8 + body.length);
  msg.writeInt32BE(msg.length, 0);
  msg.writeInt32BE(196608, 4);
  body.copy(msg, 8);
  return msg;
}

function untyped(code: number): Buffer {
  const msg = Buffer.alloc(8);
  msg.writeInt32BE(8, 0);
  msg.writeInt32BE(code, 4);
  return msg;
}

/** A typed message of `bytes` bytes in all (type byte and length included). */
function typed(type: string, bytes: number): Buffer {
  const msg = Buffer.alloc(bytes, 0x61);
  msg.write(type, 0);
  msg.writeInt32BE(bytes - 1, 1);
  return msg;
}

function afterStartup(): WireMessageReader {
  const reader = new WireMessageReader();
  reader.push(startup());
  return reader;
}

describe('WireMessageReader', () => {
  it('reads the start-up message, then typed messages', () => {
    const reader = new WireMessageReader();
    const [first] = reader.push(startup());
    expect(first).toMatchObject({ kind: 'startup' });
    const [next] = reader.push(typed('Q', 20));
    expect(next).toMatchObject({ kind: 'typed', type: 'Q'.charCodeAt(0) });
  });

  it('tells an SSL request and a cancel request apart from the start-up, and stays in start-up after them', () => {
    const reader = new WireMessageReader();
    expect(reader.push(untyped(80877103))).toMatchObject([{ kind: 'encryption-request' }]);
    expect(reader.push(untyped(80877102))).toMatchObject([{ kind: 'cancel' }]);
    expect(reader.push(startup())).toMatchObject([{ kind: 'startup' }]);
  });

  it('holds back a message split across chunks until it is complete', () => {
    const reader = afterStartup();
    const big = typed('B', 100_000);
    expect(reader.push(big.subarray(0, 65_536))).toEqual([]);
    expect(reader.buffered).toBe(65_536);
    const [whole] = reader.push(big.subarray(65_536));
    expect(whole!.bytes.equals(big)).toBe(true);
    expect(reader.buffered).toBe(0);
  });

  it('passes several whole messages at once and keeps a partial one, even a partial header', () => {
    const reader = afterStartup();
    const [a, b, c] = [typed('P', 15), typed('B', 25), typed('E', 35)];
    const got = reader.push(Buffer.concat([a, b, c.subarray(0, 3)]));
    expect(got.map((m) => m.bytes.length)).toEqual([15, 25]);
    expect(reader.push(c.subarray(3)).map((m) => m.bytes.equals(c))).toEqual([true]);
  });

  it('refuses a length no message can have', () => {
    expect(() => afterStartup().push(Buffer.from([0x51, 0, 0, 0, 2]))).toThrow(/invalid message length/);
  });
});

describe('enginePortions', () => {
  it('keeps a pipeline of up to 8 KiB in one call', () => {
    const pipeline = [typed('P', 2175), typed('B', 6010), typed('D', 7), typed('E', 10), typed('S', 5)];
    const portions = enginePortions(pipeline);
    expect(portions).toHaveLength(2);
    expect(portions.map((p) => p.length)).toEqual([ENGINE_RECEIVE_BUFFER_BYTES, 15]);
    expect(Buffer.concat(portions).equals(Buffer.concat(pipeline))).toBe(true);
  });

  it('never lets a call hold more than 8 KiB of several messages', () => {
    const pipeline = Array.from({ length: 40 }, (_, i) => typed('B', 100 + ((i * 997) % 3000)));
    for (const portion of enginePortions(pipeline))
      expect(portion.length).toBeLessThanOrEqual(ENGINE_RECEIVE_BUFFER_BYTES);
  });

  it('sends a message larger than 8 KiB alone, in order', () => {
    const [p, b, e] = [typed('P', 100), typed('B', 20_000), typed('E', 10)];
    expect(enginePortions([p, b, e]).map((x) => x.length)).toEqual([100, 20_000, 10]);
  });

  it('sends a password message alone (the engine reads a call starting with it as authentication only)', () => {
    expect(enginePortions([typed('p', 40), typed('Q', 20)]).map((x) => x.length)).toEqual([40, 20]);
  });
});

describe('endsWithReadyForQuery', () => {
  it('sees ReadyForQuery at the end of an answer only', () => {
    const rfq = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
    expect(endsWithReadyForQuery(Buffer.concat([typed('C', 12), rfq]))).toBe(true);
    expect(endsWithReadyForQuery(typed('T', 55))).toBe(false);
    expect(endsWithReadyForQuery(Buffer.alloc(0))).toBe(false);
  });
});
