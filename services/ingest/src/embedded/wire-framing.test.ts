import { describe, expect, it } from 'vitest';
import { frameMessages } from './wire-framing.js';

function startup(): Buffer {
  const body = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const msg = Buffer.alloc(8 + body.length);
  msg.writeInt32BE(msg.length, 0);
  msg.writeInt32BE(196608, 4);
  body.copy(msg, 8);
  return msg;
}

function sslRequest(): Buffer {
  const msg = Buffer.alloc(8);
  msg.writeInt32BE(8, 0);
  msg.writeInt32BE(80877103, 4);
  return msg;
}

function typed(type: string, payloadBytes: number): Buffer {
  const msg = Buffer.alloc(5 + payloadBytes, 0x61);
  msg.write(type, 0);
  msg.writeInt32BE(4 + payloadBytes, 1);
  return msg;
}

describe('frameMessages', () => {
  it('passes a start-up message and leaves start-up mode', () => {
    const r = frameMessages(startup(), true);
    expect(r.complete.length).toBe(startup().length);
    expect(r.rest.length).toBe(0);
    expect(r.startup).toBe(false);
  });

  it('stays in start-up mode after an SSL request', () => {
    const r = frameMessages(sslRequest(), true);
    expect(r.complete.length).toBe(8);
    expect(r.startup).toBe(true);
  });

  it('holds back a message split across chunks until it is complete', () => {
    const big = typed('P', 100_000);
    const first = frameMessages(big.subarray(0, 65_536), false);
    expect(first.complete.length).toBe(0);
    expect(first.rest.length).toBe(65_536);
    const second = frameMessages(Buffer.concat([first.rest, big.subarray(65_536)]), false);
    expect(second.complete.equals(big)).toBe(true);
    expect(second.rest.length).toBe(0);
  });

  it('passes several whole messages at once and keeps a partial one', () => {
    const a = typed('P', 10);
    const b = typed('B', 20);
    const c = typed('E', 30);
    const stream = Buffer.concat([a, b, c.subarray(0, 7)]);
    const r = frameMessages(stream, false);
    expect(r.complete.length).toBe(a.length + b.length);
    expect(r.rest.equals(c.subarray(0, 7))).toBe(true);
  });

  it('waits when even the header is incomplete', () => {
    expect(frameMessages(Buffer.from([0x50, 0, 0]), false).complete.length).toBe(0);
    expect(frameMessages(Buffer.from([0, 0]), true).complete.length).toBe(0);
  });
});
