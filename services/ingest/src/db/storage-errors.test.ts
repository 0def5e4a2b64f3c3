import { describe, expect, it } from 'vitest';
import { classifyStorageError, describeStorageError } from './storage-errors.js';

const err = (props: { code?: unknown; message?: string }) =>
  Object.assign(new Error(props.message ?? 'boom'), props);

describe('classifyStorageError', () => {
  it.each([
    ['22003', 'numeric value out of range'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax'],
    ['23505', 'duplicate key'],
    ['23514', 'check constraint'],
    ['54000', 'index row size exceeds maximum'],
  ])('blames the record for SQLSTATE %s (%s)', (code, message) => {
    expect(classifyStorageError(err({ code, message }))).toBe('data');
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'terminating connection due to administrator command'],
    ['53100', 'could not extend file: No space left on device'],
    ['25006', 'cannot execute INSERT in a read-only transaction'],
    ['42501', 'permission denied for table readings'],
    ['42883', 'function does not exist'],
    ['42P01', 'relation "readings" does not exist'],
    [
      '0A000',
      'function "continuous_agg_invalidation_trigger" is not supported under the current "timescale" license',
    ],
    ['40001', 'could not serialize access'],
    ['XX000', 'internal error'],
    ['P0001', 'raised by a trigger'],
  ])('treats SQLSTATE %s (%s) as an outage: it refuses every record alike', (code, message) => {
    expect(classifyStorageError(err({ code, message }))).toBe('outage');
  });

  it('treats errors without a SQLSTATE (network, pool, timeouts) as outages', () => {
    for (const e of [
      err({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }),
      err({ code: 'ETIMEDOUT' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      err({ code: 8006 }),
      undefined,
      null,
      'a string',
    ])
      expect(classifyStorageError(e)).toBe('outage');
  });
});

describe('describeStorageError', () => {
  it('says what failed in words, with the code', () => {
    expect(
      describeStorageError(err({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' })),
    ).toBe('database unreachable: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)');
    expect(describeStorageError(err({ code: '57P01', message: 'terminating connection' }))).toBe(
      'database connection lost: terminating connection (57P01)',
    );
    expect(describeStorageError(err({ code: '42501', message: 'permission denied' }))).toBe(
      'database refuses writes: permission denied (42501)',
    );
    expect(describeStorageError(undefined)).toBe('database unreachable: undefined');
  });
});
