/**
 * A failed request in plain words for the person at the screen. The server's own message is kept where it
 * says what to change (a taken user name, the last admin); status codes alone are translated.
 */
import { ApiError } from '../api/http.js';

export function plainApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.unreachable) return 'Cannot reach the server. Check the connection and try again.';
  switch (error.status) {
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return `Your role may not do this${reason(error)}.`;
    case 404:
      return `Not found: it may have been deleted already${reason(error)}.`;
    case 429:
      return 'Too many attempts. Wait a minute and try again.';
    default:
      if (error.status >= 500) return `The server failed${reason(error)}. Try again.`;
      // 400, 409, 422: the server's message says what is wrong (`field: plain words`, "last admin").
      return error.message;
  }
}

/** The server's message after a dash, unless it is only the HTTP status line again. */
function reason(error: ApiError): string {
  const generic = /^\d{3}\b/.test(error.message) || error.message === '';
  return generic ? '' : ` — ${error.message}`;
}

/** Why signing in failed. A 401 never says whether the name or the password was wrong (the server doesn't). */
export function signInErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'The user name or password is not right. Check both and try again.';
  }
  if (error instanceof ApiError && error.status === 403) {
    return `This account may not sign in${reason(error)}. Ask an administrator.`;
  }
  return plainApiError(error);
}
