import { describe, expect, it } from 'vitest';
import { compareText } from './text-order.js';

describe('compareText', () => {
  it('orders by code unit, as collate "C": upper case before lower case, digits before letters', () => {
    expect(['b', 'B', 'a', '10', '9', 'a-1', 'a.1'].sort(compareText)).toEqual([
      '10',
      '9',
      'B',
      'a',
      'a-1',
      'a.1',
      'b',
    ]);
    expect(compareText('x', 'x')).toBe(0);
  });
});
