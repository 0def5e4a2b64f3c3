import { describe, expect, it } from 'vitest';
import { isTransientDbError } from './batch-writer.js';

const err = (props: { code?: string; message?: string }) =>
  Object.assign(new Error(props.message ?? ''), props);

describe('isTransientDbError', () => {
  it.each([
    '08000', // connection_exception
    '08006', // connection_failure
    '08003', // connection_does_not_exist
    '57P01', // admin_shutdown
    '57P03', // cannot_connect_now
    '53300', // too_many_connections
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ENOTFOUND',
  ])('treats code %s as transient', (code) => {
    expect(isTransientDbError(err({ code }))).toBe(true);
  });

  it.each([
    '23505', // unique_violation
    '22P02', // invalid_text_representation
    '22021', // character_not_in_repertoire (NUL in text)
    '23502', // not_null_violation
    '42P01', // undefined_table
    '57014', // query_canceled: not a 57P code
    '53100', // disk_full
    'EACCES',
  ])('treats code %s as a data/permanent error', (code) => {
    expect(isTransientDbError(err({ code, message: 'boom' }))).toBe(false);
  });

  it.each([
    'Connection terminated unexpectedly',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'connection TERMINATED due to connection timeout',
  ])('treats the message %j as transient', (message) => {
    expect(isTransientDbError(new Error(message))).toBe(true);
  });

  it('treats other errors as not transient', () => {
    expect(isTransientDbError(new Error('invalid byte sequence for encoding "UTF8": 0x00'))).toBe(false);
    expect(isTransientDbError(new Error(''))).toBe(false);
    expect(isTransientDbError({})).toBe(false);
    expect(isTransientDbError('a string')).toBe(false);
    expect(isTransientDbError({ code: 8006 })).toBe(false);
  });

  // BUG: the parameter is `unknown`, but `(err as {...}).code` throws a TypeError for `null`/`undefined`
  // (`throw undefined` / a rejected promise with no reason), so the classifier itself crashes instead of answering.
  it('does not throw for null or undefined', () => {
    expect(isTransientDbError(undefined)).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
