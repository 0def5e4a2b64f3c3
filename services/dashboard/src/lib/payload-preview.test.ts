import { describe, expect, it } from 'vitest';
import { payloadPreview } from './payload-preview.js';

describe('payloadPreview', () => {
  it('shows a short payload whole', () => {
    expect(payloadPreview('{"broken": 1', 12)).toEqual({ text: '{"broken": 1', cut: null });
  });

  it('cuts a long one and says how much of how many bytes it shows', () => {
    const p = payloadPreview('x'.repeat(1000), 1000, 10);
    expect(p).toEqual({ text: 'xxxxxxxxxx', cut: 'first 10 characters of 1,000 bytes' });
  });

  it('says so when the server kept only the start of the payload', () => {
    expect(payloadPreview('abc', 5120)).toEqual({ text: 'abc', cut: 'first 3 characters of 5,120 bytes' });
  });

  it('never cuts a character in half', () => {
    expect(payloadPreview('😀😀😀', 12, 2).text).toBe('😀😀');
  });

  it('spells out characters that would reorder or hide text; markup stays text for React to escape', () => {
    expect(payloadPreview('a\u202Eb\u200Bc', 7).text).toBe('a\\u202eb\\u200bc');
    expect(payloadPreview('<script>alert(1)</script>', 25).text).toBe('<script>alert(1)</script>');
  });
});
