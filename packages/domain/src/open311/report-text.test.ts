import { describe, expect, it } from 'vitest';
import { MAX_TITLE_CHARS, plainText, reportTitle } from './report-text.js';

describe('report text', () => {
  it('titles a report from the service and the start of the description, on one line', () => {
    expect(reportTitle('Pothole', 'Deep hole\nin the\tright lane')).toBe(
      'Pothole: Deep hole in the right lane',
    );
    expect(reportTitle('Pothole', null)).toBe('Pothole');
    const long = reportTitle('Pothole', 'x'.repeat(500));
    expect([...long]).toHaveLength(MAX_TITLE_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('removes control characters and lone surrogates, keeps line breaks in multi-line text', () => {
    expect(plainText('a\u0000b\u001bc\ud800d')).toBe('a b cd');
    expect(plainText(' one\r\ntwo\u0085 ', true)).toBe('one\ntwo');
  });
});
