import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const enc = (text: string) => new TextEncoder().encode(text);

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, including 2-, 3- and 4-byte characters', () => {
    expect(decodeUtf8(enc('aé€🚒'))).toEqual({ ok: true, text: 'aé€🚒' });
    expect(decodeUtf8(new Uint8Array())).toEqual({ ok: true, text: '' });
  });

  it('refuses invalid bytes instead of replacing them with U+FFFD', () => {
    expect(decodeUtf8(bytes(0x61, 0x62, 0xff))).toEqual({ ok: false, offset: 2 });
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('returns -1 for valid text, including the largest code point', () => {
    expect(firstInvalidUtf8Offset(enc('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8Offset(enc('Straße 火事 🚒 \u{10ffff}'))).toBe(-1);
  });

  it.each([
    ['a stray continuation byte', [0x61, 0x80], 1],
    ['a byte that never appears (0xFF)', [0x61, 0x62, 0xff], 2],
    ['Latin-1 é followed by ASCII', [0x43, 0x61, 0x66, 0xe9, 0x21], 3],
    ['an overlong 2-byte form (0xC0 0xAF)', [0x61, 0xc0, 0xaf], 1],
    ['an overlong 3-byte form (0xE0 0x80 0xAF)', [0xe0, 0x80, 0xaf], 0],
    ['an encoded surrogate (0xED 0xA0 0x80)', [0x61, 0xed, 0xa0, 0x80], 1],
    ['above U+10FFFF (0xF4 0x90 …)', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a 5-byte lead (0xF8)', [0xf8, 0x88, 0x80, 0x80, 0x80], 0],
    ['a sequence cut short at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a sequence cut short by ASCII', [0xf0, 0x9f, 0x9a, 0x41], 0],
  ])('finds %s', (_label, input, offset) => {
    const payload = bytes(...input);
    expect(firstInvalidUtf8Offset(payload)).toBe(offset);
    // The strict decoder agrees that these bytes are invalid.
    expect(decodeUtf8(payload)).toEqual({ ok: false, offset });
  });
});
