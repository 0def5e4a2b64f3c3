import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_WINDOW_MS, readRequestQuery } from './request-query.js';

const now = Date.parse('2026-03-01T12:00:00Z');

describe('readRequestQuery', () => {
  it('defaults to the last 90 days, every service and status', () => {
    expect(readRequestQuery({}, now)).toEqual({
      ok: true,
      query: {
        kind: 'search',
        serviceCodes: null,
        from: now - DEFAULT_REQUEST_WINDOW_MS,
        to: now,
        statuses: null,
      },
    });
  });

  it('reads comma lists, dates with a zone and statuses', () => {
    const read = readRequestQuery(
      {
        service_code: 'pothole,graffiti',
        start_date: '2026-02-01T00:00:00-08:00',
        end_date: '2026-02-02T00:00:00Z',
        status: 'open',
      },
      now,
    );
    expect(read).toEqual({
      ok: true,
      query: {
        kind: 'search',
        serviceCodes: ['pothole', 'graffiti'],
        from: Date.parse('2026-02-01T08:00:00Z'),
        to: Date.parse('2026-02-02T00:00:00Z'),
        statuses: ['open'],
      },
    });
  });

  it('takes the ids alone when service_request_id is given, as the spec says', () => {
    expect(readRequestQuery({ service_request_id: '12, 13', status: 'nonsense' }, now)).toEqual({
      ok: true,
      query: { kind: 'ids', ids: ['12', '13'] },
    });
  });

  it('lists every bad parameter', () => {
    const read = readRequestQuery(
      { start_date: 'yesterday', end_date: '2026-02-01T10:00', status: 'open,pending' },
      now,
    );
    expect(read.ok ? [] : read.problems).toEqual([
      expect.stringContaining('start_date: must be a date and time with its zone'),
      expect.stringContaining('end_date: must be a date and time with its zone'),
      'status: must be open, closed or both as "open,closed" (got "pending")',
    ]);
  });
});
