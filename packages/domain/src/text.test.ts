import { describe, expect, it } from 'vitest';
import {
  codePointLabel,
  describeType,
  describeValue,
  escapeForDisplay,
  firstControlCharacter,
  firstUnpairedSurrogate,
  formatLimit,
  quote,
} from './text.js';

describe('quote', () => {
  it('quotes and escapes quotes, backslashes and control characters', () => {
    expect(quote('plain')).toBe('"plain"');
    expect(quote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quote('a\nb\r\tc\u0000d\u0007\u007f\u0085')).toBe('"a\\nb\\r\\tc\\u0000d\\u0007\\u007f\\u0085"');
  });

  it('escapes invisible text-direction and line-separator characters', () => {
    expect(quote('a\u202eb\u2066c\u2028')).toBe('"a\\u202eb\\u2066c\\u2028"');
  });

  it('truncates to 40 characters without splitting an emoji', () => {
    expect(quote('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
    expect(quote('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
    expect(quote(`${'x'.repeat(39)}🚒🚒`)).toBe(`"${'x'.repeat(39)}🚒…"`);
  });

  it('escapes unpaired surrogates', () => {
    expect(quote('a\ud800b')).toBe('"a\\ud800b"');
  });

  it('cuts a huge string without walking all of it', () => {
    // NOTE: work proportional to the whole input would show as a timeout; no wall-clock bound here (shared,
    // noisy machines failed a 100 ms one with nothing wrong).
    expect(quote('y'.repeat(10_000_000))).toHaveLength(43);
  });
});

describe('escapeForDisplay', () => {
  it('leaves quotes alone but escapes control characters', () => {
    expect(escapeForDisplay('Unexpected token "\n"', 100)).toBe('Unexpected token "\\n"');
  });
});

describe('value descriptions', () => {
  it('names JSON types', () => {
    expect([null, undefined, [], {}, true, 1, 's'].map(describeType)).toEqual([
      'null',
      'nothing',
      'an array',
      'an object',
      'a boolean',
      'a number',
      'a string',
    ]);
  });

  it('shows scalars as themselves and containers by kind', () => {
    expect([1e308, Number.POSITIVE_INFINITY, true, 'x', [1], { a: 1 }, null].map(describeValue)).toEqual([
      '1e+308',
      'Infinity',
      'true',
      '"x"',
      'an array',
      'an object',
      'null',
    ]);
  });

  it('formats limits that are powers of ten compactly', () => {
    expect(formatLimit(1e15)).toBe('1e15');
    expect(formatLimit(-1e15)).toBe('-1e15');
    expect(formatLimit(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(formatLimit(90)).toBe('90');
    expect(formatLimit(86_400)).toBe('86400');
  });
});

describe('character checks', () => {
  it('labels code points the Unicode way', () => {
    expect(codePointLabel(7)).toBe('U+0007');
    expect(codePointLabel(0x9f)).toBe('U+009F');
  });

  it('finds the first control character, honouring what a field allows', () => {
    expect(firstControlCharacter('fine text ✓')).toBeNull();
    expect(firstControlCharacter('a\tb\u0007')).toBe('U+0009');
    expect(firstControlCharacter('a\tb\u0007', (ch) => ch === '\t')).toBe('U+0007');
    expect(firstControlCharacter('c1 \u0085')).toBe('U+0085');
  });

  it('finds unpaired surrogates and accepts pairs', () => {
    expect(firstUnpairedSurrogate('🚒 ok')).toBe(-1);
    expect(firstUnpairedSurrogate('a\ud800')).toBe(1);
    expect(firstUnpairedSurrogate('ab\udc00c')).toBe(2);
    expect(firstUnpairedSurrogate('\ud83d\ud83d\ude92')).toBe(0);
  });
});
