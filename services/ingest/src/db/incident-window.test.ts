import { describe, expect, it } from 'vitest';
import { openDuringConditions } from './incident-window.js';

describe('openDuringConditions', () => {
  it('opened by the end and not resolved before the start, with the values as parameters', () => {
    const params: unknown[] = ['x'];
    const sql = openDuringConditions({ from: 0, to: Date.UTC(2019, 2, 2) }, params);
    expect(sql).toEqual([
      'opened_at <= $2::timestamptz',
      "coalesce(resolved_at, 'infinity'::timestamptz) >= $3::timestamptz",
    ]);
    expect(params).toEqual(['x', '2019-03-02T00:00:00.000Z', '1970-01-01T00:00:00.000Z']);
  });

  it('adds nothing for an absent end and prefixes the columns of a join', () => {
    expect(openDuringConditions({}, [])).toEqual([]);
    expect(openDuringConditions({ from: 5 }, [], 'i.')).toEqual([
      "coalesce(i.resolved_at, 'infinity'::timestamptz) >= $1::timestamptz",
    ]);
  });
});
