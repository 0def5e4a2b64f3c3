import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { plainApiError, signInErrorText } from './api-errors.js';

describe('plainApiError', () => {
  it("keeps the server's words where they say what to change", () => {
    expect(plainApiError(new ApiError(409, 'last_admin', 'cannot remove the last admin'))).toBe(
      'cannot remove the last admin',
    );
    expect(plainApiError(new ApiError(400, 'bad_request', 'username: already taken'))).toBe(
      'username: already taken',
    );
  });

  it('translates statuses', () => {
    expect(plainApiError(new ApiError(0, 'unreachable', 'Cannot reach the server'))).toMatch(
      /Cannot reach the server/,
    );
    expect(plainApiError(new ApiError(401, 'unauthorized', 'x'))).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(plainApiError(new ApiError(403, 'forbidden', 'admins only'))).toBe(
      'Your role may not do this — admins only.',
    );
    expect(plainApiError(new ApiError(403, 'http_403', '403 Forbidden'))).toBe('Your role may not do this.');
    expect(plainApiError(new ApiError(500, 'internal', '500 Internal Server Error'))).toBe(
      'The server failed. Try again.',
    );
  });
});

describe('signInErrorText', () => {
  it('does not say which of name or password was wrong', () => {
    const text = signInErrorText(new ApiError(401, 'unauthorized', 'no such user'));
    expect(text).toBe('The user name or password is not right. Check both and try again.');
    expect(text).not.toContain('no such user');
  });

  it('says when the account may not sign in, and when the server is away', () => {
    expect(signInErrorText(new ApiError(403, 'disabled', 'account disabled'))).toBe(
      'This account may not sign in — account disabled. Ask an administrator.',
    );
    expect(signInErrorText(new ApiError(0, 'unreachable', 'x'))).toMatch(/Cannot reach the server/);
  });
});
