/** The session cookie: one name, one set of flags, wherever it is set or cleared. */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { SessionCookieSecure } from '../config.js';

export const SESSION_COOKIE = 'twin_session';

export function sessionCookieOptions(
  req: FastifyRequest,
  secure: SessionCookieSecure,
  maxAgeMs: number | null,
): CookieSerializeOptions {
  return {
    httpOnly: true,
    // NOTE: Strict: the browser never sends it with a request another site starts, which is what keeps a
    // form or script elsewhere from acting with a signed-in user's rights (no CSRF token needed).
    sameSite: 'strict',
    path: '/',
    secure: secure === 'always' || (secure === 'auto' && req.protocol === 'https'),
    ...(maxAgeMs === null ? {} : { maxAge: Math.floor(maxAgeMs / 1000) }),
  };
}
