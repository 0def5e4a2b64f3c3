import { describe, expect, it } from 'vitest';
import { asciiDeadLetter, DEAD_LETTER_PAYLOAD_BYTES, deadLetter, storableText } from './dead-letter.js';

const enc = (s: string) => new TextEncoder().encode(s);
/** What PostgreSQL text refuses: NUL. What UTF-8 cannot encode: lone surrogates. */
const storable = (s: string) =>
  !s.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('deadLetter', () => {
  it('keeps a short payload as text with its byte size, and joins every reason', () => {
    const dl = deadLetter('city/v1/sensors/s1/data', ['lat is missing', 'lon is missing'], enc('{"ts": }'));
    expect(dl).toEqual({
      topic: 'city/v1/sensors/s1/data',
      reason: 'lat is missing; lon is missing',
      payload: '{"ts": }',
      payloadBytes: 8,
    });
  });

  it('keeps the first 4 KiB of the payload and records the full byte size', () => {
    const dl = deadLetter('t', 'too big', enc('x'.repeat(100_000)));
    expect(DEAD_LETTER_PAYLOAD_BYTES).toBe(4096);
    expect(dl.payload).toBe('x'.repeat(4096));
    expect(dl.payloadBytes).toBe(100_000);
  });

  it('does not break a character cut at the 4 KiB boundary', () => {
    const dl = deadLetter('t', 'r', enc(`x${'é'.repeat(5000)}`));
    expect(dl.payload).toBe(`x${'é'.repeat(2047)}`);
  });

  it('spells NUL and control characters out in the payload, the topic and the reason', () => {
    const dl = deadLetter('city/v1/sensors/a\u0000b/data', 'bad \u0007 reason', enc('a\u0000b\u001b'));
    expect(dl.payload).toBe('a\\u0000b\\u001b');
    expect(dl.topic).toBe('city/v1/sensors/a\\u0000b/data');
    expect(dl.reason).toBe('bad \\u0007 reason');
    for (const text of [dl.payload, dl.topic, dl.reason]) expect(storable(text)).toBe(true);
  });

  it('keeps tabs, newlines and real characters (emoji) as they are', () => {
    expect(storableText('a\tb\nc 🚒 ü', 100)).toBe('a\tb\nc 🚒 ü');
  });

  it('replaces lone surrogates, which UTF-8 cannot encode', () => {
    const text = storableText('a\uD800b\uDC00c', 100);
    expect(text).toBe('a\uFFFDb\uFFFDc');
  });

  it('keeps a payload that is not UTF-8 as base64 instead of mangling it', () => {
    const dl = deadLetter('t', 'r', new Uint8Array([0xff, 0xfe, 0x41]));
    expect(dl.payload).toBe('(not valid UTF-8; base64) //5B');
    expect(dl.payloadBytes).toBe(3);
  });

  it('bounds the topic and the reason', () => {
    const dl = deadLetter('t'.repeat(1000), 'r'.repeat(9000), enc('x'));
    expect(dl.topic).toBe(`${'t'.repeat(511)}…`);
    expect(dl.reason).toBe(`${'r'.repeat(7999)}…`);
    expect(storableText('\u0000'.repeat(10), 12)).toBe('\\u0000\\u000…');
    expect(storableText('abc', 3)).toBe('abc');
  });

  it('reads only the view, not the whole underlying buffer', () => {
    const whole = enc('HEADER{"a":1}TRAILER');
    const dl = deadLetter('t', 'r', whole.subarray(6, 13));
    expect(dl.payload).toBe('{"a":1}');
    expect(dl.payloadBytes).toBe(7);
  });

  it('has a last-resort ASCII form', () => {
    const dl = asciiDeadLetter({ topic: 'é\u0000', reason: 'ü', payload: '🚒', payloadBytes: 4 });
    for (const text of [dl.topic, dl.reason, dl.payload]) expect(text).toMatch(/^[\x20-\x7E]*$/);
    expect(dl.payloadBytes).toBe(4);
  });
});
