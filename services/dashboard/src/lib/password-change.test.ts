import { MIN_PASSWORD_CHARS } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import {
  passwordChangedText,
  passwordChangeErrorText,
  passwordChangeFormProblem,
} from './password-change.js';

describe('passwordChangeFormProblem', () => {
  const good = { current: 'my old password', next: 'my new password!', again: 'my new password!' };

  it('accepts a filled form whose new password follows the rule and is typed twice alike', () => {
    expect(passwordChangeFormProblem(good)).toBeNull();
  });

  it('says what to fix, with the labels of the form', () => {
    expect(passwordChangeFormProblem({ ...good, current: '' })).toBe('Current password: enter it.');
    const short = 'x'.repeat(MIN_PASSWORD_CHARS - 1);
    expect(passwordChangeFormProblem({ ...good, next: short, again: short })).toBe(
      `New password: at least ${MIN_PASSWORD_CHARS} characters.`,
    );
    expect(passwordChangeFormProblem({ ...good, next: good.current, again: good.current })).toBe(
      'New password: the same as the current one; choose another.',
    );
    expect(passwordChangeFormProblem({ ...good, again: 'my new passwor' })).toBe(
      'Repeat the new password: the two entries differ.',
    );
  });
});

describe('passwordChangeErrorText', () => {
  it('turns the server’s refusals into words for the person', () => {
    expect(
      passwordChangeErrorText(new ApiError(400, 'Bad Request', 'currentPassword: not your current password')),
    ).toBe('The current password is not right. Check it and try again.');
    expect(
      passwordChangeErrorText(new ApiError(400, 'Bad Request', 'newPassword: at least 12 characters')),
    ).toBe('New password: at least 12 characters.');
    expect(
      passwordChangeErrorText(
        new ApiError(
          429,
          'Too Many Requests',
          'too many wrong passwords for this name from your address: try again in 15 minutes',
        ),
      ),
    ).toBe('Too many wrong passwords for this name from your address: try again in 15 minutes.');
    expect(passwordChangeErrorText(new ApiError(401, 'Unauthorized', 'x'))).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(passwordChangeErrorText(new ApiError(0, 'unreachable', 'x'))).toMatch(/Cannot reach the server/);
  });
});

describe('passwordChangedText', () => {
  it('says how many other sessions were signed out', () => {
    expect(passwordChangedText(0)).toBe('Your password is changed.');
    expect(passwordChangedText(1)).toMatch(/^Your password is changed\. 1 other session of yours/);
    expect(passwordChangedText(3)).toMatch(/3 other sessions of yours/);
  });
});
