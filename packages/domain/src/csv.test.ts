import { describe, expect, it } from 'vitest';
import { csvLine, csvNumber, csvText, csvTime } from './csv.js';

describe('csv cells', () => {
  it('escapes text that a spreadsheet would run as a formula', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('-2')).toBe("'-2");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('\tx')).toBe("'\tx");
    expect(csvText('Structure Fire')).toBe('Structure Fire');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText(null)).toBe('');
  });

  it('writes numbers and times as they are (a negative longitude is not a formula)', () => {
    expect(csvNumber(-122.4194)).toBe('-122.4194');
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(Number.NaN)).toBe('');
    expect(csvTime(Date.UTC(2020, 3, 7, 12))).toBe('2020-04-07T12:00:00.000Z');
    expect(csvLine(['a', '1'])).toBe('a,1\r\n');
  });
});
