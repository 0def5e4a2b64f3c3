import { describe, expect, it } from 'vitest';
import { containsPattern } from '../db/dead-letters.js';
import { encodeCursor, parseCursor } from './cursor.js';

describe('dead-letter cursor', () => {
  it('round-trips the exact key, microseconds included', () => {
    const key = { receivedUs: '1551571199123456', id: '9007199254740993' };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseCursor('cursor', cursor)).toEqual(key);
    expect(parseCursor('cursor', encodeCursor({ receivedUs: '0', id: '1' }))).toEqual({
      receivedUs: '0',
      id: '1',
    });
  });

  it('treats an absent or empty cursor as the first page', () => {
    expect(parseCursor('cursor', undefined)).toBeUndefined();
    expect(parseCursor('cursor', '')).toBeUndefined();
  });

  it('refuses anything it did not give out with a 400 naming the parameter', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const raw of [
      'abc',
      '!!!!',
      'a'.repeat(65),
      b64('1.2.3'),
      b64('-1.5'),
      b64('1.0'),
      b64('01.5'),
      b64('1551571199123456'),
      b64('1.1; drop table dead_letters'),
      b64(`1.${'9'.repeat(19)}`),
    ]) {
      expect(() => parseCursor('cursor', raw), raw).toThrow(/^cursor is not a cursor this API gave out/);
    }
    try {
      parseCursor('cursor', 'abc');
    } catch (err) {
      expect((err as { statusCode: number }).statusCode).toBe(400);
    }
  });
});

describe('containsPattern', () => {
  it('matches the text anywhere, its LIKE wildcards only as themselves', () => {
    expect(containsPattern('category')).toBe('%category%');
    expect(containsPattern('50%_off\\x')).toBe('%50\\%\\_off\\\\x%');
  });
});
